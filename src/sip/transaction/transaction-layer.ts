import { Event, randomToken, silentLogger, type Clock, type Logger } from "../../lib/index.ts";
import { BRANCH_COOKIE, createResponse, serializeMessage, type SipMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import { isReliable, type Endpoint } from "../transport/index.ts";
import { ClientInviteTransaction } from "./client-invite-transaction.ts";
import { ClientNonInviteTransaction } from "./client-non-invite-transaction.ts";
import { ServerInviteTransaction } from "./server-invite-transaction.ts";
import { ServerNonInviteTransaction } from "./server-non-invite-transaction.ts";
import { forgetEntry, HeldClient, HeldServer, HeldTable } from "./held-transactions.ts";
import { deriveTimers, type TimerValues } from "./timers.ts";
import { clientKey, responseKey, serverKey, topBranch } from "./transaction-key.ts";
import type { ClientTransaction, ClientTransactionHandlers, ServerHold, TransactionContext, TransactionUser } from "./types.ts";

type LiveServer = ServerInviteTransaction | ServerNonInviteTransaction;
type LiveClient = ClientInviteTransaction | ClientNonInviteTransaction;

/** Options of a TransactionLayer. */
export interface TransactionLayerOptions {
  clock: Clock;
  /**
   * Hand a message to the transport; may throw (ECONNREFUSED …): the layer catches it. Returns the
   * wire form it sent when it has one, which spares serializing a held response again.
   */
  send: (message: SipMessage, target: Endpoint) => string | void;
  user: TransactionUser;
  log?: Logger;
  timers?: Partial<TimerValues>;
}

/**
 * The SIP transaction layer (RFC 3261 §17, RFC 6026): matches incoming messages to client and
 * server transactions, absorbs retransmissions, answers CANCEL, and hands the rest to the TU.
 */
export class TransactionLayer {
  /** Transactions still running; those past their final response are held in the tables below. */
  private readonly clients = new Map<string, LiveClient>();
  private readonly servers = new Map<string, LiveServer>();
  private readonly heldClients: HeldTable<HeldClient>;
  private readonly heldServers: HeldTable<HeldServer>;
  private readonly log: Logger;
  private readonly reliableCtx: TransactionContext;
  private readonly unreliableCtx: TransactionContext;
  /** The last message sent and its wire form (two fields: no object per send): a final response is held right after it is sent. */
  private lastSentMessage: SipMessage | undefined;
  private lastSentWire = "";

  constructor(private readonly options: TransactionLayerOptions) {
    this.log = options.log ?? silentLogger;
    this.heldClients = new HeldTable(options.clock);
    this.heldServers = new HeldTable(options.clock);
    this.reliableCtx = this.context(true);
    this.unreliableCtx = this.context(false);
  }

  /** Hand an incoming parsed message to the layer. */
  receive(message: SipMessage, source: Endpoint): void {
    if (message.kind === "response") this.receiveResponse(message, source);
    else this.receiveRequest(message, source);
  }

  /** Start a client transaction: the request must already carry its own top Via with a z9hG4bK branch. */
  request(request: SipRequest, target: Endpoint, handlers: ClientTransactionHandlers): ClientTransaction {
    const branch = topBranch(request);
    if (!branch || !branch.startsWith(BRANCH_COOKIE)) throw new Error("client request needs a top Via with a z9hG4bK branch");
    const ctx = this.ctxFor(target);
    if (request.method === "ACK") {
      // §17.1.1.3: an ACK for a 2xx is not a transaction; the TU sends it directly.
      return this.sendAck(request, target, ctx);
    }
    const key = clientKey(branch, request.method);
    if (this.clientFor(key)) throw new Error(`client transaction ${key} already exists`);
    const tx =
      request.method === "INVITE"
        ? new ClientInviteTransaction(key, request, target, handlers, ctx)
        : new ClientNonInviteTransaction(key, request, target, handlers, ctx);
    this.clients.set(key, tx);
    tx.onTerminated.subscribe(() => forgetEntry(this.clients, key, tx));
    tx.start();
    return tx;
  }

  /** Live transaction counts, for leak checks and metrics. */
  counts(): { client: number; server: number } {
    return { client: this.clients.size + this.heldClients.size, server: this.servers.size + this.heldServers.size };
  }

  /** Stop all timers (shutdown). Transactions are dropped without notifying anyone. */
  close(): void {
    for (const tx of this.clients.values()) tx.dispose();
    for (const tx of this.servers.values()) tx.dispose();
    this.clients.clear();
    this.servers.clear();
    this.heldClients.clear();
    this.heldServers.clear();
  }

  private receiveResponse(response: SipResponse, source: Endpoint): void {
    const key = responseKey(response);
    const tx = key === undefined ? undefined : this.clientFor(key);
    if (tx) {
      tx.receiveResponse(response);
      return;
    }
    // §17.1.3 / RFC 6026: a response matching no transaction goes to the TU (a proxy forwards 2xx statelessly).
    this.log.debug({ key, status: response.status }, "stray response");
    const stray = this.options.user.onStrayResponse;
    if (stray) this.callUser("onStrayResponse", () => stray.call(this.options.user, response, source));
  }

  private receiveRequest(request: SipRequest, source: Endpoint): void {
    const key = serverKey(request);
    if (key === undefined) {
      this.log.warn({ method: request.method }, "request without a usable Via dropped");
      return;
    }
    if (request.method === "ACK") {
      const tx = this.serverFor(key);
      // An ACK for a non-2xx final is absorbed by its INVITE transaction; an ACK for a 2xx has
      // no transaction (or hits one in Accepted, RFC 6026 §8.7) and goes to the TU.
      if ((tx instanceof ServerInviteTransaction || tx instanceof HeldServer) && !tx.receiveAck()) return;
      this.callUser("onRequest", () => this.options.user.onRequest(request, null, source));
      return;
    }
    const existing = this.serverFor(key);
    if (existing) {
      existing.receiveRequest();
      return;
    }
    if (request.method === "CANCEL") {
      this.receiveCancel(request, key, source);
      return;
    }
    const ctx = this.ctxFor(source);
    const tx =
      request.method === "INVITE"
        ? new ServerInviteTransaction(key, request, source, ctx)
        : new ServerNonInviteTransaction(key, request, source, ctx);
    this.servers.set(key, tx);
    tx.onTerminated.subscribe(() => forgetEntry(this.servers, key, tx));
    this.callUser("onRequest", () => this.options.user.onRequest(request, tx, source));
    if (tx instanceof ServerInviteTransaction) tx.start(); // 100 Trying, unless the TU already answered
  }

  /**
   * RFC 3261 §9.2: "If the UAS did not find a matching transaction for the CANCEL according to
   * the procedure above, it SHOULD respond to the CANCEL with a 481 (Call Leg/Transaction Does
   * Not Exist). If the transaction for the original request still exists, the behavior of the
   * UAS on receiving a CANCEL request depends on whether it has already sent a final response
   * ... a CANCEL ... has no effect on the processing of the original request ... [but] it SHOULD
   * respond to the CANCEL with a 200 (OK) response."
   */
  private receiveCancel(cancel: SipRequest, key: string, source: Endpoint): void {
    const inviteKey = serverKey(cancel, "INVITE");
    const invite = inviteKey === undefined ? undefined : this.serverFor(inviteKey);
    const tx = new ServerNonInviteTransaction(key, cancel, source, this.ctxFor(source));
    this.servers.set(key, tx);
    tx.onTerminated.subscribe(() => forgetEntry(this.servers, key, tx));
    if (!(invite instanceof ServerInviteTransaction || invite instanceof HeldServer)) {
      tx.respond(createResponse(cancel, 481, undefined, randomToken(10)));
      return;
    }
    // "The To tag of the response to the CANCEL and the To tag in the response to the original request SHOULD be the same."
    tx.respond(createResponse(cancel, 200, undefined, invite.toTag ?? randomToken(10)));
    // A held INVITE has its final response: the CANCEL "has no effect on the processing of the original request".
    if (invite instanceof ServerInviteTransaction) invite.cancel(cancel);
  }

  private sendAck(ack: SipRequest, target: Endpoint, ctx: TransactionContext): ClientTransaction {
    ctx.send(ack, target);
    return { id: `ack|${topBranch(ack)}`, request: ack, onTerminated: new Event<[]>(), state: "Terminated" };
  }

  private ctxFor(endpoint: Endpoint): TransactionContext {
    return isReliable(endpoint.transport) ? this.reliableCtx : this.unreliableCtx;
  }

  private context(reliable: boolean): TransactionContext {
    return {
      clock: this.options.clock,
      log: this.log,
      timers: deriveTimers(this.options.timers, reliable),
      send: (message, target) => {
        try {
          const wire = this.options.send(message, target);
          this.lastSentMessage = typeof wire === "string" ? message : undefined;
          this.lastSentWire = wire ?? "";
          return true;
        } catch (error) {
          this.log.warn({ err: error, target }, "transport send failed");
          return false;
        }
      },
      callUser: (what, fn) => this.callUser(what, fn),
      holdServer: (id, hold, target, ms) => this.holdServer(id, hold, target, ms),
      holdClient: (id, handlers, ms) => this.holdClient(id, handlers, ms, reliable),
    };
  }

  /** The server transaction `id` sent its final response: keep only `hold` until its last timer (see {@link HeldServer}). */
  private holdServer(id: string, hold: ServerHold, target: Endpoint, ms: number): void {
    const resend = hold.resend;
    const wire = resend === undefined ? undefined : this.lastSentMessage === resend ? this.lastSentWire : serializeMessage(resend);
    this.lastSentMessage = undefined;
    this.servers.delete(id);
    this.heldServers.add(id, new HeldServer(hold, wire, target, this.ctxFor(target)), ms);
  }

  /** The client transaction `id` is Accepted (INVITE) or Completed (non-INVITE): keep only what is left to do (see {@link HeldClient}). */
  private holdClient(id: string, handlers: ClientTransactionHandlers | undefined, ms: number, reliable: boolean): void {
    this.clients.delete(id);
    this.heldClients.add(id, new HeldClient(handlers, reliable ? this.reliableCtx : this.unreliableCtx), ms);
  }

  private serverFor(key: string): LiveServer | HeldServer | undefined {
    return this.servers.get(key) ?? this.heldServers.get(key);
  }

  private clientFor(key: string): LiveClient | HeldClient | undefined {
    return this.clients.get(key) ?? this.heldClients.get(key);
  }

  private callUser(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log.error({ err: error, callback: what }, "transaction user callback threw");
    }
  }
}
