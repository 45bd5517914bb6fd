import type { SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { TimerSet } from "./timer-set.ts";
import type { ClientTransactionHandlers, ServerHold, TransactionContext } from "./types.ts";

/**
 * A server transaction reduced to what its last state does (issue 12): at thousands of requests a
 * second, 32 s of whole transactions with their parsed requests and responses were most of the
 * heap, and the collector's pauses overflowed the socket. The layer keeps this record instead for
 * the rest of the transaction's life; the transaction object itself can be collected.
 */
export class HeldServer {
  private readonly timers: TimerSet<"end">;

  constructor(
    private readonly hold: ServerHold,
    private readonly target: Endpoint,
    private readonly ctx: TransactionContext,
    ms: number,
    expire: () => void,
  ) {
    this.timers = new TimerSet(ctx.clock);
    this.timers.start("end", ms, expire);
  }

  get toTag(): string | undefined {
    return this.hold.toTag;
  }

  /** True when an ACK matching the transaction goes to the TU. */
  receiveAck(): boolean {
    return this.hold.passAck === true;
  }

  receiveRequest(): void {
    if (this.hold.resend) this.ctx.send(this.hold.resend, this.target);
  }

  dispose(): void {
    this.timers.stopAll();
  }
}

/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4) reduced to its one duty until Timer M:
 * "any 2xx responses that match this client transaction ... MUST be passed up to the TU".
 */
export class HeldClient {
  private readonly timers: TimerSet<"M">;

  constructor(
    private readonly handlers: ClientTransactionHandlers,
    private readonly ctx: TransactionContext,
    ms: number,
    expire: () => void,
  ) {
    this.timers = new TimerSet(ctx.clock);
    this.timers.start("M", ms, expire);
  }

  receiveResponse(response: SipResponse): void {
    if (response.status < 200 || response.status >= 300) return;
    this.ctx.callUser("onResponse", () => this.handlers.onResponse(response));
  }

  dispose(): void {
    this.timers.stopAll();
  }
}
