import { parseMessage, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { armDeadline, disarmDeadline, type ArmedDeadline } from "./deadline-queue.ts";
import type { ClientTransactionHandlers, ServerHold, TransactionContext } from "./types.ts";

/**
 * A server transaction reduced to what its last state does (issue 12): at thousands of requests a
 * second, 32 s of whole transactions with their parsed requests and responses were most of the
 * heap, and the collector's pauses overflowed the socket. The layer keeps this record instead for
 * the rest of the transaction's life; the transaction object itself can be collected. A response to
 * resend is kept in its wire form (one flat string instead of a parsed message that also holds the
 * request's datagram through its header values) and parsed again on the rare retransmission.
 */
export class HeldServer {
  readonly toTag: string | undefined;
  private readonly passAck: boolean;
  private readonly end: ArmedDeadline;

  /** `wire`: `hold.resend` as sent (the layer has it from the send), so the parsed response is not kept. */
  constructor(
    hold: ServerHold,
    private readonly wire: string | undefined,
    private readonly target: Endpoint,
    private readonly ctx: TransactionContext,
    ms: number,
    expire: () => void,
  ) {
    this.toTag = hold.toTag;
    this.passAck = hold.passAck === true;
    this.end = armDeadline(ctx.clock, ms, expire);
  }

  /** True when an ACK matching the transaction goes to the TU. */
  receiveAck(): boolean {
    return this.passAck;
  }

  receiveRequest(): void {
    if (this.wire !== undefined) this.ctx.send(parseMessage(this.wire), this.target);
  }

  dispose(): void {
    disarmDeadline(this.ctx.clock, this.end);
  }
}

/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4) reduced to its one duty until Timer M:
 * "any 2xx responses that match this client transaction ... MUST be passed up to the TU".
 */
export class HeldClient {
  private readonly end: ArmedDeadline;

  constructor(
    private readonly handlers: ClientTransactionHandlers,
    private readonly ctx: TransactionContext,
    ms: number,
    expire: () => void,
  ) {
    this.end = armDeadline(ctx.clock, ms, expire);
  }

  receiveResponse(response: SipResponse): void {
    if (response.status < 200 || response.status >= 300) return;
    this.ctx.callUser("onResponse", () => this.handlers.onResponse(response));
  }

  dispose(): void {
    disarmDeadline(this.ctx.clock, this.end);
  }
}
