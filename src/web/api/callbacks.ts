import { createRoute, z } from "@hono/zod-openapi";
import type { CallbackView } from "../../cc/index.ts";
import type { Context } from "hono";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, ccOf, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const STATES = ["requested", "completed", "deleted", "failed"] as const;
const isoTime = z.string().openapi({ format: "date-time" });

/** One change of a callback request (C7: logged with agent and time). */
const CallbackLogSchema = z
  .object({ at: isoTime, action: z.string(), state: z.enum(STATES), agent: z.string().nullable(), note: z.string().nullable() })
  .openapi("CallbackChange");

/** A callback request (C7, A10, H3) with its change log. */
export const CallbackSchema = z
  .object({
    id: z.number().int(),
    queueId: z.string(),
    callId: z.string().nullable(),
    number: z.string().openapi({ description: "The number to call back" }),
    state: z.enum(STATES),
    tries: z.number().int().openapi({ description: "Unanswered return calls so far" }),
    createdAt: isoTime,
    updatedAt: isoTime,
    agent: z.string().nullable().openapi({ description: "Who made the last change" }),
    placeAt: isoTime.openapi({ description: "When the caller entered the queue: the request keeps that place in the line" }),
    nextTryAt: isoTime.nullable().openapi({ description: "Not dialled before this time (the retry delay after no answer, or the next opening); null: now" }),
    log: z.array(CallbackLogSchema),
  })
  .openapi("Callback");

/** Who makes the change; defaults to "api" (the organization API key). */
const ActorSchema = z
  .strictObject({ agent: z.string().min(1).max(64).optional().openapi({ description: "Login id of the agent; default \"api\"" }) })
  .openapi("CallbackActor");

const CallbackParams = ServiceParams.extend({
  id: z.coerce.number({ error: "must be a number" }).int("must be a whole number").positive().openapi({ param: { name: "id", in: "path" } }),
});
const ListQuery = z.object({ state: z.enum(STATES, { error: `must be one of ${STATES.join(", ")}` }).optional() });
const optionalBody = { body: { content: { "application/json": { schema: ActorSchema } }, required: false } };

const tags = ["callbacks"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams, query: ListQuery },
  description: "The service's callback requests, oldest first, optionally of one state, each with its change log (C7, H3).",
  responses: { 200: jsonResponse(z.array(CallbackSchema), "Callback requests"), ...ccErrorResponses },
});
const change = (path: string, method: "post" | "delete", description: string) =>
  createRoute({
    method, path, tags, security: bearer, request: { params: CallbackParams, ...optionalBody }, description,
    responses: { 200: jsonResponse(CallbackSchema, "The changed request"), ...ccErrorResponses },
  });
const complete = change("/{id}/complete", "post", "Mark an open request completed (the return call was answered).");
const fail = change("/{id}/fail", "post", "Mark an open request failed.");
const remove = change("/{id}", "delete", "Remove an open request from the list (state deleted).");

/** The API view of a callback request. */
export const callbackJson = (c: CallbackView): z.infer<typeof CallbackSchema> => ({
  id: c.id, queueId: c.queueId, callId: c.callId, number: c.number, state: c.state, tries: c.tries,
  createdAt: iso(c.createdAt)!, updatedAt: iso(c.updatedAt)!, agent: c.agent, placeAt: iso(c.placeAt)!, nextTryAt: iso(c.nextTryAt),
  log: c.log.map((l) => ({ at: iso(l.at)!, action: l.action, state: l.state, agent: l.agent, note: l.note })),
});

/** /api/v1/services/{serviceId}/callbacks: the callback list and its changes (C7, X3). */
export function callbacksApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));

  /** Apply the change through the domain; answer the request with its log. */
  const apply = (c: Context, serviceId: string, id: number, op: "complete" | "fail" | "remove", body: { agent?: string } | undefined) => {
    serviceOf(deps, serviceId);
    deps.admin.callbacks.change(apiActor(c), serviceId, id, { op, agent: body?.agent });
    return callbackJson(ccOf(deps).callbacks(serviceId).find((x) => x.id === id)!);
  };

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(ccOf(deps).callbackList.list(serviceId, c.req.valid("query").state).map(callbackJson), 200);
  });
  app.openapi(complete, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(c, serviceId, id, "complete", c.req.valid("json"));
    return c.json(out, 200);
  });
  app.openapi(fail, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(c, serviceId, id, "fail", c.req.valid("json"));
    return c.json(out, 200);
  });
  app.openapi(remove, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(c, serviceId, id, "remove", c.req.valid("json"));
    return c.json(out, 200);
  });
  return app;
}
