/**
 * Time spent in one area of the code, process-wide (issue 17: what the routing explainer's trail and
 * the qualify probes cost the running appliance, on `/metrics` as `cc_trail_seconds_total` and
 * `cc_qualify_seconds_total`). Call `enter()` before the area's work and `leave()` after it, in a
 * `finally`; nested entries (a round that pushes a step) count once. `enter()` measures with
 * `performance.now()` (about 0.15 µs, no allocation): the code is synchronous, so this is its CPU time
 * plus any time the thread was preempted inside it, an upper bound of its CPU time. A section that can
 * wait on I/O (a SQLite write whose commit checkpoints the WAL and fsyncs) uses `enterCpu()` /
 * `leaveCpu()` instead: the thread's CPU time (two system calls, a few µs; for sections entered a few
 * times a second, never per step or per packet), so a disk wait the write happens to trigger is not
 * taken for the area's work.
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

  /** Like `enter()`, counting the thread's CPU time instead of the wall time (see the class). */
  enterCpu(): void {
    if (this.depth++ === 0) this.since = threadCpuMs();
  }

  /** Ends a section begun with `enterCpu()`. */
  leaveCpu(): void {
    if (this.depth === 0) return;
    if (--this.depth === 0) {
      this.ms += threadCpuMs() - this.since;
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

type ThreadCpu = () => { user: number; system: number };
const threadCpu = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage?.bind(process);

/** CPU time of the calling thread, ms (wall time where the runtime cannot tell). */
export function threadCpuMs(): number {
  if (!threadCpu) return performance.now();
  const u = threadCpu();
  return (u.user + u.system) / 1000;
}

/**
 * The process's code timers (one JS thread each: a media worker has its own copies, which stay 0).
 * - `trail`: the ACD's offer round (facts, signature), every trail step pushed (wall time), every
 *   batched write (thread CPU time).
 * - `qualify`: the OPTIONS probes of registered phones: the pass that sends the due probes
 *   (building, serializing and sending each through its client transaction) and each answer's or
 *   miss's handling. Not the parsing of the answer, which the SIP transport does before it knows
 *   whose answer it is.
 */
export const codeTime = { trail: new CodeTimer(), qualify: new CodeTimer() } as const;
