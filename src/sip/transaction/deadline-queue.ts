import type { Clock, TimerHandle } from "../../lib/index.ts";

/**
 * One armed deadline; `fire` is dropped when stopped so a stopped transaction is not kept alive by its
 * closure. It is called with the deadline as `this`, so an object can be its own deadline and share one
 * function instead of a closure each (see {@link armEntry}).
 */
export interface Deadline {
  at: number;
  fire: ((this: Deadline) => void) | null;
  queue: DeadlineQueue | undefined;
}

/**
 * The deadlines of one duration, in one clock timer (issue 12). A transaction's timers have a few
 * fixed durations (T1·2ⁿ, T2, T4, 64·T1), so for one duration the order of arming is the order of
 * expiry: a FIFO, whose head alone needs a clock timer. At thousands of transactions a second this
 * replaces ~10⁵ live timers (Timer J holds each non-INVITE transaction 32 s) by one per duration.
 * Deadlines due within `gap` ms of each other fire together: a few ms late, never early.
 */
export class DeadlineQueue {
  private items: Deadline[] = [];
  private head = 0;
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
    const d: Deadline = { at: 0, fire, queue: this };
    this.armEntry(d);
    return d;
  }

  /** Arm an object that is its own deadline (its `fire` set). */
  armEntry(d: Deadline): void {
    d.at = this.clock.now() + this.ms;
    d.queue = this;
    this.items.push(d);
    this.live++;
    if (this.timer === undefined) this.schedule(this.ms);
  }

  /** Stop a deadline (a no-op once fired or stopped). */
  stop(d: Deadline): void {
    if (!d.fire) return;
    d.fire = null;
    if (--this.live > 0) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.head = 0;
  }

  private schedule(delay: number): void {
    this.timer = this.clock.setTimeout(() => this.run(), delay);
  }

  private run(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head < this.items.length) {
      const d = this.items[this.head]!;
      if (d.at > now) break;
      this.items[this.head++] = undefined as never;
      const fire = d.fire;
      d.fire = null;
      if (fire) {
        this.live--;
        fire.call(d);
      }
    }
    // Compact once the consumed prefix dominates, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.timer === undefined && this.head < this.items.length) {
      this.schedule(Math.max(this.items[this.head]!.at - this.clock.now(), this.gap));
    } else if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
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
  if (typeof handle === "object" && handle !== null && "queue" in handle) handle.queue?.stop(handle);
  else clock.clearTimeout(handle as TimerHandle);
}

/**
 * Arm `entry` (a deadline whose `fire` is set) in `ms` on the clock's shared queue of that duration, or
 * on the clock itself when it has too many queues; {@link disarmDeadline} stops what this returns.
 */
export function armEntry(clock: Clock, ms: number, entry: Deadline): ArmedDeadline {
  const queue = deadlineQueue(clock, ms);
  if (!queue) return clock.setTimeout(() => entry.fire?.call(entry), ms);
  queue.armEntry(entry);
  return entry;
}
