import type { Clock, TimerHandle } from "../../lib/index.ts";

/** One armed deadline; `fire` is dropped when stopped so a stopped transaction is not kept alive by its closure. */
export interface Deadline {
  at: number;
  fire: (() => void) | null;
  queue: DeadlineQueue;
}

/**
 * The deadlines of one duration, in one clock timer (issue 12). A transaction's timers have a few
 * fixed durations (T1·2ⁿ, T2, T4, 64·T1), so for one duration the order of arming is the order of
 * expiry: a FIFO, whose head alone needs a clock timer. At thousands of transactions a second this
 * replaces ~10⁵ live timers (Timers B and F run 32 s for every request sent) by one per duration.
 * Deadlines due within `gap` ms of each other fire together: a few ms late, never early.
 */
export class DeadlineQueue {
  private readonly items = new ChunkedFifo<Deadline>();
  private timer: TimerHandle | undefined;
  /** Deadlines armed and neither fired nor stopped: at 0 the clock timer goes, so nothing is left behind. */
  private live = 0;
  private readonly gap: number;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
  ) {
    this.gap = Math.min(10, Math.floor(ms / 50));
  }

  arm(fire: () => void): Deadline {
    const d: Deadline = { at: this.clock.now() + this.ms, fire, queue: this };
    this.items.push(d);
    this.live++;
    if (this.timer === undefined) this.schedule(this.ms);
    return d;
  }

  /** Stop a deadline (a no-op once fired or stopped). */
  stop(d: Deadline): void {
    if (!d.fire) return;
    d.fire = null;
    if (--this.live > 0) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.items.clear();
  }

  private schedule(delay: number): void {
    this.timer = this.clock.setTimeout(() => this.run(), delay);
  }

  private run(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (let d = this.items.peek(); d !== undefined && d.at <= now; d = this.items.peek()) {
      this.items.shift();
      const fire = d.fire;
      d.fire = null;
      if (fire) {
        this.live--;
        fire();
      }
    }
    const next = this.items.peek();
    if (this.timer === undefined && next !== undefined) this.schedule(Math.max(next.at - this.clock.now(), this.gap));
  }
}

/** Entries per chunk of a {@link ChunkedFifo}. */
const CHUNK = 1024;

/**
 * A first-in first-out list kept in chunks of {@link CHUNK} (issue 12). One array of every armed
 * deadline (10⁵ and more for the 32 s timers under load), changed by every push, was rescanned whole
 * by each young-generation collection; here a push changes only the newest chunk and a shift the oldest.
 */
class ChunkedFifo<T> {
  private chunks: T[][] = [];
  /** Next entry to shift in `chunks[0]`. */
  private head = 0;

  push(item: T): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.length < CHUNK) last.push(item);
    else this.chunks.push([item]);
  }

  peek(): T | undefined {
    const first = this.chunks[0];
    return first === undefined ? undefined : first[this.head];
  }

  shift(): void {
    const first = this.chunks[0];
    if (first === undefined) return;
    first[this.head++] = undefined as never; // let the entry go
    if (this.head === first.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
  }
}

const queues = new WeakMap<Clock, Map<number, DeadlineQueue>>();
/** Durations a clock gets a shared queue for, at most; beyond, timers use the clock directly. */
const MAX_QUEUES = 64;

/** The shared queue of `ms` on `clock`, or undefined when the clock already has too many. */
export function deadlineQueue(clock: Clock, ms: number): DeadlineQueue | undefined {
  let byMs = queues.get(clock);
  if (!byMs) queues.set(clock, (byMs = new Map()));
  let q = byMs.get(ms);
  if (!q && byMs.size < MAX_QUEUES) byMs.set(ms, (q = new DeadlineQueue(clock, ms)));
  return q;
}

/** A timer armed by {@link armDeadline}. */
export type ArmedDeadline = Deadline | TimerHandle;

/** Arm `fire` in `ms` on the clock's shared queue of that duration, or on the clock itself when it has too many. */
export function armDeadline(clock: Clock, ms: number, fire: () => void): ArmedDeadline {
  const queue = deadlineQueue(clock, ms);
  return queue ? queue.arm(fire) : clock.setTimeout(fire, ms);
}

/** Stop a timer armed by {@link armDeadline} (a no-op once it fired). */
export function disarmDeadline(clock: Clock, handle: ArmedDeadline): void {
  if (typeof handle === "object" && handle !== null && "queue" in handle) handle.queue.stop(handle);
  else clock.clearTimeout(handle as TimerHandle);
}
