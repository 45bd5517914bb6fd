import { Hono, type Context } from "hono";
import { OrgInfoPage } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

/** The organization's fixed ID, derived from when it was made. */
export const orgIdOf = (createdAt: number): string => `ORG-${createdAt.toString(36).toUpperCase()}`;

/**
 * Organization info (조직 정보, O3) under /admin/org/info: name and domain, the fixed ID, the URL
 * derived from the domain, and the API key masked with "regenerate" (the new key is shown once; the
 * old one stops at once).
 */
export function orgInfoRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const urlOf = (domain: string) => {
    const port = deps.config.httpsPort;
    return `https://${domain}${port === 443 || port <= 0 ? "" : `:${port}`}/admin/`;
  };
  type More = {
    errors?: Record<string, string>; saved?: boolean; newKey?: string; newNamedKey?: { name: string; key: string };
    keyValues?: { name: string; serviceId: string }; keyErrors?: Record<string, string>;
  };
  const render = (c: Context<OrgEnv>, values: { name: string; domain: string }, more: More = {}) => {
    const org = deps.admin.organization.get();
    const services = deps.repos.services.list().map((s) => ({ serviceId: s.serviceId, name: s.name }));
    return page(
      c,
      <OrgInfoPage frame={orgFrame(c)} values={values} orgId={orgIdOf(org.createdAt)} url={urlOf(org.domain)} keys={deps.admin.apiKeys.list()} services={services} {...more} />,
      more.errors || more.keyErrors ? 422 : 200,
    );
  };
  const current = () => {
    const org = deps.admin.organization.get();
    return { name: org.name, domain: org.domain };
  };

  app.get("/", (c) => {
    const org = deps.admin.organization.get();
    return render(c, { name: org.name, domain: org.domain }, { saved: c.req.query("saved") === "1" });
  });
  app.post("/", async (c) => {
    const { fields } = await readForm(c);
    const values = { name: one(fields.name), domain: one(fields.domain) };
    const done = await attempt(() => deps.admin.organization.update(orgActor(c, deps), values));
    if (!done.ok) return render(c, values, { errors: done.errors });
    return c.redirect("/admin/org/info?saved=1", 303);
  });
  app.post("/api-key", (c) => {
    const key = deps.admin.organization.regenerateKey(orgActor(c, deps));
    return render(c, current(), { newKey: key });
  });
  // Named keys for integrations (X3), optionally limited to one service (X4).
  app.post("/keys", async (c) => {
    const { fields } = await readForm(c);
    const keyValues = { name: one(fields.name), serviceId: one(fields.serviceId) };
    const done = await attempt(() => deps.admin.apiKeys.add(orgActor(c, deps), keyValues));
    if (!done.ok) return render(c, current(), { keyValues, keyErrors: done.errors });
    return render(c, current(), { newNamedKey: { name: keyValues.name.trim(), key: done.value } });
  });
  app.post("/keys/:name/revoke", async (c) => {
    const done = await attempt(() => deps.admin.apiKeys.revoke(orgActor(c, deps), c.req.param("name")));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect("/admin/org/info?saved=1", 303);
  });
  return app;
}
