import type { Clock } from "../../lib/index.ts";
import { armDeadline, disarmDeadline, type ArmedDeadline } from "./deadline-queue.ts";

/**
 * The named timers of one transaction. Every transaction owns one, and clears it
 * when it terminates, so a terminated transaction never leaves a timer behind.
 * Two small parallel arrays rather than a Map: a transaction runs 1–3 timers and lives
 * 32 s after its final response, so the Map's hash table was most of its timer memory.
 * Timers are armed with {@link armDeadline} in the clock's shared queue of their duration (one clock timer
 * per duration, not per transaction).
 */
export class TimerSet<Name extends string> {
  private readonly names: Name[] = [];
  private readonly handles: ArmedDeadline[] = [];

  constructor(private readonly clock: Clock) {}

  /** (Re)start a timer; a running timer of the same name is cleared first. */
  start(name: Name, ms: number, fire: () => void): void {
    this.stop(name);
    const run = () => {
      this.forget(name);
      fire();
    };
    this.names.push(name);
    this.handles.push(armDeadline(this.clock, ms, run));
  }

  stop(name: Name): void {
    const at = this.names.indexOf(name);
    if (at < 0) return;
    disarmDeadline(this.clock, this.handles[at]!);
    this.remove(at);
  }

  stopAll(): void {
    for (const handle of this.handles) disarmDeadline(this.clock, handle);
    this.names.length = 0;
    this.handles.length = 0;
  }

  get size(): number {
    return this.names.length;
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
