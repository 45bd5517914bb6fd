import type { Clock, Logger } from "../../lib/index.ts";
import type { Ban, BanStore } from "./ban-store.ts";

export interface BanListOptions {
  clock: Clock;
  store: BanStore;
  log: Logger;
  failuresBeforeBan: number;
  banMs: number;
  /** Failures older than this no longer count. */
  failureWindowMs?: number;
  onBan?: (ban: Ban) => void;
}

/**
 * Counts authentication failures per source address and bans a source that fails too
 * often (T9). The in-memory view is checked on every packet; the store keeps bans so the
 * API and the command line can list and lift them, and `sync()` picks up their changes.
 */
export class BanList {
  private readonly banned = new Map<string, number>();
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: BanListOptions) {
    this.sync();
  }

  isBanned(address: string): boolean {
    const until = this.banned.get(address);
    if (until === undefined) return false;
    if (until > this.options.clock.now()) return true;
    this.banned.delete(address);
    return false;
  }

  /** Record one failure; bans the source when it reaches the threshold. Returns true on a new ban. */
  recordFailure(address: string, what: string): boolean {
    const now = this.options.clock.now();
    const window = this.options.failureWindowMs ?? 10 * 60_000;
    const list = (this.failures.get(address) ?? []).filter((t) => now - t < window);
    list.push(now);
    this.failures.set(address, list);
    this.options.log.warn({ security: "auth-failure", source: address, what, count: list.length }, `SECURITY auth-failure source=${address} ${what} count=${list.length}`);
    if (list.length < this.options.failuresBeforeBan) return false;
    this.failures.delete(address);
    const ban: Ban = { address, reason: `${list.length} authentication failures`, createdAt: now, expiresAt: now + this.options.banMs };
    this.banned.set(address, ban.expiresAt);
    this.options.store.add(ban);
    this.options.log.warn({ security: "ban", source: address, until: new Date(ban.expiresAt).toISOString() }, `SECURITY ban source=${address} reason="${ban.reason}" until=${new Date(ban.expiresAt).toISOString()}`);
    this.options.onBan?.(ban);
    return true;
  }

  /** A successful authentication clears the source's failure count. */
  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  list(): Ban[] {
    return this.options.store.active(this.options.clock.now());
  }

  lift(address: string): boolean {
    const lifted = this.options.store.remove(address);
    const known = this.banned.delete(address);
    this.failures.delete(address);
    if (lifted || known) this.options.log.warn({ security: "unban", source: address }, `SECURITY unban source=${address}`);
    return lifted || known;
  }

  /** Reload bans from the store (another process, e.g. the command line, may have changed them). */
  sync(): void {
    const now = this.options.clock.now();
    this.banned.clear();
    for (const ban of this.options.store.active(now)) this.banned.set(ban.address, ban.expiresAt);
    for (const [address, list] of this.failures) if (list.every((t) => now - t > (this.options.failureWindowMs ?? 600_000))) this.failures.delete(address);
  }

  get size(): number {
    return this.banned.size;
  }
}
