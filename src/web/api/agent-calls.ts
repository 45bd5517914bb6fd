import { createRoute, z } from "@hono/zod-openapi";
import { dialSchema, transferSchema } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { AgentParams } from "./schemas.ts";

/** An agent's call as the API shows it. */
const AgentCallSchema = z
  .object({
    callId: z.string(),
    state: z.enum(["dialing", "talking", "held", "transferring", "consulting"]).openapi({
      description: "dialing: the far end of an outbound call has not answered; transferring/consulting: a hand-over is under way",
    }),
    target: z.string().optional().openapi({ description: "The agent being rung or consulted" }),
    consultAnswered: z.boolean(),
  })
  .openapi("AgentCall");
const DialAnswerSchema = z.object({ callId: z.string(), number: z.string() }).openapi("DialAnswer");

const tags = ["calls"];
const op = (path: string, description: string, extra: Record<string, unknown> = {}) =>
  createRoute({
    method: "post", path: `/{loginId}/call/${path}`, tags, security: bearer, description,
    request: { params: AgentParams, ...extra },
    responses: { 200: jsonResponse(AgentCallSchema, "The call afterwards"), ...errorResponses },
  });

const get = createRoute({
  method: "get", path: "/{loginId}/call", tags, security: bearer, request: { params: AgentParams },
  description: "The agent's call now (404 when the agent is on none).",
  responses: { 200: jsonResponse(AgentCallSchema, "The agent's call"), ...errorResponses },
});
const hold = op("hold", "Hold the agent's call (C10, M7): the customer hears the hold music at once; the agent's phone is re-INVITEd a=sendonly.");
const resume = op("resume", "Resume a held call: two-way audio through the bridge again.");
const transfer = op("transfer", "Transfer to a ready agent of the service (C10): blind (the agent is freed at once, the customer hears ringback) or `mode: consult` (the customer holds while the agent talks to the other one). Refused (409) when the target is not ready.", jsonBody(transferSchema.meta({ id: "Transfer" })));
const complete = op("consult/complete", "The consulted agent takes the customer; the first agent is freed.");
const cancel = op("consult/cancel", "End the consultation; the agent and the customer talk again.");
const hangup = createRoute({
  method: "post", path: "/{loginId}/call/hangup", tags, security: bearer, request: { params: AgentParams },
  description: "End the agent's call (or an outbound dial still ringing); recorded as ended by the agent.",
  responses: { 200: jsonResponse(z.object({ callId: z.string() }), "Ended"), ...errorResponses },
});
const dial = createRoute({
  method: "post", path: "/{loginId}/call/dial", tags, security: bearer,
  request: { params: AgentParams, ...jsonBody(dialSchema.meta({ id: "Dial" })) },
  description:
    "Outbound call for the agent (C9, A4): the appliance rings the agent's phone, then calls the number through the service's trunk with the service's caller ID. " +
    "International and premium-rate (060) numbers are refused (422). With `callbackId` the call is linked to the callback request (its number is used when `number` is empty): completed when answered, a try counted when not. " +
    "The call record's result says how it ended: answered, busy, no-answer, rejected or unreachable.",
  responses: { 201: jsonResponse(DialAnswerSchema, "Dialling"), ...errorResponses },
});

/** /api/v1/services/{serviceId}/agents/{loginId}/call… (X3): the in-call controls through the one door, the API key as actor. */
export function agentCallsApi(deps: WebDeps) {
  const calls = deps.admin.calls;
  const app = apiRouter();
  app.openapi(get, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const call = calls.current(serviceId, loginId);
    if (!call) throw notFound(`a call of agent "${loginId}"`);
    return c.json(call, 200);
  });
  app.openapi(hold, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.hold(apiActor(c), serviceId, loginId), 200);
  });
  app.openapi(resume, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.resume(apiActor(c), serviceId, loginId), 200);
  });
  app.openapi(transfer, async (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.transfer(apiActor(c), serviceId, loginId, await c.req.json()), 200);
  });
  app.openapi(complete, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.completeConsult(apiActor(c), serviceId, loginId), 200);
  });
  app.openapi(cancel, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.cancelConsult(apiActor(c), serviceId, loginId), 200);
  });
  app.openapi(hangup, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.hangup(apiActor(c), serviceId, loginId), 200);
  });
  app.openapi(dial, async (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(calls.dial(apiActor(c), serviceId, loginId, await c.req.json()), 201);
  });
  return app;
}
