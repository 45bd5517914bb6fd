import { Event } from "../../lib/index.ts";
import { createResponse, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { ServerInviteState } from "./server-invite-state.ts";
import { TimerSet } from "./timer-set.ts";
import { responseToTag } from "./transaction-key.ts";
import type { ServerTransaction, TransactionContext } from "./types.ts";

type TimerName = "G" | "H" | "I" | "L";

/**
 * INVITE server transaction (RFC 3261 §17.2.1 with RFC 6026's Accepted state).
 * Created by the layer on a new INVITE; it answers `100 Trying` at once.
 */
export class ServerInviteTransaction implements ServerTransaction {
  readonly onCancel = new Event<[SipRequest]>();
  readonly onTerminated = new Event<[]>();
  private currentState = ServerInviteState.Proceeding;
  private lastResponse: SipResponse | undefined;
  private readonly timers: TimerSet<TimerName>;
  private gInterval = 0;
  private wasCancelled = false;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly source: Endpoint,
    private readonly ctx: TransactionContext,
  ) {
    this.timers = new TimerSet(ctx.clock);
  }

  /**
   * Send the initial 100 Trying, after the TU had the INVITE: §17.2.1 "the server transaction MUST
   * generate a 100 (Trying) response unless it knows that the TU will generate a provisional or
   * final response within 200 ms" — one the TU already sent (a challenge, a 180) makes it needless.
   */
  start(): void {
    if (this.currentState === ServerInviteState.Proceeding && !this.lastResponse) this.transmit(createResponse(this.request, 100));
  }

  respondStatelessly(response: SipResponse): void {
    if (this.currentState !== ServerInviteState.Proceeding || this.lastResponse || response.status < 300) return this.respond(response);
    if (!this.transmit(response)) return;
    const memory = this.ctx.timers.stateless;
    if (memory > 0 && this.ctx.holdServer) {
      this.currentState = ServerInviteState.Completed; // replaced by the held record: no Timer G or H
      this.ctx.holdServer(this.id, { resend: response }, this.source, memory);
      this.lastResponse = undefined;
    } else this.setState(ServerInviteState.Terminated);
  }

  get state(): ServerInviteState {
    return this.currentState;
  }

  /** To tag of the last response sent with one, so a CANCEL's 200 can reuse it (RFC 3261 §9.2). */
  get toTag(): string | undefined {
    return responseToTag(this.lastResponse);
  }

  get cancelled(): boolean {
    return this.wasCancelled;
  }

  respond(response: SipResponse): void {
    const status = response.status;
    switch (this.currentState) {
      case ServerInviteState.Proceeding:
        if (status < 200) {
          // "The TU passes any number of provisional responses to the server transaction."
          this.transmit(response);
        } else if (status < 300) {
          // RFC 6026 §8.5: "If, while in the 'Proceeding' state, the TU passes a 2xx response
          // to the server transaction, the server transaction MUST pass this response to the
          // transport layer for transmission ... and MUST transition to the 'Accepted' state."
          if (!this.transmit(response)) return;
          this.setState(ServerInviteState.Accepted);
          const l = this.ctx.timers.L;
          if (this.ctx.holdServer) {
            // The layer absorbs INVITE retransmissions and passes ACKs up until Timer L; this object
            // only forwards the TU's 2xx retransmissions, so the response it sent need not stay.
            this.ctx.holdServer(this.id, { passAck: true, toTag: this.toTag }, this.source, l);
            this.lastResponse = undefined;
          } else this.timers.start("L", l, () => this.setState(ServerInviteState.Terminated));
        } else {
          // "If ... the TU passes a response with status code from 300 to 699 ... the response
          // MUST be passed to the transport layer for transmission, and the state machine MUST enter the 'Completed' state."
          if (!this.transmit(response)) return;
          this.setState(ServerInviteState.Completed);
          const g = this.ctx.timers.G;
          if (g !== null) {
            this.gInterval = g;
            this.timers.start("G", g, () => this.onTimerG());
          }
          this.timers.start("H", this.ctx.timers.H, () => this.onTimerH());
        }
        return;
      case ServerInviteState.Accepted:
        // RFC 6026 §8.7: "2xx responses from the TU ... MUST be passed to the transport layer for transmission."
        if (status >= 200 && status < 300) this.transmit(response, false);
        else this.ctx.log.warn({ tx: this.id, status }, "response ignored in Accepted");
        return;
      case ServerInviteState.Terminated:
        // A proxy forwards 2xx retransmissions after Timer L statelessly (RFC 6026 §7.1).
        if (status >= 200 && status < 300) this.ctx.send(response, this.source);
        else this.ctx.log.debug({ tx: this.id, status }, "response after termination dropped");
        return;
      default:
        this.ctx.log.warn({ tx: this.id, status, state: this.currentState }, "response ignored after final");
    }
  }

  /** A retransmission of the INVITE. */
  receiveRequest(): void {
    switch (this.currentState) {
      case ServerInviteState.Proceeding:
        // "If a request retransmission is received while in the 'Proceeding' state, the most
        // recent provisional response that was received from the TU MUST be passed to the transport layer for retransmission."
        if (this.lastResponse) this.transmit(this.lastResponse, false);
        return;
      case ServerInviteState.Completed:
        // "while in the 'Completed' state, if a request retransmission is received, the server SHOULD pass the response to the transport for retransmission."
        if (this.lastResponse) this.transmit(this.lastResponse, false);
        return;
      default:
        // Confirmed absorbs; RFC 6026 §8.7: in Accepted "retransmissions of the INVITE ... MUST NOT be passed to the TU".
        return;
    }
  }

  /** An ACK that matched this transaction; true when the layer must pass it to the TU. */
  receiveAck(): boolean {
    switch (this.currentState) {
      case ServerInviteState.Completed: {
        // "If an ACK is received while the server transaction is in the 'Completed' state, the
        // server transaction MUST transition to the 'Confirmed' state."
        this.timers.stop("G");
        this.timers.stop("H");
        this.setState(ServerInviteState.Confirmed);
        const i = this.ctx.timers.I;
        if (i === 0) this.setState(ServerInviteState.Terminated);
        // Confirmed only absorbs ACKs and retransmissions: the layer can do that alone.
        else if (this.ctx.holdServer) this.ctx.holdServer(this.id, { toTag: this.toTag }, this.source, i);
        else this.timers.start("I", i, () => this.setState(ServerInviteState.Terminated));
        return false;
      }
      case ServerInviteState.Accepted:
        // RFC 6026 §8.7: "If an ACK is received while the INVITE server transaction is in the
        // 'Accepted' state, then the ACK must be passed up to the TU."
        return true;
      default:
        return false;
    }
  }

  /** A CANCEL matched: mark and notify the TU while the INVITE is still pending (RFC 3261 §9.2). */
  cancel(cancel: SipRequest): void {
    if (this.currentState !== ServerInviteState.Proceeding || this.wasCancelled) return;
    this.wasCancelled = true;
    this.ctx.callUser("onCancel", () => this.onCancel.execute(cancel));
  }

  /** Stop everything without notifying (layer shutdown). */
  dispose(): void {
    this.timers.stopAll();
    this.currentState = ServerInviteState.Terminated;
  }

  private onTimerG(): void {
    if (this.currentState !== ServerInviteState.Completed || !this.lastResponse) return;
    // "If timer G fires, the response is passed to the transport layer once more for
    // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
    if (!this.transmit(this.lastResponse, false)) return;
    this.gInterval = Math.min(2 * this.gInterval, this.ctx.timers.T2);
    this.timers.start("G", this.gInterval, () => this.onTimerG());
  }

  private onTimerH(): void {
    // "If timer H fires while in the 'Completed' state, it implies that the ACK was never received.
    // In this case, the server transaction MUST transition to the 'Terminated' state."
    this.ctx.log.warn({ tx: this.id }, "Timer H: no ACK for final response");
    this.setState(ServerInviteState.Terminated);
  }

  private transmit(response: SipResponse, remember = true): boolean {
    if (remember) this.lastResponse = response;
    if (this.ctx.send(response, this.source)) return true;
    // §17.2.4: a transport failure terminates the transaction.
    this.setState(ServerInviteState.Terminated);
    return false;
  }

  private setState(next: ServerInviteState): void {
    if (this.currentState === next || this.currentState === ServerInviteState.Terminated) return;
    this.ctx.log.debug({ tx: this.id, from: this.currentState, to: next }, "server INVITE transaction state");
    this.currentState = next;
    if (next === ServerInviteState.Terminated) {
      this.timers.stopAll();
      this.ctx.callUser("onTerminated", () => this.onTerminated.execute());
    }
  }
}
