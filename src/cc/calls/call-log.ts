import { Event, silentLogger, timeOrderedId, type Clock, type Logger } from "../../lib/index.ts";
import type { CallLegRecord, CallRecord, QueueEvent, QueueEventKind, Repos } from "../../store/index.ts";
import type { CallLeg, EndReason } from "../../telephony/index.ts";

/** Who ended a call, from the caller leg's end reason. */
export function hangupByOf(reason: EndReason, side: "caller" | "agent"): "caller" | "agent" | "system" {
  if (reason.by === "remote") return side;
  return "system";
}

/** A caller's wait in a queue ended: an agent answered or the caller hung up (X6). */
export interface QueueWaitEnded {
  callId: string;
  serviceId: string;
  queueId: string;
  result: "answered" | "abandoned";
  seconds: number;
}

/**
 * Writes call detail records, legs and queue events (C11) as a call progresses, logs a call's
 * arrival and end, and tells observers (X6 metrics) when a record closes or a queue wait ends.
 */
export class CallLog {
  /** A call record was closed (once per call). */
  readonly onFinished = new Event<[CallRecord]>();
  /** A queue wait ended (answered or abandoned). */
  readonly onWaitEnded = new Event<[QueueWaitEnded]>();
  /** A queue event was logged (enter, offer, answer, callback …): webhooks follow calls by it (X3). */
  readonly onEvent = new Event<[QueueEvent]>();

  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger = silentLogger,
  ) {}

  /** Open the record of a new inbound call with its caller leg; returns the call id. */
  start(leg: CallLeg, serviceId: string): string {
    const callId = timeOrderedId("c");
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
    this.log.info({ callId, serviceId, from: leg.from, number: leg.to }, "call arrived");
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

  /** A leg ended; `cause` may also be the domain's own ("transferred"). */
  legEnded(legId: string, reason: EndReason | { by: EndReason["by"]; cause: string }): void {
    this.repos.calls.updateLeg(legId, { endedAt: this.clock.now(), endBy: reason.by, endCause: reason.cause });
    // A record closed before its legs ended (callback, after-hours) takes the first deciding leg's cause.
    const leg = this.repos.calls.legs(this.callOfLeg(legId) ?? "").find((l) => l.legId === legId);
    if (!leg || !(leg.role === "caller" || leg.answeredAt !== null)) return;
    const call = this.repos.calls.get(leg.callId);
    if (call && call.endedAt !== null && !call.endReason) this.repos.calls.update(call.callId, { endReason: reason.cause });
  }

  /** Append to the queue event log. */
  event(ev: { callId: string; serviceId: string; queueId: string; event: QueueEventKind; agent?: string; detail?: string }): void {
    const e: QueueEvent = { ...ev, at: this.clock.now(), agent: ev.agent ?? null, detail: ev.detail ?? null };
    this.repos.queueEvents.add(e);
    this.onEvent.execute(e);
  }

  /** A queue wait ended (X6 wait histogram). */
  waitEnded(w: QueueWaitEnded): void {
    this.onWaitEnded.execute(w);
  }

  /** Close a call record (idempotent: a closed record keeps its first ending); logs and announces it. */
  finish(callId: string, end: Pick<CallRecord, "result" | "hangupBy"> & Partial<CallRecord>): void {
    const cur = this.repos.calls.get(callId);
    if (!cur || cur.endedAt !== null) return;
    const endReason = end.endReason !== undefined ? end.endReason : this.endReasonOf(callId);
    const closed: CallRecord = { ...cur, endedAt: this.clock.now(), ...end, endReason };
    this.repos.calls.update(callId, { endedAt: closed.endedAt, ...end, endReason });
    const { serviceId, direction, queueId, agent, result, hangupBy, waitSeconds, talkSeconds } = closed;
    this.log.info({ callId, serviceId, direction, queueId, agent, result, hangupBy, endReason, waitSeconds, talkSeconds }, "call ended");
    this.onFinished.execute(closed);
  }

  legs(callId: string): CallLegRecord[] {
    return this.repos.calls.legs(callId);
  }

  /**
   * Why a call ended (C11): the cause of the first leg that ended among those that decide it — the
   * caller's and every answered one (an agent's BYE, the caller's, a timeout, a shutdown …). Offers
   * that rang and stopped do not decide it. Null while none has ended.
   */
  private endReasonOf(callId: string): string | null {
    const ended = this.repos.calls
      .legs(callId)
      .filter((l) => l.endedAt !== null && (l.role === "caller" || l.answeredAt !== null))
      .sort((a, b) => a.endedAt! - b.endedAt!);
    return ended[0]?.endCause ?? null;
  }

  private callOfLeg(legId: string): string | undefined {
    return this.repos.calls.legCall(legId);
  }
}
