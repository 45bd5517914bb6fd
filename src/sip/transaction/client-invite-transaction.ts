import { Event } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { createNonTwoXxAck } from "./ack.ts";
import { ClientInviteState } from "./client-invite-state.ts";
import { TimerSet } from "./timer-set.ts";
import type { ClientTransaction, ClientTransactionHandlers, TransactionContext } from "./types.ts";

type TimerName = "A" | "B" | "D" | "M";

/** INVITE client transaction (RFC 3261 §17.1.1 with RFC 6026's Accepted state). */
export class ClientInviteTransaction implements ClientTransaction {
  readonly onTerminated = new Event<[]>();
  private currentState = ClientInviteState.Calling;
  private readonly timers: TimerSet<TimerName>;
  private aInterval = 0;
  private ack: SipRequest | undefined;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    private readonly target: Endpoint,
    private readonly handlers: ClientTransactionHandlers,
    private readonly ctx: TransactionContext,
  ) {
    this.timers = new TimerSet(ctx.clock);
  }

  get state(): ClientInviteState {
    return this.currentState;
  }

  /** Send the INVITE and arm Timer A (unreliable only) and Timer B. */
  start(): void {
    // §17.1.1.2: "For unreliable transports, the client transaction MUST start timer A with a
    // value of T1 ... For any transport, the client transaction MUST start timer B with a value of 64*T1".
    if (!this.transmit(this.request)) return;
    const a = this.ctx.timers.A;
    if (a !== null) {
      this.aInterval = a;
      this.timers.start("A", a, () => this.onTimerA());
    }
    this.timers.start("B", this.ctx.timers.B, () => this.onTimerB());
  }

  /** A response whose branch and CSeq method matched this transaction. */
  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.currentState) {
      case ClientInviteState.Calling:
      case ClientInviteState.Proceeding:
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the 'Calling'
          // state, it transitions to the 'Proceeding' state ... the client transaction SHOULD NOT
          // retransmit the request any longer."
          this.timers.stop("A");
          this.timers.stop("B");
          this.setState(ClientInviteState.Proceeding);
          this.deliver(response);
        } else if (status < 300) {
          // RFC 6026 §8.4: "If a 2xx response is received while the client INVITE state machine
          // is in the 'Calling' or 'Proceeding' states, it MUST transition to the 'Accepted'
          // state, pass the 2xx response to the TU, and set Timer M to 64*T1."
          this.timers.stop("A");
          this.timers.stop("B");
          this.setState(ClientInviteState.Accepted);
          // The layer passes later 2xx up until Timer M without this object and its request.
          if (this.ctx.holdClient) this.ctx.holdClient(this.id, this.handlers, this.ctx.timers.M);
          else this.timers.start("M", this.ctx.timers.M, () => this.setState(ClientInviteState.Terminated));
          this.deliver(response);
        } else {
          // "When in either the 'Calling' or 'Proceeding' states, reception of a response with
          // status code from 300-699 MUST cause the client transaction to transition to 'Completed'.
          // The client transaction MUST pass the received response up to the TU, and the client
          // transaction MUST generate an ACK request."
          this.timers.stop("A");
          this.timers.stop("B");
          this.ack = createNonTwoXxAck(this.request, response);
          this.setState(ClientInviteState.Completed);
          this.deliver(response);
          if (!this.transmit(this.ack)) return;
          // "The client transaction SHOULD start timer D ... at least 32 seconds for unreliable
          // transports, and ... zero seconds for reliable transports."
          const d = this.ctx.timers.D;
          if (d === 0) this.setState(ClientInviteState.Terminated);
          else this.timers.start("D", d, () => this.setState(ClientInviteState.Terminated));
        }
        return;
      case ClientInviteState.Completed:
        // "Any retransmissions of the final response that are received while in the 'Completed'
        // state MUST cause the ACK to be re-passed to the transport layer for retransmission,
        // but the newly received response MUST NOT be passed up to the TU."
        if (status >= 300 && this.ack) this.transmit(this.ack);
        return;
      case ClientInviteState.Accepted:
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction ... MUST be passed up to the TU".
        if (status >= 200 && status < 300) this.deliver(response);
        return;
      default:
        return;
    }
  }

  /** Stop everything without notifying (layer shutdown). */
  dispose(): void {
    this.timers.stopAll();
    this.currentState = ClientInviteState.Terminated;
  }

  private onTimerA(): void {
    if (this.currentState !== ClientInviteState.Calling) return;
    // "When timer A fires, the client transaction MUST retransmit the request ... and reset the
    // timer with a value of 2*T1 ... each time timer A fires, the duration is doubled."
    if (!this.transmit(this.request)) return;
    this.aInterval *= 2;
    this.timers.start("A", this.aInterval, () => this.onTimerA());
  }

  private onTimerB(): void {
    // "If the client transaction is still in the 'Calling' state when timer B fires, the client
    // transaction SHOULD inform the TU that a timeout has occurred."
    if (this.currentState !== ClientInviteState.Calling) return;
    this.ctx.log.info({ tx: this.id }, "Timer B: INVITE timed out");
    this.setState(ClientInviteState.Terminated);
    this.ctx.callUser("onTimeout", () => this.handlers.onTimeout());
  }

  private deliver(response: SipResponse): void {
    this.ctx.callUser("onResponse", () => this.handlers.onResponse(response));
  }

  private transmit(request: SipRequest): boolean {
    if (this.ctx.send(request, this.target)) return true;
    // §17.1.4: "the client transaction SHOULD inform the TU that a transport failure has occurred,
    // and the client transaction SHOULD transition directly to the 'Terminated' state."
    this.setState(ClientInviteState.Terminated);
    const onError = this.handlers.onTransportError;
    if (onError) this.ctx.callUser("onTransportError", () => onError.call(this.handlers));
    return false;
  }

  private setState(next: ClientInviteState): void {
    if (this.currentState === next || this.currentState === ClientInviteState.Terminated) return;
    this.ctx.log.debug({ tx: this.id, from: this.currentState, to: next }, "client INVITE transaction state");
    this.currentState = next;
    if (next === ClientInviteState.Terminated) {
      this.timers.stopAll();
      this.ctx.callUser("onTerminated", () => this.onTerminated.execute());
    }
  }
}
