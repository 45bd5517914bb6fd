import { Hono } from "hono";
import { AgentDayPage } from "../../../views/index.ts";
import { AppError } from "../../lib/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { noContactCenter } from "./ops-common.tsx";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/**
 * An agent's day as a timeline (issue 17): `?agent=<loginId>&date=YYYY-MM-DD` (default today in the
 * service's zone) shows the state bands with their causes; every agent's capacity leak for the day
 * is listed under it. Read only; viewing is audited.
 */
export function agentDayRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/", (c) => {
    const cc = deps.cc;
    if (!cc) return noContactCenter(c, deps, "history/agent-day");
    const svc = c.get("service");
    const agents = deps.repos.agents.list(svc.serviceId).map((a) => ({ loginId: a.loginId, name: a.name }));
    const wanted = c.req.query("agent") || undefined;
    let date = c.req.query("date") || undefined;
    let error: string | undefined;
    let leaks;
    try {
      leaks = cc.agents.leaks(svc.serviceId, date);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
      date = undefined;
      leaks = cc.agents.leaks(svc.serviceId);
    }
    const loginId = wanted && agents.some((a) => a.loginId === wanted) ? wanted : undefined;
    const day = loginId ? cc.agents.day(svc.serviceId, loginId, leaks.date) : undefined;
    if (wanted && !loginId) error = `no agent "${wanted}"`;
    audit(c, "view", `history/agent-day?${new URLSearchParams({ agent: loginId ?? "", date: leaks.date })}`);
    c.header("Cache-Control", "no-store");
    return c.html(
      <AgentDayPage frame={frameOf(c, deps)} timeZone={svc.timezone} date={leaks.date} agents={agents} loginId={loginId} day={day} leaks={leaks.agents} error={error} />,
      error ? 400 : 200,
    );
  });
  return app;
}
