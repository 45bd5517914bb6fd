/**
 * Time spent in one area of the code, process-wide (issue 17: what the routing explainer's trail and
 * the qualify probes cost the running appliance, on `/metrics` as `cc_trail_seconds_total` and
 * `cc_qualify_seconds_total`). Call `enter()` before the area's work and `leave()` after it, in a
 * `finally`; nested entries (a round that pushes a step) count once. Measured with
 * `performance.now()` on the thread that runs the code: the code is synchronous, so this is its CPU
 * time plus any preemption by other processes that fell inside it. No allocation per measurement.
 */
export class CodeTimer {
  private depth = 0;
  private since = 0;
  private ms = 0;
  private entries = 0;

  enter(): void {
    if (this.depth++ === 0) this.since = performance.now();
  }

  leave(): void {
    if (this.depth === 0) return;
    if (--this.depth === 0) {
      this.ms += performance.now() - this.since;
      this.entries++;
    }
  }

  /** Seconds spent inside the area since the process started. */
  get seconds(): number {
    return this.ms / 1000;
  }

  /** Outermost entries measured so far. */
  get count(): number {
    return this.entries;
  }
}

/**
 * The process's code timers (one JS thread each: a media worker has its own copies, which stay 0).
 * - `trail`: the ACD's offer round (facts, signature), every trail step pushed, every batched write.
 * - `qualify`: the OPTIONS probes of registered phones: the pass that sends the due probes
 *   (building, serializing and sending each through its client transaction) and each answer's or
 *   miss's handling. Not the parsing of the answer, which the SIP transport does before it knows
 *   whose answer it is.
 */
export const codeTime = { trail: new CodeTimer(), qualify: new CodeTimer() } as const;
