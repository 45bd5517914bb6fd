import { Hono, type Context } from "hono";
import { WebhooksPage } from "../../../views/index.ts";
import { WEBHOOK_EVENTS } from "../../cc/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { list, one, readForm } from "./org-form.ts";

type Extra = { values?: { url: string; events: string[]; serviceId: string }; errors?: Record<string, string>; created?: { id: string; secret: string }; saved?: boolean };

/**
 * Webhooks (X3) under /admin/org/webhooks: add (the secret is shown once), remove, and the newest
 * deliveries with their state, tries and last answer. Changes go through `deps.admin.webhooks`.
 */
export function orgWebhooksRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, x: Extra = {}) =>
    page(
      c,
      <WebhooksPage
        frame={orgFrame(c)} timeZone={deps.repos.services.list()[0]?.timezone ?? "Asia/Seoul"} events={WEBHOOK_EVENTS}
        services={deps.repos.services.list().map((s) => ({ serviceId: s.serviceId, name: s.name }))}
        hooks={deps.admin.webhooks.list().map(({ secret: _, ...h }) => h)} deliveries={deps.repos.webhooks.deliveries(undefined, 100)}
        values={x.values ?? { url: "", events: [...WEBHOOK_EVENTS], serviceId: "" }} errors={x.errors} created={x.created} saved={x.saved}
      />,
      x.errors ? 422 : 200,
    );
  app.get("/", (c) => render(c, { saved: c.req.query("saved") === "1" }));
  app.post("/", async (c) => {
    const { fields } = await readForm(c);
    const values = { url: one(fields.url), events: list(fields.events), serviceId: one(fields.serviceId) };
    const done = await attempt(() => deps.admin.webhooks.add(orgActor(c, deps), values));
    if (!done.ok) return render(c, { values, errors: done.errors });
    return render(c, { created: { id: done.value.id, secret: done.value.secret } });
  });
  app.post("/:id/remove", async (c) => {
    const done = await attempt(() => deps.admin.webhooks.remove(orgActor(c, deps), c.req.param("id")));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect("/admin/org/webhooks?saved=1", 303);
  });
  return app;
}
