import { createRoute, z } from "@hono/zod-openapi";
import type { CallDetail } from "../../cc/index.ts";
import type { CallRecord } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { CallParams, ccErrorResponses, ccOf, iso, rangeOf, rangeQuery, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { recordingFile, recordingRoute, serveRecording } from "./recording.ts";
import { ServiceParams } from "./schemas.ts";

const RESULTS = ["answered", "abandoned", "callback", "after-hours", "failed", "interrupted", "ivr", "busy", "no-answer", "rejected", "unreachable"] as const;
const isoTime = z.string().openapi({ format: "date-time" });

/** A call record as the API shows it (SPEC "Contracts", C11). */
export const CallSchema = z
  .object({
    callId: z.string(),
    direction: z.enum(["inbound", "outbound", "internal"]),
    from: z.string(),
    to: z.string(),
    queueId: z.string().nullable(),
    agent: z.string().nullable().openapi({ description: "Login id of the agent who answered" }),
    startedAt: isoTime,
    queuedAt: isoTime.nullable(),
    offeredAt: isoTime.nullable(),
    answeredAt: isoTime.nullable(),
    endedAt: isoTime.nullable(),
    waitSeconds: z.number().nullable(),
    talkSeconds: z.number().nullable(),
    wrapUpSeconds: z.number().nullable().openapi({
      description: "Seconds the agent spent in wrap-up (후처리) after the call; 0 without wrap-up; null until the agent leaves it, and for unanswered calls",
    }),
    result: z.enum(RESULTS).nullable().openapi({ description: "null while the call is in progress" }),
    hangupBy: z.enum(["caller", "agent", "system"]).nullable(),
    sipCallId: z.string().nullable().openapi({ description: "The SIP Call-ID of the call's first leg (the caller's; the desk phone's or the far end's when outbound), to find it in a SIP trace" }),
    endReason: z.string().nullable().openapi({
      description: "Why it ended (C11), beside who: bye, cancel, timeout, busy, rejected, unavailable, failed, shutdown, interrupted … (the cause of the first deciding leg's end)",
    }),
    type: z.string().nullable().openapi({ description: "Consultation type (G7)" }),
    recording: z.boolean(),
  })
  .openapi("Call");

const LegSchema = z
  .object({
    legId: z.string(),
    role: z.enum(["caller", "agent"]),
    party: z.string(),
    agent: z.string().nullable(),
    createdAt: isoTime,
    answeredAt: isoTime.nullable(),
    endedAt: isoTime.nullable(),
    endBy: z.string().nullable(),
    endCause: z.string().nullable(),
  })
  .openapi("CallLeg");

const QueueEventSchema = z
  .object({ queueId: z.string(), at: isoTime, event: z.string(), agent: z.string().nullable(), detail: z.string().nullable() })
  .openapi("QueueEvent");

const AgentTalkSchema = z.object({ agent: z.string(), seconds: z.number() }).openapi("AgentTalk");

export const CallDetailSchema = CallSchema.extend({
  legs: z.array(LegSchema),
  events: z.array(QueueEventSchema),
  agentTalk: z.array(AgentTalkSchema).openapi({ description: "Talk time per agent, in the order they talked: a transferred call is split (C10)" }),
}).openapi("CallDetail");

const CallQuery = z.object({
  ...rangeQuery,
  number: z.string().regex(/^[0-9*#+]{1,32}$/, "must be digits").optional().openapi({ description: "Part of the caller's or called number" }),
  agent: z.string().max(64).optional().openapi({ description: "Login id of the agent" }),
  queueId: z.string().max(32).optional(),
  result: z.enum(RESULTS, { error: `must be one of ${RESULTS.join(", ")}` }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(1000).default(100),
  offset: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).default(0),
});

const tags = ["calls"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams, query: CallQuery },
  description: "Calls started in [from, to) (default: today in the service's time zone), oldest first; `X-Total-Count` holds the count before limit/offset (H1).",
  responses: { 200: jsonResponse(z.array(CallSchema), "Calls"), ...ccErrorResponses },
});
const detail = createRoute({
  method: "get", path: "/{callId}", tags, security: bearer, request: { params: CallParams },
  description: "One call with every leg and its queue events (C11, H1).",
  responses: { 200: jsonResponse(CallDetailSchema, "The call"), ...ccErrorResponses },
});

/** The API view of a call record. */
export function callJson(c: CallRecord, deps: WebDeps): z.infer<typeof CallSchema> {
  return {
    callId: c.callId, direction: c.direction, from: c.from, to: c.to, queueId: c.queueId, agent: c.agent,
    startedAt: iso(c.startedAt)!, queuedAt: iso(c.queuedAt), offeredAt: iso(c.offeredAt), answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt), waitSeconds: c.waitSeconds, talkSeconds: c.talkSeconds, wrapUpSeconds: c.wrapUpSeconds, result: c.result, hangupBy: c.hangupBy,
    sipCallId: c.sipCallId, endReason: c.endReason ?? null, type: c.type, recording: recordingFile(deps, c) !== undefined,
  };
}

function detailJson(d: CallDetail, deps: WebDeps): z.infer<typeof CallDetailSchema> {
  return {
    ...callJson(d, deps),
    legs: d.legs.map((l) => ({
      legId: l.legId, role: l.role, party: l.party, agent: l.agent, createdAt: iso(l.createdAt)!, answeredAt: iso(l.answeredAt),
      endedAt: iso(l.endedAt), endBy: l.endBy, endCause: l.endCause,
    })),
    events: d.events.map((e) => ({ queueId: e.queueId, at: iso(e.at)!, event: e.event, agent: e.agent, detail: e.detail })),
    agentTalk: d.agentTalk,
  };
}

/** /api/v1/services/{serviceId}/calls: call records and recordings (C11, H1, M5, X3). */
export function callsApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  const callOf = (serviceId: string, callId: string): CallDetail => {
    serviceOf(deps, serviceId);
    const c = ccOf(deps).call(callId);
    if (!c || c.serviceId !== serviceId) throw notFound(`call "${callId}" of service "${serviceId}"`);
    return c;
  };

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    const q = c.req.valid("query");
    const { from, to } = rangeOf(serviceOf(deps, serviceId), q, deps.now?.() ?? Date.now());
    // Filtered, counted and paged in SQL, oldest first.
    const filter = { from, to, number: q.number, agent: q.agent, queueId: q.queueId, result: q.result };
    c.header("X-Total-Count", String(ccOf(deps).countCalls(serviceId, filter)));
    const page = ccOf(deps).searchCalls(serviceId, filter, { limit: q.limit, offset: q.offset });
    return c.json(page.map((r) => callJson(r, deps)), 200);
  });
  app.openapi(detail, (c) => {
    const { serviceId, callId } = c.req.valid("param");
    return c.json(detailJson(callOf(serviceId, callId), deps), 200);
  });
  // Reading call records is not audited (H5 wants recordings and downloads, not every API read);
  // serving a recording is a download, by the request's API key.
  app.openapi(recordingRoute, (c) => {
    const { serviceId, callId } = c.req.valid("param");
    const call = callOf(serviceId, callId);
    return serveRecording(c, deps, call, (format) =>
      deps.admin.recordAccess(apiActor(c), serviceId, "download", `calls/${call.callId}/recording.${format}`),
    );
  });
  return app;
}
