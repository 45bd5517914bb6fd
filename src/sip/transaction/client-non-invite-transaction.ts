import { Event } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { ClientNonInviteState } from "./client-non-invite-state.ts";
import { TimerSet } from "./timer-set.ts";
import type { ClientTransaction, ClientTransactionHandlers, TransactionContext } from "./types.ts";

/** Non-INVITE client transaction (RFC 3261 §17.1.2). */
export class ClientNonInviteTransaction implements ClientTransaction {
  readonly onTerminated = new Event<[]>();
  private currentState = ClientNonInviteState.Trying;
  private readonly timers: TimerSet<"E" | "F" | "K">;
  private eInterval = 0;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    private readonly target: Endpoint,
    private readonly handlers: ClientTransactionHandlers,
    private readonly ctx: TransactionContext,
  ) {
    this.timers = new TimerSet(ctx.clock);
  }

  get state(): ClientNonInviteState {
    return this.currentState;
  }

  /** Send the request, arm Timer E (unreliable only) and Timer F. */
  start(): void {
    // §17.1.2.2: "The 'Trying' state is entered when the TU initiates a new client transaction
    // with a request. When entering this state, the client transaction SHOULD set timer F to fire
    // in 64*T1 seconds ... If an unreliable transport is in use, the client transaction MUST set timer E to fire in T1 seconds."
    if (!this.transmit()) return;
    const e = this.ctx.timers.E;
    if (e !== null) {
      this.eInterval = e;
      this.timers.start("E", e, () => this.onTimerE());
    }
    this.timers.start("F", this.ctx.timers.F, () => this.onTimerF());
  }

  /** A response whose branch and CSeq method matched this transaction. */
  receiveResponse(response: SipResponse): void {
    switch (this.currentState) {
      case ClientNonInviteState.Trying:
      case ClientNonInviteState.Proceeding:
        if (response.status < 200) {
          // "If a provisional response is received while in the 'Trying' state, the response
          // MUST be passed to the TU, and then the client transaction SHOULD move to the 'Proceeding' state."
          this.setState(ClientNonInviteState.Proceeding);
          this.deliver(response);
          return;
        }
        // "If a final response (status codes 200-699) is received while in the 'Trying' state,
        // the response MUST be passed to the TU, and the client transaction MUST transition to the 'Completed' state."
        this.timers.stop("E");
        this.timers.stop("F");
        this.setState(ClientNonInviteState.Completed);
        this.deliver(response);
        // "Once the client transaction enters the 'Completed' state, it MUST set Timer K to fire
        // in T4 seconds for unreliable transports, and zero seconds for reliable transports."
        if ((this.currentState as ClientNonInviteState) !== ClientNonInviteState.Completed) return; // the TU may have closed us
        if (this.ctx.timers.K === 0) this.setState(ClientNonInviteState.Terminated);
        // Completed only absorbs retransmitted responses: the layer does that alone until Timer K, without
        // this object, its request and the TU's handlers (which hold the proxied request's server transaction).
        else if (this.ctx.holdClient) this.ctx.holdClient(this.id, undefined, this.ctx.timers.K);
        else this.timers.start("K", this.ctx.timers.K, () => this.setState(ClientNonInviteState.Terminated));
        return;
      default:
        // "The 'Completed' state exists to buffer any additional response retransmissions that may be received."
        return;
    }
  }

  /** Stop everything without notifying (layer shutdown). */
  dispose(): void {
    this.timers.stopAll();
    this.currentState = ClientNonInviteState.Terminated;
  }

  private onTimerE(): void {
    if (this.currentState === ClientNonInviteState.Trying) {
      // "If timer E fires while still in this state, the timer is reset, but this time with a
      // value of MIN(2*T1, T2) ... the next value is MIN(4*T1, T2), and so on."
      this.eInterval = Math.min(2 * this.eInterval, this.ctx.timers.T2);
    } else if (this.currentState === ClientNonInviteState.Proceeding) {
      // "If Timer E fires while in the 'Proceeding' state, the request MUST be passed to the
      // transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
      this.eInterval = this.ctx.timers.T2;
    } else return;
    if (!this.transmit()) return;
    this.timers.start("E", this.eInterval, () => this.onTimerE());
  }

  private onTimerF(): void {
    // "If Timer F fires while the client transaction is still in the 'Trying' state, the client
    // transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the 'Terminated' state."
    this.ctx.log.info({ tx: this.id, method: this.request.method }, "Timer F: request timed out");
    this.setState(ClientNonInviteState.Terminated);
    this.ctx.callUser("onTimeout", () => this.handlers.onTimeout());
  }

  private deliver(response: SipResponse): void {
    this.ctx.callUser("onResponse", () => this.handlers.onResponse(response));
  }

  private transmit(): boolean {
    if (this.ctx.send(this.request, this.target)) return true;
    // §17.1.4: inform the TU of the transport failure and terminate.
    this.setState(ClientNonInviteState.Terminated);
    const onError = this.handlers.onTransportError;
    if (onError) this.ctx.callUser("onTransportError", () => onError.call(this.handlers));
    return false;
  }

  private setState(next: ClientNonInviteState): void {
    if (this.currentState === next || this.currentState === ClientNonInviteState.Terminated) return;
    this.ctx.log.debug({ tx: this.id, from: this.currentState, to: next }, "client non-INVITE transaction state");
    this.currentState = next;
    if (next === ClientNonInviteState.Terminated) {
      this.timers.stopAll();
      this.ctx.callUser("onTerminated", () => this.onTerminated.execute());
    }
  }
}
