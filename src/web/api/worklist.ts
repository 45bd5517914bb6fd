import { createRoute, z } from "@hono/zod-openapi";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { ccErrorResponses, iso, serviceOf } from "./cc-api.ts";
import { callbackJson, CallbackSchema } from "./callbacks.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const DAY_MS = 86_400_000;

/** One number on the "no lost caller" worklist (issue 15). */
const WorklistRowSchema = z
  .object({
    number: z.string(),
    lastAt: z.string().openapi({ format: "date-time", description: "The latest loss" }),
    reason: z.enum(["abandoned", "after-hours", "callback-failed"]),
    losses: z.number().int().openapi({ description: "Losses of this number in the window" }),
    callId: z.string().nullable().openapi({ description: "The call of the latest loss" }),
    openCallbackId: z.number().int().nullable().openapi({ description: "The open callback request for this number, if one waits" }),
  })
  .openapi("WorklistRow");

const ListQuery = z.object({
  days: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "at least 1").max(90, "at most 90").default(30),
});
const AskSchema = z
  .strictObject({
    number: z.string().openapi({ description: "The number to call back" }),
    callId: z.string().optional().openapi({ description: "The lost call it comes from (its queue and place are kept)" }),
    queueId: z.string().optional(),
  })
  .openapi("CallbackAsk");

const tags = ["callbacks"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams, query: ListQuery },
  description:
    "Numbers lost in the last `days` — abandoned in a queue, called after hours, or whose callback failed — once per number, " +
    "latest first, until a call with the number is connected to an agent (inbound or outbound).",
  responses: { 200: jsonResponse(z.array(WorklistRowSchema), "The worklist"), ...ccErrorResponses },
});
const ask = createRoute({
  method: "post", path: "/callback", tags, security: bearer,
  request: { params: ServiceParams, body: { content: { "application/json": { schema: AskSchema } }, required: true } },
  description: "Ask for a callback for a lost caller: a new request, or the number's open one (one per number; `created` says which).",
  responses: {
    200: jsonResponse(z.object({ created: z.boolean(), callback: CallbackSchema }), "The number's open request"), ...ccErrorResponses,
  },
});

/** /api/v1/services/{serviceId}/worklist: no lost caller (issue 15). */
export function worklistApi(deps: WebDeps) {
  const app = apiRouter();
  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    const since = (deps.now ?? Date.now)() - c.req.valid("query").days * DAY_MS;
    const rows = deps.repos.calls.worklist(serviceId, since).map((r) => ({ ...r, lastAt: iso(r.lastAt)! }));
    return c.json(rows, 200);
  });
  app.openapi(ask, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    const out = deps.admin.callbacks.request(apiActor(c), serviceId, c.req.valid("json"));
    const log = deps.repos.callbacks.history(out.request.id);
    return c.json({ created: out.created, callback: callbackJson({ ...out.request, log }) }, 200);
  });
  return app;
}
