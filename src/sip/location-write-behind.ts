import type { Logger } from "../lib/index.ts";
import type { Binding, LocationStore } from "./registrar/index.ts";

/** A location store that can run several writes as one (a database transaction). */
export type BatchingLocationStore = LocationStore & { batch?(fn: () => void): void };

/**
 * Binding writes held until the message that made them is handled, then written together (issue 12,
 * SIP hot path): the registrar answers from memory and the write runs after its answer is queued, in
 * one transaction. In the appliance that transaction nests in the loop turn's group commit (the
 * store's TurnCommit), so a turn's REGISTERs cost one commit. The store is read only at start-up and
 * by admin views, and every read first writes what is held, so nothing written is ever missed by a
 * reader. A crash loses at most the writes of the last turn (the phones refresh them).
 */
export class WriteBehindLocations implements LocationStore {
  private pending: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly store: BatchingLocationStore,
    private readonly log: Logger,
  ) {}

  list(aor: string): Binding[] {
    this.flush();
    return this.store.list(aor);
  }

  all(): Binding[] {
    this.flush();
    return this.store.all();
  }

  upsert(binding: Binding): void {
    const b = { ...binding, source: { ...binding.source } };
    this.defer(() => this.store.upsert(b));
  }

  remove(aor: string, contact: string): void {
    this.defer(() => this.store.remove(aor, contact));
  }

  removeAll(aor: string): void {
    this.defer(() => this.store.removeAll(aor));
  }

  purgeExpired(now: number): number {
    this.flush();
    return this.store.purgeExpired(now);
  }

  /** Write everything held now (also before a stop). */
  flush(): void {
    if (this.pending.length === 0) return;
    const ops = this.pending;
    this.pending = [];
    const run = () => {
      for (const op of ops) op();
    };
    try {
      if (this.store.batch) this.store.batch(run);
      else run();
    } catch (error) {
      this.log.error({ err: String(error), writes: ops.length }, "writing SIP bindings failed");
    }
  }

  private defer(op: () => void): void {
    this.pending.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    // A microtask, not setImmediate: it must run inside the turn's open transaction, before the turn's commit.
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
