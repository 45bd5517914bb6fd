import type { Clock, TimerHandle } from "../../lib/index.ts";
import { deadlineQueue, type Deadline } from "./deadline-queue.ts";

/**
 * The named timers of one transaction. Every transaction owns one, and clears it
 * when it terminates, so a terminated transaction never leaves a timer behind.
 * Two small parallel arrays rather than a Map: a transaction runs 1–3 timers and lives
 * 32 s after its final response, so the Map's hash table was most of its timer memory.
 * Timers are armed in the clock's shared {@link deadlineQueue} of their duration (one clock timer
 * per duration, not per transaction).
 */
export class TimerSet<Name extends string> {
  private readonly names: Name[] = [];
  private readonly handles: (Deadline | TimerHandle)[] = [];

  constructor(private readonly clock: Clock) {}

  /** (Re)start a timer; a running timer of the same name is cleared first. */
  start(name: Name, ms: number, fire: () => void): void {
    this.stop(name);
    const run = () => {
      this.forget(name);
      fire();
    };
    const queue = deadlineQueue(this.clock, ms);
    const handle = queue ? queue.arm(run) : this.clock.setTimeout(run, ms);
    this.names.push(name);
    this.handles.push(handle);
  }

  stop(name: Name): void {
    const at = this.names.indexOf(name);
    if (at < 0) return;
    this.clear(this.handles[at]!);
    this.remove(at);
  }

  stopAll(): void {
    for (const handle of this.handles) this.clear(handle);
    this.names.length = 0;
    this.handles.length = 0;
  }

  get size(): number {
    return this.names.length;
  }

  private clear(handle: Deadline | TimerHandle): void {
    if (typeof handle === "object" && handle !== null && "queue" in handle) handle.queue.stop(handle);
    else this.clock.clearTimeout(handle as TimerHandle);
  }

  private forget(name: Name): void {
    const at = this.names.indexOf(name);
    if (at >= 0) this.remove(at);
  }

  private remove(at: number): void {
    this.names.splice(at, 1);
    this.handles.splice(at, 1);
  }
}
