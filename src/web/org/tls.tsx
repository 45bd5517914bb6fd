import { Hono, type Context } from "hono";
import { TlsPage } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";

/** Largest PEM file taken (a certificate chain is a few KB). */
const MAX_PEM = 64 * 1024;

/** An uploaded file (or pasted text) as text; "" when absent. */
async function textOf(v: unknown): Promise<string> {
  if (typeof v === "string") return v;
  if (v instanceof File) return v.size > MAX_PEM ? "x".repeat(MAX_PEM + 1) : await v.text();
  return "";
}

/**
 * The TLS certificate (issue 11) under /admin/org/tls, for organization admins: the one in use, and
 * an upload of a PEM certificate and key through `deps.admin.tls.install` (checked, audited), used by
 * HTTPS, WSS and SIP over TLS after a restart.
 */
export function orgTlsRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, x: { errors?: Record<string, string>; installed?: boolean } = {}) =>
    page(c, <TlsPage frame={orgFrame(c)} current={deps.admin.tls.current()} {...x} />, x.errors ? 422 : 200);
  app.get("/", (c) => render(c, { installed: c.req.query("installed") === "1" }));
  app.post("/", async (c) => {
    const body = await c.req.parseBody();
    const input = { cert: await textOf(body.cert), key: await textOf(body.key) };
    const done = await attempt(() => deps.admin.tls.install(orgActor(c, deps), input));
    if (!done.ok) return render(c, { errors: done.errors });
    return c.redirect("/admin/org/tls?installed=1", 303);
  });
  return app;
}
