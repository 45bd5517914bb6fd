import type { Clock, Logger } from "../lib/index.ts";

/** What a drain needs from the running appliance (main.ts wires SIP and telephony in). */
export interface DrainTarget {
  /** From now on answer new INVITEs 503 with `Retry-After` (RFC 3261 §21.5.4). */
  refuseNewCalls(retryAfterSeconds: number): void;
  /** Calls still in progress. */
  liveCalls(): number;
  /** End every call left with BYE; the call records say `shutdown`. */
  endAll(): void;
  /**
   * Client transactions still open, for the last log line only: a finished non-INVITE transaction stays
   * for Timer K and an INVITE one for Timer D (RFC 3261 §17.1), and OPTIONS probes or trunk REGISTERs
   * come and go, so they never hold the drain (issue 11).
   */
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
/** The longest the legs we end may take to be gone (their BYEs sent) before the process goes. */
const BYE_GRACE_MS = 2000;
/** A moment for the BYEs just sent to leave the sockets (TCP/TLS writes are buffered). */
const BYE_FLUSH_MS = 200;

/**
 * Graceful shutdown (X5): refuse new calls at once, let calls in progress finish on their own for up
 * to `limitSeconds` (returning as soon as none is up), then end the rest with BYE and give those BYEs
 * a moment to leave. Client transactions alone never keep the drain waiting.
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
    // Only calls hold the drain: once every leg is gone (its BYE sent), a short flush and we go; open
    // transactions (a BYE's lingering Timer K, an OPTIONS probe to a dead trunk) do not (issue 11).
    const byeDeadline = clock.now() + BYE_GRACE_MS;
    while (target.liveCalls() > 0 && clock.now() < byeDeadline) await sleep(50);
    await sleep(BYE_FLUSH_MS);
    const open = target.pendingRequests();
    if (open > 0) log.info({ transactions: open }, "drained: leaving with client transactions still open (they do not hold the drain)");
  }
  return { atStart, ended, waitedMs: clock.now() - started };
}
