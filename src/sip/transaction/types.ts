import type { Clock, Event, Logger } from "../../lib/index.ts";
import type { SipMessage, SipRequest, SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import type { TransactionTimers } from "./timers.ts";

/** The layer above the transactions (proxy, registrar, dialogs): receives what the layer does not absorb. */
export interface TransactionUser {
  /** A request that created a new server transaction. For ACK to a 2xx (no transaction) `tx` is null. */
  onRequest(request: SipRequest, tx: ServerTransaction | null, source: Endpoint): void;
  /** A response that matched no client transaction (e.g. a 2xx retransmission a proxy must forward statelessly). */
  onStrayResponse?(response: SipResponse, source: Endpoint): void;
}

/** A server transaction as the TU sees it (RFC 3261 §17.2). */
export interface ServerTransaction {
  readonly request: SipRequest;
  readonly source: Endpoint;
  readonly id: string;
  /** Send a response (provisional or final); retransmissions of the request are answered with the last one. */
  respond(response: SipResponse): void;
  /**
   * Answer as a stateless UAS (RFC 3261 §8.2.7, "typically used for unauthenticated requests for
   * which a challenge response is issued"): the response leaves once and the transaction ends. An
   * INVITE's is remembered for a few seconds (timer `stateless`, not Timer H's 32 s): a retransmitted
   * INVITE gets the same response again and the ACK to it is absorbed. Only before any response was sent.
   */
  respondStatelessly(response: SipResponse): void;
  /** Fired when a CANCEL matching this INVITE server transaction arrives (the layer has already answered the CANCEL 200 OK). RFC 3261 §9.2. */
  readonly onCancel: Event<[SipRequest]>;
  readonly onTerminated: Event<[]>;
  readonly cancelled: boolean;
  readonly state: string;
}

/** What a client transaction reports to the TU that started it. */
export interface ClientTransactionHandlers {
  onResponse(response: SipResponse): void;
  /** Timer B / F. */
  onTimeout(): void;
  /** `send` threw. */
  onTransportError?(): void;
}

/** A client transaction as the TU sees it (RFC 3261 §17.1). */
export interface ClientTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly onTerminated: Event<[]>;
  readonly state: string;
}

/** Everything a transaction needs from the layer that owns it. */
export interface TransactionContext {
  readonly clock: Clock;
  readonly log: Logger;
  readonly timers: TransactionTimers;
  /** Send a message; false when the transport threw (already logged). */
  send(message: SipMessage, target: Endpoint): boolean;
  /** Run a TU callback; an exception is logged, never propagated into the layer. */
  callUser(what: string, fn: () => void): void;
  /**
   * Take over a server transaction that sent its final response (issue 12): for its last timer's `ms`
   * the layer keeps only `hold`, so the request, the responses and the transaction can be collected.
   * Absent (a transaction alone in a test), the transaction runs that timer itself.
   */
  holdServer?(id: string, hold: ServerHold, target: Endpoint, ms: number): void;
  /**
   * The same for a client transaction: an INVITE one in Accepted keeps only `handlers` until Timer M
   * (later 2xx go to them); a non-INVITE one in Completed keeps nothing until Timer K (retransmitted
   * responses are absorbed).
   */
  holdClient?(id: string, handlers: ClientTransactionHandlers | undefined, ms: number): void;
}

/** What a server transaction still does after its final response, until its last timer (J, I or L). */
export interface ServerHold {
  /** Resent when the request is retransmitted (non-INVITE Completed, RFC 3261 §17.2.2); absent: absorbed. */
  resend?: SipResponse;
  /** An ACK goes to the TU (INVITE Accepted, RFC 6026 §8.7) instead of being absorbed (Confirmed). */
  passAck?: boolean;
  /** To tag of the final response, for a late CANCEL's 200 (RFC 3261 §9.2). */
  toTag?: string;
}
