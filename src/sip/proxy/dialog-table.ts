/**
 * Dialogs established through the proxy, by Call-ID. Only requests of a known dialog are
 * routed in-dialog (T9: nothing unauthenticated reaches a phone or a trunk).
 */
export class DialogTable {
  private readonly dialogs = new Map<string, number>();

  constructor(private readonly maxAgeMs = 12 * 3600_000) {}

  add(callId: string, now: number): void {
    this.dialogs.set(callId, now + this.maxAgeMs);
  }

  has(callId: string): boolean {
    return this.dialogs.has(callId);
  }

  delete(callId: string): void {
    this.dialogs.delete(callId);
  }

  sweep(now: number): void {
    for (const [id, until] of this.dialogs) if (until < now) this.dialogs.delete(id);
  }

  get size(): number {
    return this.dialogs.size;
  }
}
