import { Hono, type Context } from "hono";
import { TicketsPage } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import type { Member, Service } from "../../store/index.ts";
import { featuresOf } from "./feature-gate.ts";
import { chosenService, memberServices, notTheirService, todayIn } from "./member-services.ts";
import { memberOf, orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

/**
 * Tickets (이슈 관리, O9) under /admin/org/tickets?serviceId=…: any member of the service (an org
 * admin only with a role in it) opens a ticket by hand or from one of today's calls with notes, and
 * changes state and assignee; another service's tickets answer 404, a service whose contract has
 * no tickets is not offered (O1). Through `deps.admin.tickets`.
 */
export function ticketsRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const now = () => (deps.now ?? Date.now)();
  const hasTickets = (s: Service) => featuresOf(deps, s.serviceId).includes("tickets");
  /** The member's service of `?serviceId=` (or their first with tickets), or the answer that refuses it. */
  const pick = (c: Context<OrgEnv>, m: Member, wanted: string | undefined): { svc?: Service; refused?: Response } => {
    const svc = wanted ? chosenService(deps, m, wanted) : memberServices(deps, m).find(hasTickets);
    if (!svc) return wanted ? { refused: notTheirService(c, deps, m, wanted) } : {};
    if (!hasTickets(svc)) return { refused: c.text("Not found: this service's contract has no tickets", 404) };
    return { svc };
  };
  const render = (c: Context<OrgEnv>, errors?: Record<string, string>, saved = false) => {
    const m = memberOf(c);
    const { svc, refused } = pick(c, m, c.req.query("serviceId"));
    if (refused) return refused;
    const services = memberServices(deps, m).filter(hasTickets).map((s) => ({ serviceId: s.serviceId, name: s.name }));
    const rows = svc ? deps.repos.tickets.list(svc.serviceId) : [];
    const ticketed = new Set(rows.map((t) => t.callId).filter(Boolean));
    const calls = svc
      ? deps.repos.calls.list(svc.serviceId, todayIn(svc.timezone, now()).from, now() + 1)
          .filter((x) => x.notes && !ticketed.has(x.callId))
          .map((x) => ({ callId: x.callId, from: x.from, notes: x.notes ?? "", startedAt: x.startedAt }))
      : [];
    const assignees = svc ? deps.repos.members.list().filter((x) => x.active && x.ticketAssign && x.roles.some((r) => r.serviceId === svc.serviceId)).map((x) => x.loginId) : [];
    return page(
      c,
      <TicketsPage frame={orgFrame(c)} services={services} serviceId={svc?.serviceId} timeZone={svc?.timezone ?? "Asia/Seoul"} rows={rows} calls={calls} assignees={assignees} errors={errors} saved={saved} />,
      errors ? 422 : 200,
    );
  };
  const serviceOf = (c: Context<OrgEnv>) => pick(c, memberOf(c), c.req.query("serviceId") ?? "");

  app.get("/", (c) => render(c, undefined, c.req.query("saved") === "1"));
  app.post("/", async (c) => {
    const { svc, refused } = serviceOf(c);
    if (!svc) return refused ?? c.text("Not found", 404);
    const { fields } = await readForm(c);
    const done = await attempt(() => deps.admin.tickets.open(orgActor(c, deps), svc.serviceId, { title: one(fields.title), notes: one(fields.notes), callId: one(fields.callId) }));
    if (!done.ok) return render(c, done.errors);
    return c.redirect(`/admin/org/tickets?serviceId=${svc.serviceId}&saved=1`, 303);
  });
  app.post("/:id", async (c) => {
    const { svc, refused } = serviceOf(c);
    if (!svc) return refused ?? c.text("Not found", 404);
    const { fields } = await readForm(c);
    const done = await attempt(() =>
      deps.admin.tickets.change(orgActor(c, deps), svc.serviceId, Number(c.req.param("id")), { state: one(fields.state) as "resolved", assignee: one(fields.assignee) }),
    );
    if (!done.ok) return done.status === 404 ? c.text("Not found", 404) : render(c, done.errors);
    return c.redirect(`/admin/org/tickets?serviceId=${svc.serviceId}&saved=1`, 303);
  });
  return app;
}
