import { createRoute, z } from "@hono/zod-openapi";
import type { CallbackView } from "../../cc/index.ts";
import { AppError } from "../../lib/index.ts";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, ccOf, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
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
  createdAt: iso(c.createdAt)!, updatedAt: iso(c.updatedAt)!, agent: c.agent,
  log: c.log.map((l) => ({ at: iso(l.at)!, action: l.action, state: l.state, agent: l.agent, note: l.note })),
});

/** /api/v1/services/{serviceId}/callbacks: the callback list and its changes (C7, X3). */
export function callbacksApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));

  /** Check the request and the acting agent, apply the change, answer the request with its log. */
  const apply = (serviceId: string, id: number, agent: string | undefined, act: (actor: string) => void) => {
    serviceOf(deps, serviceId);
    const cur = deps.repos.callbacks.get(id);
    if (!cur || cur.serviceId !== serviceId) throw notFound(`callback request ${id} of service "${serviceId}"`);
    if (agent !== undefined && !deps.repos.agents.get(serviceId, agent)) {
      throw new AppError(422, "validation_failed", `Invalid request: agent: no agent "${agent}" in this service`, {
        agent: `no agent "${agent}" in this service`,
      });
    }
    act(agent ?? "api");
    deps.logger.info({ serviceId, callbackId: id, agent }, "callback request changed through the API");
    return callbackJson(ccOf(deps).callbacks(serviceId).find((c) => c.id === id)!);
  };
  const actor = (body: { agent?: string } | undefined) => body?.agent;

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(ccOf(deps).callbackList.list(serviceId, c.req.valid("query").state).map(callbackJson), 200);
  });
  app.openapi(complete, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(serviceId, id, actor(c.req.valid("json")), (a) => ccOf(deps).callbackList.complete(serviceId, id, a));
    return c.json(out, 200);
  });
  app.openapi(fail, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(serviceId, id, actor(c.req.valid("json")), (a) => ccOf(deps).callbackList.fail(serviceId, id, a));
    return c.json(out, 200);
  });
  app.openapi(remove, (c) => {
    const { serviceId, id } = c.req.valid("param");
    const out = apply(serviceId, id, actor(c.req.valid("json")), (a) => ccOf(deps).callbackList.remove(serviceId, id, a));
    return c.json(out, 200);
  });
  return app;
}
