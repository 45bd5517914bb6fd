import { timeOrderedId } from "../../lib/index.ts";
import type { CallRecord, CallResult, Repos } from "../../store/index.ts";
import type { AgentBoard, AgentMachine } from "../agent/index.ts";
import type { TrailRecorder, TrailSteps } from "../trail/index.ts";
import type { CallLog } from "./call-log.ts";

/** An internal call (내선통화) as the SIP proxy reports it. */
export interface InternalCall {
  callId: string;
  from: string;
  to: string;
  /** When the INVITE was forked (ms); the answer time when not known. */
  startedAt?: number;
  /** When the callee answered; null when never answered. */
  answeredAt: number | null;
  /** Who ended it and how, once ended (BYE from a party, CANCEL, no answer …). */
  endedBy?: "caller" | "callee" | "system";
  endCause?: string;
  /** Final status of an unanswered INVITE. */
  status?: number;
}

/** The record's result of an internal call that was never answered. */
const UNANSWERED: Record<string, CallResult> = { cancel: "abandoned", timeout: "no-answer", busy: "busy", unavailable: "unreachable", rejected: "rejected" };
const HANGUP_BY: Record<string, CallRecord["hangupBy"]> = { caller: "caller", callee: "agent", system: "system" };

/**
 * Call records for calls between extensions (C11, D1): one record per call, answered or not, in
 * the caller's service, with direction "internal" so agent histories can leave them out (A8); who
 * ended it (the caller, the callee — "agent" — or the system) and why.
 */
export class InternalCalls {
  private readonly open = new Map<string, string>();

  constructor(
    private readonly repos: Repos,
    private readonly agents: AgentBoard,
    private readonly calls: CallLog,
    /** The calls' decision trails (issue 17 point 3): the extension dialled, its agent and phone then. */
    private readonly trail?: TrailRecorder,
  ) {}

  /** The callee answered: the record opens (it is closed by {@link ended}). */
  started(call: InternalCall): void {
    const callId = this.create(call);
    if (callId) this.open.set(call.callId, callId);
  }

  /** The call ended at `endedAt`: after an answer (BYE) or without one (CANCEL, busy, no answer). */
  ended(call: InternalCall, endedAt: number): void {
    const by = HANGUP_BY[call.endedBy ?? "system"] ?? "system";
    const open = this.open.get(call.callId);
    if (open) {
      this.open.delete(call.callId);
      const answeredAt = call.answeredAt ?? endedAt;
      this.calls.finish(open, { endedAt, result: "answered", hangupBy: by, endReason: call.endCause ?? "bye", talkSeconds: (endedAt - answeredAt) / 1000 });
      return;
    }
    if (call.answeredAt !== null) return; // established before a restart: nothing to close
    const callId = this.create(call);
    if (!callId) return;
    const result = UNANSWERED[call.endCause ?? ""] ?? "no-answer";
    this.calls.finish(callId, { endedAt, result, hangupBy: by, endReason: call.endCause ?? null, talkSeconds: 0 });
  }

  /** Internal calls up now (D1). */
  get live(): number {
    return this.open.size;
  }

  private create(call: InternalCall): string | undefined {
    const caller = this.agents.byExtension(call.from);
    const callee = this.agents.byExtension(call.to);
    const serviceId = caller?.serviceId ?? callee?.serviceId;
    if (!serviceId) return undefined;
    const callId = timeOrderedId("i");
    const startedAt = call.startedAt ?? call.answeredAt ?? 0;
    this.repos.calls.create({
      callId, serviceId, direction: "internal", from: call.from, to: call.to, sipCallId: call.callId, startedAt,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: call.answeredAt, endedAt: null, agent: caller?.loginId ?? callee?.loginId ?? null,
      hangupBy: null, result: null, recordingPath: null, waitSeconds: call.answeredAt === null ? null : (call.answeredAt - startedAt) / 1000,
      talkSeconds: null, type: null,
    });
    this.trail?.step(callId, serviceId, "internal", this.facts(call, startedAt, caller, callee));
    return callId;
  }

  /** Who the dialled extension belongs to, their state, and whether a phone of it was registered when the call came. */
  private facts(call: InternalCall, at: number, caller: AgentMachine | undefined, calleeNow: AgentMachine | undefined): TrailSteps["internal"] {
    const now = calleeNow?.snapshot;
    // The callee's state when the INVITE came: the state log's when it changed while the phone rang.
    const then = now && now.since > at ? this.repos.agentStateLog.lastBefore(now.serviceId, now.loginId, at) : undefined;
    const callee = now && then ? { ...now, state: then.state as typeof now.state, reason: then.reason, since: then.at } : now;
    // An answered call had a phone: the bindings are read only for one that was not (issue 12, per-call cost).
    const bindings = call.answeredAt !== null ? [] : this.repos.bindings.list(call.to);
    const registered = call.answeredAt !== null || bindings.some((b) => b.expiresAt > at);
    const expired = !registered && bindings.length ? { expiredAt: Math.max(...bindings.map((b) => b.expiresAt)) } : {};
    return {
      from: call.from, ...(caller ? { fromAgent: caller.loginId } : {}), to: call.to,
      ...(callee ? { agent: callee.loginId, state: callee.state, reason: callee.reason, since: callee.since } : {}),
      ...(callee && (callee.state === "unreachable" || callee.reason === "unreachable") && callee.cause ? { cause: callee.cause } : {}),
      registered, ...expired, ...(call.status !== undefined ? { status: call.status } : {}), answered: call.answeredAt !== null,
    };
  }
}
