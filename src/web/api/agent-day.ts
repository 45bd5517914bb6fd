import { createRoute, z } from "@hono/zod-openapi";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, ccOf, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { AgentParams, ServiceParams } from "./schemas.ts";

const tags = ["agents"];
const DateQuery = z.object({
  date: z.string().optional().openapi({ description: "The local day, YYYY-MM-DD in the service's time zone; default today" }),
});

const StatusSchema = z
  .object({
    loginId: z.string(),
    state: z.string(),
    reason: z.string().nullable(),
    since: z.string(),
    cause: z.string().nullable().openapi({ description: "Why the agent is in this state: agent, admin: <who>, rule: …, sip: …, media: …, restart …" }),
    until: z.string().nullable().openapi({ description: "When a timed state (wrap-up) ends by itself" }),
    returnTo: z.object({ state: z.string(), reason: z.string().nullable() }).nullable().openapi({ description: "Unreachable: the state the agent returns to when the device is back" }),
  })
  .openapi("AgentStatus");
const BandSchema = z.object({ state: z.string(), reason: z.string().nullable(), cause: z.string().nullable(), from: z.string(), to: z.string() });
const LeakSchema = z
  .object({ loginId: z.string(), awayMinutes: z.number(), internalMinutes: z.number(), unreachableMinutes: z.number(), totalMinutes: z.number() })
  .openapi("CapacityLeak");
const DaySchema = z
  .object({ loginId: z.string(), date: z.string(), bands: z.array(BandSchema), leak: LeakSchema, waitingMinutes: z.number() })
  .openapi("AgentDay");

const statusRoute = createRoute({
  method: "get", path: "/agents/{loginId}/status", tags, security: bearer, request: { params: AgentParams },
  description: "An agent's live state with its reason, since when, why (the cause, issue 17) and a timed state's end.",
  responses: { 200: jsonResponse(StatusSchema, "The agent's state now"), ...ccErrorResponses },
});
const dayRoute = createRoute({
  method: "get", path: "/agents/{loginId}/day", tags, security: bearer, request: { params: AgentParams, query: DateQuery },
  description: "An agent's day as state bands with the reason and cause of each, and the capacity leak (issue 17).",
  responses: { 200: jsonResponse(DaySchema, "The agent's day"), ...ccErrorResponses },
});
const leakRoute = createRoute({
  method: "get", path: "/capacity-leak", tags, security: bearer, request: { params: ServiceParams, query: DateQuery },
  description: "Minutes each agent spent away, in internal calls or unreachable while callers waited, on a local day (issue 17); largest first.",
  responses: { 200: jsonResponse(z.object({ date: z.string(), agents: z.array(LeakSchema) }), "Every agent's capacity leak"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}: agents' live status with causes, their day's timeline and the capacity leak (issue 17). */
export function agentDayApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  const agentOf = (serviceId: string, loginId: string) => {
    serviceOf(deps, serviceId);
    if (!deps.repos.agents.get(serviceId, loginId)) throw notFound(`agent "${loginId}"`);
  };

  app.openapi(statusRoute, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    agentOf(serviceId, loginId);
    const s = ccOf(deps).agentState(serviceId, loginId);
    return c.json({
      loginId, state: s.state, reason: s.reason, since: iso(s.since)!, cause: s.cause ?? null, until: iso(s.until ?? null), returnTo: s.returnTo ?? null,
    }, 200);
  });

  app.openapi(dayRoute, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    agentOf(serviceId, loginId);
    const d = ccOf(deps).agents.day(serviceId, loginId, c.req.valid("query").date);
    return c.json({
      loginId, date: d.date, leak: d.leak, waitingMinutes: d.waitingMinutes,
      bands: d.bands.map((b) => ({ state: b.state, reason: b.reason, cause: b.cause, from: iso(b.from)!, to: iso(b.to)! })),
    }, 200);
  });

  app.openapi(leakRoute, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(ccOf(deps).agents.leaks(serviceId, c.req.valid("query").date), 200);
  });
  return app;
}
