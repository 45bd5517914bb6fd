import type { Trunk } from "../../store/index.ts";

/**
 * The trunks an outbound call of a service may leave through, in the order they are tried (T7):
 * those carrying one of the service's numbers, else every trunk; lower `priority` first, then the
 * older trunk.
 */
export function trunksFor(trunks: readonly Trunk[], serviceId: string): Trunk[] {
  const own = trunks.filter((t) => t.numbers.some((n) => n.serviceId === serviceId));
  return [...(own.length ? own : trunks)].sort((a, b) => a.priority - b.priority || a.createdAt - b.createdAt || a.trunkId.localeCompare(b.trunkId));
}

/** How an attempt through one trunk ended, as far as failover cares (telephony's EndReason). */
export interface AttemptEnd {
  by: "remote" | "local" | "system";
  cause: string;
  status?: number;
}

/**
 * Whether the next trunk should take a call the carrier did not carry (T7): 503 (the carrier is
 * overloaded or down), 408, no response at all (Timer B) and a transport failure. A busy line, a
 * refusal or an unknown number would be the same through any carrier, and our own ring timeout
 * means the far end rang.
 */
export function failsOver(end: AttemptEnd): boolean {
  if (end.status === 503 || end.status === 408) return end.by !== "local";
  return end.by === "system" && end.cause === "failed";
}

/** Refused at once: every trunk of the service is at its cap of concurrent outbound calls. */
export class TrunksBusyError extends Error {
  constructor(readonly serviceId: string) {
    super(`every trunk of service "${serviceId}" is at its cap of concurrent outbound calls`);
    this.name = "TrunksBusyError";
  }
}

/**
 * Outbound calls alive through each trunk, against its `maxCalls` cap (0: none). One instance per
 * contact center; an attempt takes a place before its INVITE and gives it back when it ends.
 */
export class TrunkLoad {
  private readonly active = new Map<string, number>();

  /** Calls through `trunkId` now. */
  count(trunkId: string): number {
    return this.active.get(trunkId) ?? 0;
  }

  /** Room for one more call through `trunk`? */
  hasRoom(trunk: Pick<Trunk, "trunkId" | "maxCalls">): boolean {
    return trunk.maxCalls === 0 || this.count(trunk.trunkId) < trunk.maxCalls;
  }

  /** Take a place on the first of `trunks` with room; undefined when all are full. */
  take<T extends Pick<Trunk, "trunkId" | "maxCalls">>(trunks: readonly T[]): T | undefined {
    const trunk = trunks.find((t) => this.hasRoom(t));
    if (trunk) this.active.set(trunk.trunkId, this.count(trunk.trunkId) + 1);
    return trunk;
  }

  /** Give a place back (the attempt ended). */
  release(trunkId: string): void {
    const n = this.count(trunkId) - 1;
    if (n > 0) this.active.set(trunkId, n);
    else this.active.delete(trunkId);
  }
}
