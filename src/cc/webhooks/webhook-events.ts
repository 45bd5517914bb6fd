import { randomToken } from "../../lib/index.ts";
import type { CallRecord, QueueEvent, Repos } from "../../store/index.ts";
import type { AgentStatus } from "../agent/index.ts";
import type { CanaryResult } from "../canary/index.ts";

/** The events a webhook may ask for (SPEC "Contracts"). */
export const WEBHOOK_EVENTS = ["call.offered", "call.answered", "call.ended", "callback.requested", "agent.state", "outbound.cap-reached", "canary.failed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One event as delivered: the JSON body of the POST, signed in `X-CC-Signature` (X3). */
export interface WebhookEvent {
  /** Unique per event; the same in every retry (receivers de-duplicate by it). */
  id: string;
  type: WebhookEventType;
  /** ISO 8601 instant of the event. */
  createdAt: string;
  serviceId: string;
  data: Record<string, unknown>;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const event = (type: WebhookEventType, serviceId: string, at: number, data: Record<string, unknown>): WebhookEvent => ({
  id: `evt_${randomToken(16)}`, type, createdAt: new Date(at).toISOString(), serviceId, data,
});

/** A closed call record as `call.ended` (the API's call fields). */
export function callEnded(c: CallRecord, at: number): WebhookEvent {
  return event("call.ended", c.serviceId, at, {
    callId: c.callId, direction: c.direction, from: c.from, to: c.to, queueId: c.queueId, agent: c.agent,
    startedAt: iso(c.startedAt), answeredAt: iso(c.answeredAt), endedAt: iso(c.endedAt),
    waitSeconds: c.waitSeconds, talkSeconds: c.talkSeconds, result: c.result, recording: c.recordingPath !== null,
  });
}

/** A queue event as `call.offered` (ringing an agent), `call.answered` or `callback.requested`; others are not published. */
export function fromQueueEvent(e: QueueEvent, repos: Repos): WebhookEvent | undefined {
  const call = repos.calls.get(e.callId);
  const base = { callId: e.callId, queueId: e.queueId, from: call?.from ?? null, to: call?.to ?? null };
  if (e.event === "offer") return event("call.offered", e.serviceId, e.at, { ...base, agent: e.agent });
  if (e.event === "answer") return event("call.answered", e.serviceId, e.at, { ...base, agent: e.agent });
  if (e.event === "callback") {
    const cb = e.detail ? repos.callbacks.get(Number(e.detail)) : undefined;
    return event("callback.requested", e.serviceId, e.at, { ...base, callbackId: cb?.id ?? null, number: cb?.number ?? call?.from ?? null });
  }
  return undefined;
}

/** An agent's state change as `agent.state`. */
export function agentState(s: AgentStatus, previous: string): WebhookEvent {
  return event("agent.state", s.serviceId, s.since, {
    loginId: s.loginId, extension: s.extension, state: s.state, previous, reason: s.reason, since: iso(s.since), cause: s.cause ?? null,
  });
}

/**
 * An outbound minute cap refused a call (issue 16 point 6): which trunk or extension, which window
 * (the last hour or 24 hours), the cap and the minutes counted, the number and the agent refused.
 */
export function capReached(r: {
  serviceId: string; scope: "trunk" | "extension"; id: string; window: "hour" | "day"; minutes: number; used: number; number: string; agent: string; at: number;
}): WebhookEvent {
  return event("outbound.cap-reached", r.serviceId, r.at, {
    scope: r.scope, ...(r.scope === "trunk" ? { trunkId: r.id } : { loginId: r.id }), window: r.window, capMinutes: r.minutes, usedMinutes: r.used,
    number: r.number, agent: r.agent,
  });
}

/** A canary call that failed (issue 17 point 5): the failing number and step, and every step walked. */
export function canaryFailed(r: CanaryResult): WebhookEvent {
  return event("canary.failed", r.serviceId, r.at, {
    number: r.failure?.number ?? null, step: r.failure?.step ?? null, code: r.failure?.code ?? null, detail: r.failure?.detail ?? null,
    trigger: r.trigger, steps: r.steps,
  });
}
