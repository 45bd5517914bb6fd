import type { Logger } from "../lib/index.ts";
import type { Binding, LocationStore } from "./registrar/index.ts";

/** A location store that can run several writes as one (a database transaction). */
export type BatchingLocationStore = LocationStore & { batch?(fn: () => void): void };

/**
 * Binding writes held until the end of the event loop's turn and written together (issue 12, SIP hot
 * path): at thousands of REGISTERs a second one transaction per turn instead of one per REGISTER.
 * The registrar answers from memory; the store is read only at start-up and by admin views, and every
 * read first writes what is held, so nothing written is ever missed by a reader. A crash loses at
 * most the writes of the last turn (the phones refresh them).
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
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
