import type { Clock, Logger } from "../lib/index.ts";

/** What a drain needs from the running appliance (main.ts wires SIP and telephony in). */
export interface DrainTarget {
  /** From now on answer new INVITEs 503 with `Retry-After` (RFC 3261 §21.5.4). */
  refuseNewCalls(retryAfterSeconds: number): void;
  /** Calls still in progress. */
  liveCalls(): number;
  /** End every call left with BYE; the call records say `shutdown`. */
  endAll(): void;
  /** Client transactions still waiting for an answer (the BYEs just sent). */
  pendingRequests(): number;
}

/** How a drain went, for the last log line. */
export interface DrainResult {
  /** Calls in progress when the drain began. */
  atStart: number;
  /** Calls that were still up at the deadline and were ended by us. */
  ended: number;
  waitedMs: number;
}

const POLL_MS = 250;
/** How long the BYEs of the calls we end may take to be answered before the process goes. */
const BYE_GRACE_MS = 2000;

/**
 * Graceful shutdown (X5): refuse new calls at once, let calls in progress finish on their own for up
 * to `limitSeconds`, then end the rest with BYE and give those BYEs a moment to be answered.
 */
export async function drainCalls(target: DrainTarget, limitSeconds: number, clock: Clock, log: Logger): Promise<DrainResult> {
  const started = clock.now();
  const deadline = started + limitSeconds * 1000;
  target.refuseNewCalls(Math.max(1, Math.min(limitSeconds, 600)));
  const atStart = target.liveCalls();
  if (atStart > 0) log.info({ calls: atStart, limitSeconds }, "draining: new calls refused, waiting for calls in progress");
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  while (target.liveCalls() > 0 && clock.now() < deadline) await sleep(Math.min(POLL_MS, deadline - clock.now()));
  const ended = target.liveCalls();
  if (ended > 0) {
    log.warn({ calls: ended }, "drain limit reached: ending the calls left");
    target.endAll();
    const byeDeadline = clock.now() + BYE_GRACE_MS;
    while (target.pendingRequests() > 0 && clock.now() < byeDeadline) await sleep(50);
  }
  return { atStart, ended, waitedMs: clock.now() - started };
}
