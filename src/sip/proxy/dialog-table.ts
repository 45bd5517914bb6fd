import { Event } from "../../lib/index.ts";

/** Who ended a proxied call: a party (BYE or CANCEL), or the proxy (no answer, swept). */
export type ProxiedEndBy = "caller" | "callee" | "system";

/** A call between extensions carried by the proxy (an internal call, 내선통화). */
export interface ProxiedCall {
  callId: string;
  /** Caller's extension (user part of From). */
  from: string;
  /** Callee's extension (user part of the Request-URI). */
  to: string;
  /** When the INVITE was forked to the callee's phones (ms); the answer time when not known. */
  startedAt?: number;
  /** When the callee answered (2xx); null when the call was never answered. */
  answeredAt: number | null;
  /** Set when it ends: who ended it and how ("bye", "cancel", "timeout", "busy", "rejected", "unavailable"). */
  endedBy?: ProxiedEndBy;
  endCause?: string;
  /** The final status of an INVITE that was not answered. */
  status?: number;
}

/** How an unanswered INVITE ended, from its final status (RFC 3261 §21). */
function failureCause(status: number, cancelled: boolean): { by: ProxiedEndBy; cause: string } {
  if (cancelled) return { by: "caller", cause: "cancel" };
  if (status === 487 || status === 408) return { by: "system", cause: "timeout" }; // Timer C or no response
  if (status === 486 || status === 600) return { by: "callee", cause: "busy" };
  if (status === 480 || status === 404 || status === 503) return { by: "system", cause: "unavailable" };
  return { by: "callee", cause: "rejected" };
}

/**
 * Dialogs established through the proxy, by Call-ID. Only requests of a known dialog are
 * routed in-dialog (T9: nothing unauthenticated reaches a phone or a trunk). Their start and
 * end are reported so internal calls get call records (C11, D1) — an INVITE that was never
 * answered is reported as ended too, with `answeredAt` null and why.
 */
export class DialogTable {
  readonly onEstablished = new Event<[ProxiedCall]>();
  /** The call and when it ended (BYE, not answered, or swept when its phones never said goodbye). */
  readonly onEnded = new Event<[ProxiedCall, number]>();
  private readonly dialogs = new Map<string, { call: ProxiedCall; until: number }>();
  /** INVITEs forked and not yet answered, by Call-ID. */
  private readonly ringing = new Map<string, ProxiedCall>();

  constructor(private readonly maxAgeMs = 12 * 3600_000) {}

  /** An INVITE was forked to the callee's phones at `startedAt`. */
  attempt(call: { callId: string; from: string; to: string; startedAt: number }): void {
    if (this.dialogs.has(call.callId) || this.ringing.has(call.callId)) return;
    this.ringing.set(call.callId, { ...call, answeredAt: null });
  }

  /** A 2xx came back: the dialog is established. */
  add(call: ProxiedCall): void {
    if (this.dialogs.has(call.callId)) return; // a 2xx from a second fork branch
    const rang = this.ringing.get(call.callId);
    this.ringing.delete(call.callId);
    const answeredAt = call.answeredAt ?? 0;
    const established = { ...call, startedAt: rang?.startedAt ?? call.startedAt ?? answeredAt };
    this.dialogs.set(call.callId, { call: established, until: answeredAt + this.maxAgeMs });
    this.onEstablished.execute(established);
  }

  /** The INVITE got a final non-2xx `status` (487 after the caller's CANCEL when `cancelled`). */
  failed(callId: string, now: number, status: number, cancelled: boolean): void {
    const call = this.ringing.get(callId);
    if (!call) return;
    this.ringing.delete(callId);
    const { by, cause } = failureCause(status, cancelled);
    this.onEnded.execute({ ...call, endedBy: by, endCause: cause, status }, now);
  }

  has(callId: string): boolean {
    return this.dialogs.has(callId);
  }

  /** The established call of a Call-ID. */
  get(callId: string): ProxiedCall | undefined {
    return this.dialogs.get(callId)?.call;
  }

  /** The dialog ended at `now`: by a party's BYE (`by`), or swept by the proxy. */
  delete(callId: string, now: number, by: ProxiedEndBy = "system", cause = "bye"): void {
    const entry = this.dialogs.get(callId);
    if (!entry) return;
    this.dialogs.delete(callId);
    this.onEnded.execute({ ...entry.call, endedBy: by, endCause: cause }, now);
  }

  sweep(now: number): void {
    for (const [id, entry] of this.dialogs) if (entry.until < now) this.delete(id, now, "system", "timeout");
    for (const [id, call] of this.ringing) if ((call.startedAt ?? 0) + this.maxAgeMs < now) this.ringing.delete(id);
  }

  get size(): number {
    return this.dialogs.size;
  }
}
