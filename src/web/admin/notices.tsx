import { Hono, type Context } from "hono";
import { NoticesPage, type NoticesProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, type ServiceEnv } from "./service-scope.ts";

/** Notices to agents (A11): service admins post for their service's agents, org admins also for every service. */
export function noticesRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, extra: Partial<NoticesProps> = {}, status: 200 | 422 = 200) => {
    const svc = c.get("service");
    const local = (ms: number) => {
      const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(svc.timezone);
      return `${z.toPlainDate().toString()} ${String(z.hour).padStart(2, "0")}:${String(z.minute).padStart(2, "0")}`;
    };
    const notices = deps.repos.notices.list(svc.serviceId).map((n) => ({
      id: n.id, title: n.title, body: n.body, author: n.author, createdAt: local(n.createdAt), everyService: n.serviceId === undefined,
    }));
    c.header("Cache-Control", "no-store");
    return c.html(<NoticesPage frame={frameOf(c, deps)} notices={notices} orgAdmin={c.get("auth")!.member.orgAdmin} {...extra} />, status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const f = await formFields(c);
    const values = { title: String(f.title ?? ""), body: String(f.body ?? "") };
    const orgAdmin = c.get("auth")!.member.orgAdmin;
    const done = await attempt(() =>
      deps.admin.console.postNotice(memberActor(c, deps), c.get("service").serviceId, { ...values, everyService: f.everyService === "1" }, orgAdmin),
    );
    if (!done.ok) return render(c, { errors: done.errors, values }, 422);
    return c.redirect(areaUrl(c, "notices", "?done=added"), 303);
  });

  app.post("/:id/delete", async (c) => {
    const done = await attempt(() =>
      deps.admin.console.removeNotice(memberActor(c, deps), c.get("service").serviceId, Number(c.req.param("id")), c.get("auth")!.member.orgAdmin),
    );
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect(areaUrl(c, "notices", "?done=removed"), 303);
  });
  return app;
}
