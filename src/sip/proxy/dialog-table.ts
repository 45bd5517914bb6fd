import { Event } from "../../lib/index.ts";

/** A call between extensions carried by the proxy (an internal call, 내선통화). */
export interface ProxiedCall {
  callId: string;
  /** Caller's extension (user part of From). */
  from: string;
  /** Callee's extension (user part of the Request-URI). */
  to: string;
  answeredAt: number;
}

/**
 * Dialogs established through the proxy, by Call-ID. Only requests of a known dialog are
 * routed in-dialog (T9: nothing unauthenticated reaches a phone or a trunk). Their start and
 * end are reported so internal calls get call records (C11, D1).
 */
export class DialogTable {
  readonly onEstablished = new Event<[ProxiedCall]>();
  /** The call and when it ended (BYE, or swept when its phones never said goodbye). */
  readonly onEnded = new Event<[ProxiedCall, number]>();
  private readonly dialogs = new Map<string, { call: ProxiedCall; until: number }>();

  constructor(private readonly maxAgeMs = 12 * 3600_000) {}

  add(call: ProxiedCall): void {
    if (this.dialogs.has(call.callId)) return; // a 2xx from a second fork branch
    this.dialogs.set(call.callId, { call, until: call.answeredAt + this.maxAgeMs });
    this.onEstablished.execute(call);
  }

  has(callId: string): boolean {
    return this.dialogs.has(callId);
  }

  delete(callId: string, now: number): void {
    const entry = this.dialogs.get(callId);
    if (!entry) return;
    this.dialogs.delete(callId);
    this.onEnded.execute(entry.call, now);
  }

  sweep(now: number): void {
    for (const [id, entry] of this.dialogs) if (entry.until < now) this.delete(id, now);
  }

  get size(): number {
    return this.dialogs.size;
  }
}
