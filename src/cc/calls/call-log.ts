import { randomToken, type Clock } from "../../lib/index.ts";
import type { CallLegRecord, CallRecord, QueueEventKind, Repos } from "../../store/index.ts";
import type { CallLeg, EndReason } from "../../telephony/index.ts";

/** Who ended a call, from the caller leg's end reason. */
export function hangupByOf(reason: EndReason, side: "caller" | "agent"): "caller" | "agent" | "system" {
  if (reason.by === "remote") return side;
  return "system";
}

/** Writes call detail records, legs and queue events (C11) as a call progresses. */
export class CallLog {
  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
  ) {}

  /** Open the record of a new inbound call with its caller leg; returns the call id. */
  start(leg: CallLeg, serviceId: string): string {
    const callId = `c${randomToken(19)}`;
    const now = this.clock.now();
    this.repos.calls.create({
      callId, serviceId, direction: "inbound", from: leg.from, to: leg.to, sipCallId: leg.callId, startedAt: now,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, agent: null, hangupBy: null,
      result: null, recordingPath: null, waitSeconds: null, talkSeconds: null, type: null,
    });
    this.repos.calls.addLeg({
      legId: leg.id, callId, role: "caller", party: leg.from, agent: null, createdAt: now,
      answeredAt: null, endedAt: null, endBy: null, endCause: null,
    });
    return callId;
  }

  update(callId: string, patch: Partial<Omit<CallRecord, "callId">>): void {
    this.repos.calls.update(callId, patch);
  }

  /** Record a leg towards an agent (one offer). */
  agentLeg(callId: string, leg: CallLeg, agent: string): void {
    this.repos.calls.addLeg({
      legId: leg.id, callId, role: "agent", party: leg.to, agent, createdAt: this.clock.now(),
      answeredAt: null, endedAt: null, endBy: null, endCause: null,
    });
  }

  legAnswered(legId: string): void {
    this.repos.calls.updateLeg(legId, { answeredAt: this.clock.now() });
  }

  legEnded(legId: string, reason: EndReason): void {
    this.repos.calls.updateLeg(legId, { endedAt: this.clock.now(), endBy: reason.by, endCause: reason.cause });
  }

  /** Append to the queue event log. */
  event(ev: { callId: string; serviceId: string; queueId: string; event: QueueEventKind; agent?: string; detail?: string }): void {
    this.repos.queueEvents.add({ ...ev, at: this.clock.now(), agent: ev.agent ?? null, detail: ev.detail ?? null });
  }

  /** Close a call record (idempotent: a closed record keeps its first ending). */
  finish(callId: string, end: Pick<CallRecord, "result" | "hangupBy"> & Partial<CallRecord>): void {
    const cur = this.repos.calls.get(callId);
    if (!cur || cur.endedAt !== null) return;
    this.repos.calls.update(callId, { endedAt: this.clock.now(), ...end });
  }

  legs(callId: string): CallLegRecord[] {
    return this.repos.calls.legs(callId);
  }
}
