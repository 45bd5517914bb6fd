import { Event } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { ServerNonInviteState } from "./server-non-invite-state.ts";
import { TimerSet } from "./timer-set.ts";
import type { ServerTransaction, TransactionContext } from "./types.ts";

/** Non-INVITE server transaction (RFC 3261 §17.2.2). */
export class ServerNonInviteTransaction implements ServerTransaction {
  readonly onTerminated = new Event<[]>();
  readonly cancelled = false;
  private currentState = ServerNonInviteState.Trying;
  private lastResponse: SipResponse | undefined;
  private readonly timers: TimerSet<"J">;
  private cancelEvent: Event<[SipRequest]> | undefined;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly source: Endpoint,
    private readonly ctx: TransactionContext,
  ) {
    this.timers = new TimerSet(ctx.clock);
  }

  /** Never fires: only INVITE transactions can be cancelled. Made on first use (most are never asked). */
  get onCancel(): Event<[SipRequest]> {
    return (this.cancelEvent ??= new Event<[SipRequest]>());
  }

  get state(): ServerNonInviteState {
    return this.currentState;
  }

  respond(response: SipResponse): void {
    const status = response.status;
    switch (this.currentState) {
      case ServerNonInviteState.Trying:
      case ServerNonInviteState.Proceeding:
        if (!this.transmit(response)) return;
        if (status < 200) {
          // "While in the 'Trying' state, if the TU passes a provisional response to the server
          // transaction, the server transaction MUST enter the 'Proceeding' state."
          this.setState(ServerNonInviteState.Proceeding);
        } else {
          // "If the TU passes a final response (status codes 200-699) to the server while in the
          // 'Proceeding' state, the transaction MUST enter the 'Completed' state ... When the
          // server transaction enters the 'Completed' state, it MUST set Timer J to fire in 64*T1
          // seconds for unreliable transports, and zero seconds for reliable transports."
          this.setState(ServerNonInviteState.Completed);
          const j = this.ctx.timers.J;
          if (j === 0) this.setState(ServerNonInviteState.Terminated);
          else if (this.ctx.holdServer) this.ctx.holdServer(this.id, { resend: response }, this.source, j);
          else this.timers.start("J", j, () => this.setState(ServerNonInviteState.Terminated));
        }
        return;
      default:
        // "Any other final responses passed by the TU to the server transaction MUST be discarded while in the 'Completed' state."
        this.ctx.log.debug({ tx: this.id, status, state: this.currentState }, "response after final discarded");
    }
  }

  /**
   * Sent once, and the transaction ends at once: a retransmitted request gets a fresh challenge, which
   * a phone drops as a stray response of a transaction it completed. (Remembered for T4 like an
   * INVITE's, the 401s made the REGISTER ramp of `npm run bench` fail at 3,500–4,000/s in 4 of 5 runs
   * with retransmissions at ≈ 70 % CPU — not explained; without, it passed 6,000/s in 2 of 2.)
   */
  respondStatelessly(response: SipResponse): void {
    if (this.currentState !== ServerNonInviteState.Trying || response.status < 200) return this.respond(response);
    this.ctx.send(response, this.source);
    this.setState(ServerNonInviteState.Terminated);
  }

  /** A retransmission of the request. */
  receiveRequest(): void {
    switch (this.currentState) {
      case ServerNonInviteState.Trying:
        // "Once in the 'Trying' state, any further request retransmissions are discarded."
        return;
      case ServerNonInviteState.Proceeding:
      case ServerNonInviteState.Completed:
        // "If a retransmission of the request is received while in the 'Proceeding' state, the most
        // recently sent provisional response MUST be passed to the transport layer for retransmission."
        // "While in the 'Completed' state, the server transaction MUST pass the final response to
        // the transport layer for retransmission whenever a retransmission of the request is received."
        if (this.lastResponse) this.transmit(this.lastResponse);
        return;
      default:
        return;
    }
  }

  /** Only INVITE transactions are cancelled; kept for a uniform shape. */
  cancel(): void {}

  /** Stop everything without notifying (layer shutdown). */
  dispose(): void {
    this.timers.stopAll();
    this.currentState = ServerNonInviteState.Terminated;
  }

  private transmit(response: SipResponse): boolean {
    this.lastResponse = response;
    if (this.ctx.send(response, this.source)) return true;
    // §17.2.4: on a transport failure the transaction is terminated.
    this.setState(ServerNonInviteState.Terminated);
    return false;
  }

  private setState(next: ServerNonInviteState): void {
    if (this.currentState === next || this.currentState === ServerNonInviteState.Terminated) return;
    this.ctx.log.debug({ tx: this.id, from: this.currentState, to: next }, "server non-INVITE transaction state");
    this.currentState = next;
    if (next === ServerNonInviteState.Terminated) {
      this.timers.stopAll();
      this.ctx.callUser("onTerminated", () => this.onTerminated.execute());
    }
  }
}
