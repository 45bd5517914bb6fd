import { Hono, type Context } from "hono";
import { CtiPage, orgText, type CtiAgentRow } from "../../../views/index.ts";
import { ctiLog } from "../../cc/index.ts";
import { attempt } from "../admin/door.ts";
import { audit } from "../admin/audit.ts";
import type { WebDeps } from "../deps.ts";
import { attachment, toXlsx, XLSX_TYPE } from "../export/index.ts";
import { todayIn } from "./member-services.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

/**
 * CTI management (CTI 관리, O5) under /admin/org/cti?serviceId=…&q=…: the CTI settings of a service
 * with phone/CTI on, the daily CTI log as Excel when monitoring is on, and the member ↔ CTI ID and
 * number mapping (searchable). Through `deps.admin.cti`.
 */
export function ctiRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const now = () => (deps.now ?? Date.now)();
  const phoneServices = () => deps.repos.services.list().filter((s) => deps.admin.cti.phoneOn(s.serviceId));
  const chosen = (c: Context<OrgEnv>) => {
    const list = phoneServices();
    const wanted = c.req.query("serviceId");
    return list.find((s) => s.serviceId === wanted) ?? (wanted ? undefined : list[0]);
  };
  const render = (c: Context<OrgEnv>, x: { errors?: Record<string, string>; errorMember?: string; saved?: boolean } = {}) => {
    const svc = chosen(c);
    const q = c.req.query("q") ?? "";
    const maps = new Map(deps.repos.cti.mappings().map((m) => [m.memberId, m]));
    const rows: CtiAgentRow[] = deps.repos.members.search(q).map((m) => ({
      loginId: m.loginId, name: m.name, email: m.email, ctiId: maps.get(m.id)?.ctiId, ctiNumber: maps.get(m.id)?.ctiNumber,
      services: m.roles.filter((r) => r.role === "agent").map((r) => r.serviceId),
    }));
    return page(
      c,
      <CtiPage
        frame={orgFrame(c)} services={phoneServices().map((s) => ({ serviceId: s.serviceId, name: s.name }))} serviceId={svc?.serviceId}
        settings={svc ? deps.repos.cti.get(svc.serviceId) : undefined} today={svc ? todayIn(svc.timezone, now()).day : ""} q={q} rows={rows} {...x}
      />,
      x.errors ? (x.errorMember ? 409 : 422) : 200,
    );
  };
  const back = (c: Context<OrgEnv>) => `/admin/org/cti?serviceId=${c.req.query("serviceId") ?? ""}&saved=1`;

  app.get("/", (c) => render(c, { saved: c.req.query("saved") === "1" }));
  app.post("/settings", async (c) => {
    const svc = chosen(c);
    if (!svc) return c.text("Not found", 404);
    const { fields } = await readForm(c);
    const done = await attempt(() =>
      deps.admin.cti.setSettings(orgActor(c, deps), svc.serviceId, { tenantId: one(fields.tenantId), tenantName: one(fields.tenantName), logMonitoring: one(fields.logMonitoring) === "1" }),
    );
    if (!done.ok) return render(c, { errors: done.errors });
    return c.redirect(back(c), 303);
  });
  app.post("/map/:loginId", async (c) => {
    const { fields } = await readForm(c);
    const loginId = c.req.param("loginId");
    const done = await attempt(() => deps.admin.cti.map(orgActor(c, deps), { loginId, ctiId: one(fields.ctiId), ctiNumber: one(fields.ctiNumber) }));
    if (!done.ok) return render(c, { errors: done.errors, errorMember: loginId });
    return c.redirect(back(c), 303);
  });
  app.post("/unmap/:loginId", async (c) => {
    const done = await attempt(() => deps.admin.cti.unmap(orgActor(c, deps), c.req.param("loginId")));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect(back(c), 303);
  });
  // The daily CTI log (O5) as Excel, only while monitoring is on.
  app.get("/log.xlsx", async (c) => {
    const svc = chosen(c);
    if (!svc) return c.text("Not found", 404);
    if (!deps.repos.cti.get(svc.serviceId).logMonitoring) return c.text("CTI log monitoring is off", 409);
    const day = /^\d{4}-\d{2}-\d{2}$/.test(c.req.query("day") ?? "") ? c.req.query("day")! : todayIn(svc.timezone, now()).day;
    const from = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: svc.timezone }).epochMilliseconds;
    const to = Temporal.PlainDate.from(day).add({ days: 1 }).toZonedDateTime({ timeZone: svc.timezone }).epochMilliseconds;
    const o = orgText(c.get("lang"));
    const local = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(svc.timezone).toPlainDateTime().toString().slice(0, 19);
    const rows = ctiLog(deps.repos, svc.serviceId, from, to).map((l) => [local(l.at), l.kind, l.event, l.callId, l.agent, l.detail]);
    const bytes = await toXlsx({ name: `CTI ${day}`, columns: [o("hooks.at"), "kind", o("hooks.event"), "callId", "agent", "detail"], rows });
    audit(c, "download", `cti/${svc.serviceId}/log-${day}.xlsx`);
    c.header("Content-Type", XLSX_TYPE);
    c.header("Content-Disposition", attachment(`cti-log-${svc.serviceId}-${day}.xlsx`));
    c.header("Cache-Control", "no-store");
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });
  return app;
}
