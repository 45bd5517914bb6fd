import { createRoute, z } from "@hono/zod-openapi";
import type { LiveFigures } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, ccOf, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";
import { StatsRowSchema } from "./stats.ts";

const count = z.number().int();
const hours = z.array(count).length(24).openapi({ description: "Calls per local hour 0–23" });

/** The dashboard's figures now (D1–D6). */
export const LiveSchema = z
  .object({
    at: z.string().openapi({ format: "date-time" }),
    resources: z
      .object({ linesInUse: count, licences: count, consultationRequests: count, internalCalls: count, callbackConversions: count })
      .openapi({ description: "D1" }),
    inboundTrend: z.object({ today: hours, yesterday: hours }).openapi({ description: "D2" }),
    service: StatsRowSchema.extend({ totalInbound: count }).openapi({ description: "D3: today" }),
    queues: z.array(StatsRowSchema).openapi({ description: "D4: today, per queue" }),
    waiting: z
      .array(z.object({ queueId: z.string(), waiting: count, longestWaitSeconds: count }))
      .openapi({ description: "D5: callers waiting now" }),
    agents: z
      .object({
        counts: z.record(z.string(), count),
        list: z.array(
          z.object({
            loginId: z.string(),
            extension: z.string(),
            state: z.string(),
            reason: z.string().nullable(),
            since: z.string().openapi({ format: "date-time" }),
            secondsInState: count,
          }),
        ),
      })
      .openapi({ description: "D6" }),
  })
  .openapi("Live");

/** The API view of the live figures (times ISO, waits in seconds). */
export const liveJson = (f: LiveFigures): z.infer<typeof LiveSchema> => ({
  at: iso(f.at)!,
  resources: f.resources,
  inboundTrend: f.inboundTrend,
  service: f.service,
  queues: f.queues,
  waiting: f.waiting.map((w) => ({ queueId: w.queueId, waiting: w.waiting, longestWaitSeconds: Math.floor(w.longestWaitMs / 1000) })),
  agents: {
    counts: f.agents.counts,
    list: f.agents.list.map((a) => ({
      loginId: a.loginId, extension: a.extension, state: a.state, reason: a.reason, since: iso(a.since)!, secondsInState: a.secondsInState,
    })),
  },
});

const route = createRoute({
  method: "get", path: "/", tags: ["live"], security: bearer, request: { params: ServiceParams },
  description: "The dashboard's figures now (D1–D6): resources, today's hourly trend against yesterday, service and queue figures, callers waiting, agent states.",
  responses: { 200: jsonResponse(LiveSchema, "Figures now"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/live (D1–D6, X3). */
export function liveApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  app.openapi(route, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    c.header("Cache-Control", "no-store");
    return c.json(liveJson(ccOf(deps).live(serviceId)), 200);
  });
  return app;
}
