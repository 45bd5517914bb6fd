import { Hono, type Context } from "hono";
import { MySettingsPage, PerformancePage } from "../../../views/index.ts";
import { myPerformance } from "../../cc/index.ts";
import { chosenService, memberServices, notTheirService, todayIn } from "./member-services.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { memberOf, orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

type Extra = { values?: { nickname: string; uiLang: string; ticketAssign: boolean }; errors?: Record<string, string>; passwordErrors?: Record<string, string>; saved?: boolean; passwordSaved?: boolean };

/**
 * The signed-in member's own pages under /admin/org/me: user settings (O8). Any member reaches
 * them; changes go through `deps.admin.mySettings`.
 */
export function meRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, x: Extra = {}) => {
    const m = memberOf(c);
    const values = x.values ?? { nickname: m.nickname ?? "", uiLang: m.uiLang ?? c.get("lang"), ticketAssign: m.ticketAssign };
    return page(
      c,
      <MySettingsPage frame={orgFrame(c)} account={{ loginId: m.loginId, name: m.name, phone: m.phone, email: m.email }} values={values} {...x} />,
      x.errors || x.passwordErrors ? 422 : 200,
    );
  };
  // My performance (O7): today, live, in the chosen service of the member.
  app.get("/performance", (c) => {
    const m = memberOf(c);
    const svc = chosenService(deps, m, c.req.query("serviceId"));
    if (!svc && c.req.query("serviceId")) return notTheirService(c, deps, m, c.req.query("serviceId")!);
    const now = (deps.now ?? Date.now)();
    const today = svc ? todayIn(svc.timezone, now) : undefined;
    const p = svc && today ? myPerformance(deps.repos, { serviceId: svc.serviceId, loginId: m.loginId, from: today.from, now }) : undefined;
    const services = memberServices(deps, m).map((s) => ({ serviceId: s.serviceId, name: s.name }));
    return page(c, <PerformancePage frame={orgFrame(c)} services={services} serviceId={svc?.serviceId} day={today?.day ?? ""} p={p} />);
  });
  app.get("/settings", (c) => render(c, { saved: c.req.query("saved") === "1", passwordSaved: c.req.query("password") === "1" }));
  app.post("/settings", async (c) => {
    const { fields } = await readForm(c);
    const values = { nickname: one(fields.nickname), uiLang: one(fields.uiLang), ticketAssign: one(fields.ticketAssign) === "1" };
    const done = await attempt(() => deps.admin.mySettings.update(orgActor(c, deps), memberOf(c).id, values as { nickname: string; uiLang: "ko"; ticketAssign: boolean }));
    if (!done.ok) return render(c, { values, errors: done.errors });
    return c.redirect(`/admin/org/me/settings?saved=1&lang=${done.value.uiLang ?? c.get("lang")}`, 303);
  });
  app.post("/password", async (c) => {
    const { fields } = await readForm(c);
    const input = { oldPassword: one(fields.oldPassword), newPassword: one(fields.newPassword), confirm: one(fields.confirm) };
    const done = await attempt(() => deps.admin.mySettings.changePassword(orgActor(c, deps), memberOf(c).id, input));
    if (!done.ok) return render(c, { passwordErrors: done.errors });
    return c.redirect("/admin/org/me/settings?password=1", 303);
  });
  return app;
}
