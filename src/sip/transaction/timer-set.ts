import type { Clock, TimerHandle } from "../../lib/index.ts";

/**
 * The named timers of one transaction. Every transaction owns one, and clears it
 * when it terminates, so a terminated transaction never leaves a timer behind.
 */
export class TimerSet<Name extends string> {
  private readonly handles = new Map<Name, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  /** (Re)start a timer; a running timer of the same name is cleared first. */
  start(name: Name, ms: number, fire: () => void): void {
    this.stop(name);
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(name);
      fire();
    }, ms);
    this.handles.set(name, handle);
  }

  stop(name: Name): void {
    const handle = this.handles.get(name);
    if (handle !== undefined) {
      this.clock.clearTimeout(handle);
      this.handles.delete(name);
    }
  }

  stopAll(): void {
    for (const handle of this.handles.values()) this.clock.clearTimeout(handle);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}
