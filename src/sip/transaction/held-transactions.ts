import type { Clock, TimerHandle } from "../../lib/index.ts";
import { parseMessage, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import type { ClientTransactionHandlers, ServerHold, TransactionContext } from "./types.ts";

/**
 * A server transaction reduced to what its last state does (issue 12): at thousands of requests a
 * second, 32 s of whole transactions with their parsed requests and responses were most of the
 * heap, and the collector's pauses overflowed the socket. The layer keeps this record instead for
 * the rest of the transaction's life, in a {@link HeldTable}; the transaction object itself can be
 * collected. A response to resend is kept in its wire form (one flat string instead of a parsed
 * message that also holds the request's datagram through its header values) and parsed again on the
 * rare retransmission.
 */
export class HeldServer {
  readonly toTag: string | undefined;
  private readonly passAck: boolean;

  /** `wire`: `hold.resend` as sent (the layer has it from the send), so the parsed response is not kept. */
  constructor(
    hold: ServerHold,
    private readonly wire: string | undefined,
    private readonly target: Endpoint,
    private readonly ctx: TransactionContext,
  ) {
    this.toTag = hold.toTag;
    this.passAck = hold.passAck === true;
  }

  /** True when an ACK matching the transaction goes to the TU. */
  receiveAck(): boolean {
    return this.passAck;
  }

  receiveRequest(): void {
    if (this.wire !== undefined) this.ctx.send(parseMessage(this.wire), this.target);
  }
}

/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4) reduced to its one duty until Timer M:
 * "any 2xx responses that match this client transaction ... MUST be passed up to the TU"; without
 * handlers, a non-INVITE one in Completed (§17.1.2.2), which only absorbs retransmitted responses until Timer K.
 */
export class HeldClient {
  constructor(
    private readonly handlers: ClientTransactionHandlers | undefined,
    private readonly ctx: TransactionContext,
  ) {}

  receiveResponse(response: SipResponse): void {
    const handlers = this.handlers;
    if (!handlers || response.status < 200 || response.status >= 300) return;
    this.ctx.callUser("onResponse", () => handlers.onResponse(response));
  }
}

/** Width of a {@link HeldTable}'s buckets: a record leaves at most this late, never early. */
export const HELD_GRAIN_MS = 2000;

interface Bucket<T> {
  /** When every record in it may go. */
  readonly until: number;
  readonly records: Map<string, T>;
}

/** Slots of a {@link HeldTable}'s presence counts (2²¹ bytes: ≈ 15 % of them taken at 340,000 held). */
const PRESENCE_BITS = 21;
const PRESENCE_MASK = (1 << PRESENCE_BITS) - 1;
/** A count this high stays (the slot then always answers "maybe"). */
const STUCK = 0xff;

/** FNV-1a of the id, folded into a presence slot. */
function slotOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> PRESENCE_BITS)) & PRESENCE_MASK;
}

/**
 * Held records filed by when they end, one map per {@link HELD_GRAIN_MS} of end time, and dropped a
 * whole map at a time (issue 12). One map of every held record (≈ 450,000 at 14,000 registrations/s
 * for Timer J's 32 s), changed by every message, was rescanned whole by each young-generation
 * collection: ≈ 25 % of the process's CPU in the REGISTER ramp (perf). Here only the newest maps
 * change; older ones are only read, and there is no timer or delete per record.
 * Most lookups are of a new request's id, held nowhere: a count of held ids per hash slot (a typed
 * array, which the collector does not scan) answers those at once instead of a miss in each of the
 * ≈ 17 maps (measured: 1.9 µs per miss at 340,000 held, each map a cache miss; the hash ≈ 0.1 µs).
 */
export class HeldTable<T> {
  /** Earliest end first. */
  private buckets: Bucket<T>[] = [];
  private timer: TimerHandle | undefined;
  /** Held records per slot of their id's hash: 0 means the id is held nowhere. */
  private readonly presence = new Uint8Array(1 << PRESENCE_BITS);

  constructor(
    private readonly clock: Clock,
    private readonly grain = HELD_GRAIN_MS,
  ) {}

  /** Keep `record` under `id` for at least `ms`. */
  add(id: string, record: T, ms: number): void {
    const until = Math.ceil((this.clock.now() + ms) / this.grain) * this.grain;
    const buckets = this.buckets;
    let i = buckets.length - 1;
    while (i >= 0 && buckets[i]!.until > until) i--;
    let bucket = buckets[i];
    if (bucket === undefined || bucket.until !== until) {
      bucket = { until, records: new Map() };
      buckets.splice(i + 1, 0, bucket);
      if (i < 0) this.schedule(); // a new earliest end
    }
    const records = bucket.records;
    const before = records.size;
    records.set(id, record);
    // Counted once per bucket it is in: a second add to the same bucket only replaces the record.
    if (records.size !== before) {
      const slot = slotOf(id);
      if (this.presence[slot]! !== STUCK) this.presence[slot]!++;
    }
  }

  /** The record under `id` (the one held longest, should there be several). */
  get(id: string): T | undefined {
    const buckets = this.buckets;
    if (buckets.length === 0 || this.presence[slotOf(id)] === 0) return undefined;
    for (let i = buckets.length - 1; i >= 0; i--) {
      const record = buckets[i]!.records.get(id);
      if (record !== undefined) return record;
    }
    return undefined;
  }

  get size(): number {
    let n = 0;
    for (const b of this.buckets) n += b.records.size;
    return n;
  }

  /** Forget everything and stop the timer (shutdown). */
  clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.buckets = [];
    this.presence.fill(0);
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const first = this.buckets[0];
    this.timer = first === undefined ? undefined : this.clock.setTimeout(this.expire, Math.max(0, first.until - this.clock.now()));
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = this.clock.now();
    let n = 0;
    while (n < this.buckets.length && this.buckets[n]!.until <= now) n++;
    for (let i = 0; i < n; i++) {
      for (const id of this.buckets[i]!.records.keys()) {
        const slot = slotOf(id);
        if (this.presence[slot]! !== STUCK) this.presence[slot]!--;
      }
    }
    if (n > 0) this.buckets.splice(0, n);
    this.schedule();
  };
}

/** Drop `key` from `table` when it still means `entry` (a newer transaction may have taken its place). */
export function forgetEntry<T>(table: Map<string, T>, key: string, entry: T): void {
  if (table.get(key) === entry) table.delete(key);
}
