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
  const render = (c: Context<OrgEnv>, values: { name: string; domain: string }, more: { errors?: Record<string, string>; saved?: boolean; newKey?: string } = {}) => {
    const org = deps.admin.organization.get();
    return page(
      c,
      <OrgInfoPage frame={orgFrame(c)} values={values} orgId={orgIdOf(org.createdAt)} url={urlOf(org.domain)} {...more} />,
      more.errors ? 422 : 200,
    );
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
    const org = deps.admin.organization.get();
    return render(c, { name: org.name, domain: org.domain }, { newKey: key });
  });
  return app;
}
