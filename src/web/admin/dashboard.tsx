import { Hono } from "hono";
import type { Context } from "hono";
import { DashboardPage, DashboardPanels, ReadinessCard } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";
import { sseResponse } from "./sse.ts";
import { noContactCenter } from "./ops-common.tsx";
import { readiness } from "./readiness.ts";
import { dashboardChecks, dashboardFigureLinks } from "./self-checks-view.ts";
import { waitingWhy } from "../api/routing-explainer.ts";

/** How often the dashboard's figures are pushed (at most 2 s old, D). */
export const DASHBOARD_INTERVAL_MS = 1000;
/** Heartbeat comment interval, well under Bun's 10 s idle limit. */
export const HEARTBEAT_MS = 4000;

/** The integrated dashboard (모니터링, D1–D6) of one service, live through server-sent events. */
export function dashboardRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();
  const queueNames = (serviceId: string) =>
    Object.fromEntries(deps.repos.queues.list(serviceId).map((q) => [q.queueId, q.name]));
  // Issue 17 point 3: why each waiting caller still waits, live (each member of the queue now).
  const why = (cc: NonNullable<WebDeps["cc"]>, svc: ServiceEnv["Variables"]["service"], lang: string) => ({
    whyWaiting: waitingWhy(cc, svc, lang === "ko" ? "ko" : "en", now()),
    callUrl: (callId: string) => `/admin/services/${svc.serviceId}/history/calls/${encodeURIComponent(callId)}`,
  });

  app.get("/", (c) => {
    const cc = deps.cc;
    if (!cc) return noContactCenter(c, deps, "dashboard");
    const svc = c.get("service");
    const f = cc.live(svc.serviceId);
    audit(c, "view", "dashboard");
    c.header("Cache-Control", "no-store");
    return c.html(
      <DashboardPage
        frame={frameOf(c, deps)}
        timeZone={svc.timezone}
        figures={f}
        trend={f.inboundTrend}
        queueNames={queueNames(svc.serviceId)}
        {...why(cc, svc, frameOf(c, deps).lang)}
        eventsUrl={`/admin/services/${svc.serviceId}/dashboard/events`}
        readiness={{ lines: readiness(deps, svc, now()), refreshUrl: `/admin/services/${svc.serviceId}/dashboard/readiness` }}
        recordingsBudget={deps.admin.recordings.budget()}
        {...dashboardChecks(deps, svc, frameOf(c, deps).lang, now())}
        capAlerts={cc.outboundCaps.recent(svc.serviceId)}
      />,
    );
  });

  // Issue 17 points 4, 5: "check now" — the reconcile check of yesterday or a canary call, then back to the dashboard.
  app.post("/self-checks", async (c) => {
    const svc = c.get("service");
    const checks = deps.selfChecks;
    if (!checks) return c.text("Service unavailable", 503);
    const form = await c.req.parseBody();
    const check = String(form.check ?? "");
    if (check === "reconcile") checks.reconciler.run(svc.serviceId);
    else if (check === "canary") await checks.canary.run(svc.serviceId, "request");
    else return c.text("check must be reconcile or canary", 400);
    audit(c, "view", `dashboard/self-checks (${check})`);
    return c.redirect(`/admin/services/${svc.serviceId}/dashboard`, 303);
  });

  // The checklist's htmx poll (issue 9): it turns green line by line while the admin works.
  app.get("/readiness", (c) => {
    const svc = c.get("service");
    c.header("Cache-Control", "no-store");
    return c.html(<ReadinessCard lang={c.get("lang")} lines={readiness(deps, svc, now())} refreshUrl={`/admin/services/${svc.serviceId}/dashboard/readiness`} />);
  });

  // The stream: `panels` (the rendered D1, D3–D6 fragment) and `trend` (D2 as JSON), when changed.
  app.get("/events", (c: Context<ServiceEnv>) => {
    const cc = deps.cc;
    if (!cc) return c.text("Service unavailable", 503);
    const svc = c.get("service");
    const lang = c.get("lang");
    const log = deps.logger.child("web.dashboard");
    return sseResponse({
      intervalMs: DASHBOARD_INTERVAL_MS,
      heartbeatMs: HEARTBEAT_MS,
      signal: c.req.raw.signal,
      onError: (err) => log.warn({ err: String(err), serviceId: svc.serviceId }, "dashboard update failed"),
      tick: async () => {
        const f = cc.live(svc.serviceId);
        const html = await (
          <DashboardPanels lang={lang} timeZone={svc.timezone} figures={f} queueNames={queueNames(svc.serviceId)} {...why(cc, svc, lang)} figureLinks={dashboardFigureLinks(svc, lang, now())} />
        ).toString();
        return [
          { event: "trend", data: JSON.stringify(f.inboundTrend) },
          { event: "panels", data: html },
        ];
      },
    });
  });
  return app;
}
