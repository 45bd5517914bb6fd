import { randomToken } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { AgentBoard } from "../agent/index.ts";
import type { CallLog } from "./call-log.ts";

/** An internal call (내선통화) as the SIP proxy reports it. */
export interface InternalCall {
  callId: string;
  from: string;
  to: string;
  answeredAt: number;
}

/**
 * Call records for calls between extensions (C11, D1): one record per answered call, in the
 * caller's service, with direction "internal" so agent histories can leave them out (A8).
 */
export class InternalCalls {
  private readonly open = new Map<string, string>();

  constructor(
    private readonly repos: Repos,
    private readonly agents: AgentBoard,
    private readonly calls: CallLog,
  ) {}

  started(call: InternalCall): void {
    const caller = this.agents.byExtension(call.from);
    const callee = this.agents.byExtension(call.to);
    const serviceId = caller?.serviceId ?? callee?.serviceId;
    if (!serviceId) return;
    const callId = `i${randomToken(19)}`;
    this.open.set(call.callId, callId);
    this.repos.calls.create({
      callId, serviceId, direction: "internal", from: call.from, to: call.to, sipCallId: call.callId, startedAt: call.answeredAt,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: call.answeredAt, endedAt: null, agent: caller?.loginId ?? callee?.loginId ?? null,
      hangupBy: null, result: null, recordingPath: null, waitSeconds: 0, talkSeconds: null, type: null,
    });
  }

  ended(call: InternalCall, endedAt: number): void {
    const callId = this.open.get(call.callId);
    if (!callId) return;
    this.open.delete(call.callId);
    this.calls.finish(callId, { endedAt, result: "answered", hangupBy: null, talkSeconds: Math.round((endedAt - call.answeredAt) / 1000) });
  }

  /** Internal calls up now (D1). */
  get live(): number {
    return this.open.size;
  }
}
