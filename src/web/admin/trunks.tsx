import { Hono, type Context } from "hono";
import { TrunkEditPage, TrunkList, TrunksPage, type OutboundRulesView, type TrunkFormValues, type TrunkRow, type TrunksProps } from "../../../views/index.ts";
import type { Member, Trunk } from "../../store/index.ts";
import type { TrunkStatusView, WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { servicesOf } from "./service-scope.ts";
import { requireAdmin } from "./session.ts";
import { readOutboundRulesForm, readTrunkForm, trunkValues } from "./trunk-form.ts";

const seconds = (at: number | undefined, now: number) => (at && at > now ? Math.ceil((at - now) / 1000) : undefined);

/** A trunk with its live state for the list (T7): registration, the carrier's answer, retry, OPTIONS probe. */
export function trunkRow(t: Trunk, status: TrunkStatusView | undefined, names: Map<string, string>, now: number): TrunkRow {
  return {
    trunkId: t.trunkId,
    name: t.name,
    mode: t.mode,
    host: t.host,
    port: t.port,
    transport: t.transport,
    priority: t.priority,
    maxCalls: t.maxCalls,
    outboundProxy: t.outboundProxy,
    capHourMinutes: t.capHourMinutes,
    capDayMinutes: t.capDayMinutes,
    numbers: t.numbers.map((n) => ({ ...n, serviceName: names.get(n.serviceId) ?? n.serviceId })),
    state: status?.state ?? (t.mode === "peer" ? "peer" : "unknown"),
    lastAnswer: status?.lastAnswer,
    retryInSeconds: status?.state === "failed" ? seconds(status.retryAt, now) : undefined,
    expiresInSeconds: seconds(status?.expiresAt, now),
    probe: status?.probe && { state: status.probe.state, rttMs: status.probe.rttMs, lastAnswer: status.probe.lastAnswer },
  };
}

/** An empty add form; opened from a service (`?service=`), its number comes filled in. */
function blankForm(deps: WebDeps, serviceId: string | undefined): TrunkFormValues {
  const svc = serviceId ? deps.repos.services.get(serviceId) : undefined;
  return {
    name: "", mode: "peer", host: "", port: "5060", transport: "udp", username: "", anyPort: false, addresses: "",
    fromUser: "number", assertIdentity: true, priority: "0", maxCalls: "0", outboundProxy: "", capHourMinutes: "0", capDayMinutes: "0",
    numbers: svc?.number ? [{ number: svc.number, serviceId: svc.serviceId }] : [],
  };
}

/**
 * Carrier trunks in the pages (T7, issue 9), at the organization level under /admin/trunks: org
 * admins add, edit and remove trunks and their numbers through `admin.trunks` (the API's
 * validation and messages); a service admin sees the trunks that bring their services' numbers.
 */
export function trunksRoutes(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use("/trunks", requireAdmin());
  app.use("/trunks/*", requireAdmin());
  app.use("/trunks-live", requireAdmin());
  app.use("/trunk-rules/*", requireAdmin());
  const now = () => (deps.now ?? Date.now)();

  const visible = (m: Member): Trunk[] => {
    const all = deps.repos.trunks.list();
    if (m.orgAdmin) return all;
    const mine = new Set(servicesOf(deps, m).map((s) => s.serviceId));
    return all.filter((t) => t.numbers.some((n) => mine.has(n.serviceId)));
  };
  /** The services whose outbound rules this member sees (all for org admins) and may change (issue 16 point 6). */
  const ruleServices = (m: Member) => (m.orgAdmin ? deps.repos.services.list() : servicesOf(deps, m));
  const rulesView = (serviceId: string, name: string, shown?: Partial<OutboundRulesView>): OutboundRulesView => {
    const r = deps.admin.trunks.rules(serviceId);
    return {
      serviceId, serviceName: name, allowInternational: r.allowInternational, allowPremium: r.allowPremium, allowAfterHours: r.allowAfterHours,
      extensionHourMinutes: String(r.extensionHourMinutes), extensionDayMinutes: String(r.extensionDayMinutes), ...shown,
    };
  };
  const props = (c: Context<AdminEnv>, form: TrunksProps["form"], done?: TrunksProps["done"], shown?: Partial<OutboundRulesView> & { serviceId: string }): TrunksProps => {
    const auth = c.get("auth")!;
    const services = deps.repos.services.list().map((s) => ({ serviceId: s.serviceId, name: s.name }));
    const names = new Map(services.map((s) => [s.serviceId, s.name]));
    const states = deps.trunkStates?.() ?? [];
    return {
      lang: c.get("lang"),
      t: c.get("t"),
      user: { name: auth.member.name, csrfToken: auth.session.csrfToken },
      canEdit: auth.member.orgAdmin,
      rows: visible(auth.member).map((t) => trunkRow(t, states.find((s) => s.trunkId === t.trunkId), names, now())),
      services,
      form,
      done,
      outboundRules: ruleServices(auth.member).map((s) => ({
        rules: rulesView(s.serviceId, s.name, shown?.serviceId === s.serviceId ? shown : c.req.query("rulesSaved") === s.serviceId ? { saved: true } : undefined),
        editable: true,
      })),
    };
  };
  const page = (c: Context<AdminEnv>, p: TrunksProps, status: 200 | 422 = 200) => {
    c.header("Cache-Control", "no-store");
    return c.html(<TrunksPage {...p} />, status);
  };
  const orgOnly = (c: Context<AdminEnv>) => (c.get("auth")!.member.orgAdmin ? undefined : c.text("Forbidden", 403));

  app.get("/trunks", (c) => {
    const q = c.req.query();
    const saved = q.saved ? deps.repos.trunks.get(q.saved) : undefined;
    const kind = (["created", "updated", "removed"] as const).find((k) => k === q.done);
    const done = kind && { kind, name: saved?.name, numbers: saved?.numbers.map((n) => n.number) };
    return page(c, props(c, { values: blankForm(deps, q.service) }, done));
  });

  // The list's htmx poll (outside /trunks/ so no trunk id can collide with it).
  app.get("/trunks-live", (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(<TrunkList {...props(c, { values: blankForm(deps, undefined) })} />);
  });

  app.post("/trunks", async (c) => {
    const refused = orgOnly(c);
    if (refused) return refused;
    const { values, input } = readTrunkForm(await formFields(c));
    const done = await attempt(() => deps.admin.trunks.create(memberActor(c, deps), input));
    if (!done.ok) return page(c, props(c, { values, errors: done.errors }), 422);
    return c.redirect(`/admin/trunks?done=created&saved=${encodeURIComponent(done.value.trunkId)}`, 303);
  });

  const editPage = (c: Context<AdminEnv>, trunkId: string, form: TrunksProps["form"], status: 200 | 422 = 200) => {
    const p = props(c, form);
    c.header("Cache-Control", "no-store");
    return c.html(<TrunkEditPage lang={p.lang} t={p.t} user={p.user} services={p.services} form={form} trunkId={trunkId} />, status);
  };

  app.get("/trunks/:trunkId", (c) => {
    const refused = orgOnly(c);
    if (refused) return refused;
    const trunk = deps.repos.trunks.get(c.req.param("trunkId"));
    if (!trunk) return c.text("Not found", 404);
    return editPage(c, trunk.trunkId, { values: trunkValues(trunk) });
  });

  app.post("/trunks/:trunkId", async (c) => {
    const refused = orgOnly(c);
    if (refused) return refused;
    const trunk = deps.repos.trunks.get(c.req.param("trunkId"));
    if (!trunk) return c.text("Not found", 404);
    const { values, input } = readTrunkForm(await formFields(c));
    const done = await attempt(() => deps.admin.trunks.update(memberActor(c, deps), trunk.trunkId, input));
    if (!done.ok) return editPage(c, trunk.trunkId, { values: { ...values, trunkId: trunk.trunkId }, errors: done.errors }, 422);
    return c.redirect(`/admin/trunks?done=updated&saved=${encodeURIComponent(trunk.trunkId)}`, 303);
  });

  // A service's outbound rules (issue 16 point 6), through the one door; a refused cap shows its field message.
  app.post("/trunk-rules/:serviceId", async (c) => {
    const serviceId = c.req.param("serviceId");
    if (!ruleServices(c.get("auth")!.member).some((s) => s.serviceId === serviceId)) return c.text("Forbidden", 403);
    const { values, input } = readOutboundRulesForm(await formFields(c));
    const done = await attempt(() => deps.admin.trunks.setRules(memberActor(c, deps), serviceId, input));
    if (!done.ok) return page(c, props(c, { values: blankForm(deps, undefined) }, undefined, { serviceId, ...values, errors: done.errors }), 422);
    return c.redirect(`/admin/trunks?rulesSaved=${encodeURIComponent(serviceId)}#outbound-rules-${encodeURIComponent(serviceId)}`, 303);
  });

  app.post("/trunks/:trunkId/delete", async (c) => {
    const refused = orgOnly(c);
    if (refused) return refused;
    const done = await attempt(() => deps.admin.trunks.remove(memberActor(c, deps), c.req.param("trunkId")));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect("/admin/trunks?done=removed", 303);
  });
  return app;
}
