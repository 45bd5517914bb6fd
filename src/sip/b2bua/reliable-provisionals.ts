import type { Clock, TimerHandle } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";

const T1 = 500;

/** Option tags of a header list (Require, Supported), lower-cased. */
export function optionTags(request: SipRequest | SipResponse, header: string): string[] {
  return request.headers.getAll(header).flatMap((v) => v.split(",")).map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/**
 * Reliable provisional responses of a UAS (RFC 3262 §3), used when the caller's INVITE says
 * `Require: 100rel`: each 18x carries `Require: 100rel` and an RSeq, is retransmitted from T1,
 * doubling, until its PRACK comes, and the next one waits for it ("the UAS MUST NOT send a second
 * reliable provisional response until the first is acknowledged"). Without a PRACK for 64·T1 the
 * INVITE is given up ("the UAS SHOULD reject the original request with a 5xx response").
 */
export class ReliableProvisionals {
  /** "The value of the RSeq in each response ... initial value ... between 1 and 2**31 - 1", kept low. */
  private rseq = 1 + Math.floor(Math.random() * 100_000);
  private pending?: { response: SipResponse; rseq: number; timer?: TimerHandle; giveUp?: TimerHandle };
  private readonly queue: SipResponse[] = [];
  private readonly settledWaiters: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly transmit: (response: SipResponse) => void,
    private readonly cseq: number,
    private readonly onGiveUp: () => void,
  ) {}

  /** Is a reliable provisional response still waiting for its PRACK? */
  get unacknowledged(): boolean {
    return this.pending !== undefined;
  }

  /** Send `response` (an 18x) reliably, after the one waiting for its PRACK if any. */
  send(response: SipResponse): void {
    if (this.pending) {
      this.queue.push(response);
      return;
    }
    const rseq = this.rseq++;
    response.headers.set("require", "100rel");
    response.headers.set("rseq", String(rseq));
    this.pending = { response, rseq };
    this.transmit(response);
    this.retransmit(T1);
    this.pending.giveUp = this.clock.setTimeout(() => {
      this.stop();
      this.onGiveUp();
    }, 64 * T1);
  }

  /**
   * A PRACK's RAck ("response-num CSeq-num method", §7.2): true when it acknowledges the pending
   * response; then the next queued one goes out. A PRACK that matches nothing is answered 481 by the caller.
   */
  prack(rack: string | undefined): boolean {
    const m = /^\s*(\d+)\s+(\d+)\s+INVITE\s*$/i.exec(rack ?? "");
    const pending = this.pending;
    if (!m || !pending || Number(m[1]) !== pending.rseq || Number(m[2]) !== this.cseq) return false;
    this.clearTimers();
    this.pending = undefined;
    const next = this.queue.shift();
    if (next) this.send(next);
    else for (const resolve of this.settledWaiters.splice(0)) resolve();
    return true;
  }

  /** Run `then` once nothing waits for a PRACK (a 2xx must not overtake an unacknowledged answer, §3). */
  whenSettled(then: () => void): void {
    if (!this.pending) return then();
    this.settledWaiters.push(then);
  }

  /** Stop retransmitting (the call ended or got its final answer). */
  stop(): void {
    this.clearTimers();
    this.pending = undefined;
    this.queue.length = 0;
    this.settledWaiters.length = 0;
  }

  private retransmit(interval: number): void {
    const pending = this.pending;
    if (!pending) return;
    pending.timer = this.clock.setTimeout(() => {
      if (this.pending !== pending) return;
      this.transmit(pending.response);
      this.retransmit(interval * 2);
    }, interval);
  }

  private clearTimers(): void {
    if (this.pending?.timer) this.clock.clearTimeout(this.pending.timer);
    if (this.pending?.giveUp) this.clock.clearTimeout(this.pending.giveUp);
  }
}
