import { createRoute, z } from "@hono/zod-openapi";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, ccOf, rangeOf, rangeQuery, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const ratio = z.number().nullable().openapi({ description: "0–1; null when the divisor is 0" });
const seconds = z.number().nullable();

/**
 * Figures of one key in one period (S1, D3, D4): offered = callers who entered a queue (by agent:
 * offered to the agent); abandoned excludes short abandons (under 5 s, C8); answerRate = answered ÷
 * offered; serviceLevel = answered within the SL threshold ÷ answered; answerRateWithinSl =
 * answered within the threshold ÷ offered.
 */
export const StatsRowSchema = z
  .object({
    key: z.string().nullable().openapi({ description: "Queue id, agent login id or consultation type (null = none)" }),
    period: z.string().nullable().openapi({ description: "Local start of the period (2026-03-04T09, 2026-03-04, week's Monday, 2026-03); null without interval" }),
    offered: z.number().int(),
    answered: z.number().int(),
    answeredWithinSl: z.number().int(),
    abandoned: z.number().int(),
    shortAbandoned: z.number().int(),
    callbacks: z.number().int(),
    answerRate: ratio,
    serviceLevel: ratio,
    answerRateWithinSl: ratio,
    avgWaitSeconds: seconds,
    maxWaitSeconds: seconds,
    avgTalkSeconds: seconds,
    avgWrapUpSeconds: seconds.openapi({
      description: "Mean seconds in wrap-up (후처리) after the answered calls whose agent has left wrap-up; null when none",
    }),
    outbound: z.number().int().openapi({
      description: "Outbound calls started in the period: by agent, those the agent placed; by type or service, all of them; by queue always 0 (outbound calls have no queue)",
    }),
  })
  .openapi("StatsRow");

const StatsQuery = z.object({
  by: z.enum(["queue", "agent", "type", "service"], { error: "must be queue, agent, type or service" }).default("queue"),
  interval: z.enum(["hour", "day", "week", "month"], { error: "must be hour, day, week or month" }).optional(),
  ...rangeQuery,
});

const route = createRoute({
  method: "get", path: "/", tags: ["stats"], security: bearer, request: { params: ServiceParams, query: StatsQuery },
  description:
    "Statistics (S1) over [from, to) (default today in the service's time zone) by queue, agent, consultation type " +
    "or the whole service; with `interval` one row per key and local period.",
  responses: { 200: jsonResponse(z.array(StatsRowSchema), "Rows"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/stats (S1, X3). */
export function statsApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  app.openapi(route, (c) => {
    const { serviceId } = c.req.valid("param");
    const q = c.req.valid("query");
    const { from, to } = rangeOf(serviceOf(deps, serviceId), q, deps.now?.() ?? Date.now());
    return c.json(ccOf(deps).stats(serviceId, q.by, from, to, q.interval), 200);
  });
  return app;
}
