import { parseMessage, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { armEntry, disarmDeadline, type ArmedDeadline, type Deadline, type DeadlineQueue } from "./deadline-queue.ts";
import type { ClientTransactionHandlers, ServerHold, TransactionContext } from "./types.ts";

/**
 * A server transaction reduced to what its last state does (issue 12): at thousands of requests a
 * second, 32 s of whole transactions with their parsed requests and responses were most of the
 * heap, and the collector's pauses overflowed the socket. The layer keeps this record instead for
 * the rest of the transaction's life; the transaction object itself can be collected. A response to
 * resend is kept in its wire form (one flat string instead of a parsed message that also holds the
 * request's datagram through its header values) and parsed again on the rare retransmission.
 * The record is its own deadline in the clock's queue (no closure and no deadline object each): at
 * its end it leaves `table`, where it is filed under `id`.
 */
export class HeldServer implements Deadline {
  readonly toTag: string | undefined;
  private readonly passAck: boolean;
  at = 0;
  fire: ((this: Deadline) => void) | null = leaveTable;
  queue: DeadlineQueue | undefined;
  private readonly armed: ArmedDeadline;

  /** `wire`: `hold.resend` as sent (the layer has it from the send), so the parsed response is not kept. */
  constructor(
    hold: ServerHold,
    private readonly wire: string | undefined,
    private readonly target: Endpoint,
    private readonly ctx: TransactionContext,
    ms: number,
    readonly table: Map<string, unknown>,
    readonly id: string,
  ) {
    this.toTag = hold.toTag;
    this.passAck = hold.passAck === true;
    this.armed = armEntry(ctx.clock, ms, this);
  }

  /** True when an ACK matching the transaction goes to the TU. */
  receiveAck(): boolean {
    return this.passAck;
  }

  receiveRequest(): void {
    if (this.wire !== undefined) this.ctx.send(parseMessage(this.wire), this.target);
  }

  dispose(): void {
    disarmDeadline(this.ctx.clock, this.armed);
  }
}

/** Drop `key` from `table` when it still means `entry` (a held record may have taken a transaction's place). */
export function forgetEntry<T>(table: Map<string, T>, key: string, entry: T): void {
  if (table.get(key) === entry) table.delete(key);
}

/** A held record's deadline: it leaves its table. */
function leaveTable(this: Deadline): void {
  const record = this as HeldServer | HeldClient;
  forgetEntry(record.table, record.id, record);
}

/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4) reduced to its one duty until Timer M:
 * "any 2xx responses that match this client transaction ... MUST be passed up to the TU"; without
 * handlers, a non-INVITE one in Completed (§17.1.2.2), which only absorbs retransmitted responses until Timer K.
 */
export class HeldClient implements Deadline {
  at = 0;
  fire: ((this: Deadline) => void) | null = leaveTable;
  queue: DeadlineQueue | undefined;
  private readonly armed: ArmedDeadline;

  constructor(
    private readonly handlers: ClientTransactionHandlers | undefined,
    private readonly ctx: TransactionContext,
    ms: number,
    readonly table: Map<string, unknown>,
    readonly id: string,
  ) {
    this.armed = armEntry(ctx.clock, ms, this);
  }

  receiveResponse(response: SipResponse): void {
    const handlers = this.handlers;
    if (!handlers || response.status < 200 || response.status >= 300) return;
    this.ctx.callUser("onResponse", () => handlers.onResponse(response));
  }

  dispose(): void {
    disarmDeadline(this.ctx.clock, this.armed);
  }
}
