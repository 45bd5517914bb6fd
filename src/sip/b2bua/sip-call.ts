import { Event } from "../../lib/index.ts";
import { createResponse, type SipRequest, type SipResponse } from "../message/index.ts";
import type { ServerTransaction } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { CallState, type CallEnd } from "./call-state.ts";
import type { Dialog } from "./dialog.ts";
import { MIN_SE, SessionTimer, sessionExpires, termsOfRequest, termsOfResponse, type SessionTerms } from "./session-timer.ts";
import type { UaHost } from "./ua-host.ts";

/** Answers a re-INVITE's offer: returns our answer SDP (T8 hold/resume from the far end). */
export type OfferHandler = (offer: string) => string | undefined;

/**
 * What incoming and outgoing calls share: the dialog, in-dialog requests (BYE, re-INVITE,
 * INFO, OPTIONS) and the end of the call. SDP is plain text here; media lives elsewhere.
 */
export abstract class SipCall {
  readonly onEnded = new Event<[CallEnd]>();
  /** SIP INFO with a body (DTMF fallback, RFC 2976 / application/dtmf-relay). */
  readonly onInfo = new Event<[string, string]>();
  /** The remote SDP changed (re-INVITE from the far end). */
  readonly onRemoteSdp = new Event<[string]>();
  offerHandler?: OfferHandler;
  protected dialog?: Dialog;
  protected _state: CallState;
  remoteSdp = "";
  /** Our current SDP (offered or answered): a re-INVITE refresh offers it again unchanged. */
  protected localSdp = "";
  /** The peer listed UPDATE in its Allow: session refreshes use it (RFC 4028 §7.4, no offer needed). */
  protected peerAllowsUpdate = false;
  /** The session timer's terms (RFC 4028) once the dialog has one, and whether we refresh. */
  protected session?: SessionTerms & { weRefresh: boolean };
  private readonly sessionTimer: SessionTimer;

  protected constructor(
    protected readonly host: UaHost,
    readonly callId: string,
    initial: CallState,
  ) {
    this._state = initial;
    this.sessionTimer = new SessionTimer(host.clock, () => this.refreshSession(), () => this.sessionExpired(408));
  }

  get state(): CallState {
    return this._state;
  }

  protected setState(next: CallState): void {
    if (this._state === next) return;
    this.host.log.debug({ callId: this.callId, from: this._state, to: next }, "call state");
    this._state = next;
  }

  /** Our Contact header value for this call. */
  protected abstract contact(): string;

  /** Where the far end's signalling comes from and goes to (its connection, for TCP, TLS and WebSocket). */
  abstract readonly flow: Endpoint;

  /**
   * The connection of `flow` closed (a browser softphone's WebSocket): nothing can be sent any more, so the call
   * ends at once as if the far end had hung up — a WebRTC leg's media would stay "connected" for ≈ 26 s.
   */
  flowLost(): void {
    if (this._state === CallState.Terminated) return;
    const talking = this._state === CallState.Confirmed || this._state === CallState.Answering;
    this.end({ by: "remote", cause: talking ? "bye" : "failed" });
  }

  /** A request inside this call's dialog, from the router. */
  handleRequest(request: SipRequest, tx: ServerTransaction): void {
    const dialog = this.dialog;
    if (!dialog || this._state === CallState.Terminated) return tx.respond(createResponse(request, 481));
    const cseq = Number.parseInt(request.headers.get("cseq") ?? "0", 10);
    // §12.2.2: a lower CSeq than the last one is out of order.
    if (request.method !== "ACK" && cseq < dialog.remoteCseq) return tx.respond(createResponse(request, 500, "Out Of Order"));
    dialog.remoteCseq = Math.max(dialog.remoteCseq, cseq);
    switch (request.method) {
      case "BYE":
        tx.respond(createResponse(request, 200));
        return this.end({ by: "remote", cause: "bye" });
      case "INFO":
        tx.respond(createResponse(request, 200));
        return this.onInfo.execute(request.headers.get("content-type") ?? "", request.body);
      case "INVITE":
      case "UPDATE":
        return this.answerReoffer(request, tx);
      case "OPTIONS":
        return tx.respond(createResponse(request, 200));
      case "PRACK":
        return this.handlePrack(request, tx);
      default:
        return tx.respond(createResponse(request, 405));
    }
  }

  /** A PRACK (RFC 3262): none of ours waits for one unless overridden ("MUST respond ... with a 481"). */
  protected handlePrack(request: SipRequest, tx: ServerTransaction): void {
    tx.respond(createResponse(request, 481));
  }

  /** ACK inside the dialog (for our 2xx); overridden by incoming calls. */
  handleAck(_request: SipRequest): void {}

  /** End the call from our side: BYE when confirmed; subclasses handle early states. */
  hangup(cause: CallEnd["cause"] = "bye"): void {
    if (this._state === CallState.Terminated) return;
    if (this.dialog && (this._state === CallState.Confirmed || this._state === CallState.Answering)) this.sendBye();
    this.end({ by: "local", cause });
  }

  /** Send a re-INVITE with `sdp` (hold: a=sendonly; resume: a=sendrecv); resolves with the answer. */
  reinvite(sdp: string): Promise<string> {
    const dialog = this.dialog;
    if (!dialog || this._state !== CallState.Confirmed) return Promise.reject(new Error("call not confirmed"));
    const request = dialog.createRequest("INVITE", (t) => this.host.localHostPort(t), this.contact(), { body: sdp });
    return new Promise((resolve, reject) => {
      this.host.request(request, dialog.target, {
        onResponse: (response) => {
          if (response.status < 200) return;
          if (response.status < 300) {
            this.sendAck(request, response);
            this.localSdp = sdp;
            if (response.body) this.remoteSdp = response.body;
            resolve(response.body);
          } else reject(new Error(`re-INVITE refused: ${response.status}`));
        },
        onTimeout: () => reject(new Error("re-INVITE timed out")),
        onTransportError: () => reject(new Error("re-INVITE transport error")),
      });
    });
  }

  /** ACK for a 2xx (§13.2.2.4): its own transaction-less request with the INVITE's CSeq number. */
  protected sendAck(invite: SipRequest, _response: SipResponse): void {
    const dialog = this.dialog;
    if (!dialog) return;
    const cseq = Number.parseInt(invite.headers.get("cseq") ?? "1", 10);
    const ack = dialog.createRequest("ACK", (t) => this.host.localHostPort(t), this.contact(), { cseq });
    this.host.send(ack, dialog.target);
  }

  protected sendBye(): void {
    const dialog = this.dialog!;
    const bye = dialog.createRequest("BYE", (t) => this.host.localHostPort(t), this.contact());
    this.host.request(bye, dialog.target, { onResponse() {}, onTimeout() {}, onTransportError() {} });
  }

  protected end(reason: CallEnd): void {
    if (this._state === CallState.Terminated) return;
    this.setState(CallState.Terminated);
    this.sessionTimer.stop();
    this.cleanup();
    this.host.unbind(this.callId);
    this.onEnded.execute(reason);
  }

  /** Stop timers; subclasses override. */
  protected cleanup(): void {}

  /** Run the session timer with `terms` set by a request we sent (`asUac`) or answered (RFC 4028 §7.2, §9). */
  protected startSession(terms: SessionTerms, asUac: boolean): void {
    const weRefresh = (terms.refresher === "uac") === asUac;
    this.session = { ...terms, weRefresh };
    this.sessionTimer.start(terms.interval, weRefresh);
  }

  /**
   * Our refresh (RFC 4028 §7.4): UPDATE when the peer allows it, else a re-INVITE offering our SDP
   * unchanged. A 2xx restarts the timer with what it says; 481, 408 or no answer at all end the call
   * (§10: "the UAC sends a BYE request to terminate the session"); other refusals try again in 4 s.
   */
  private refreshSession(): void {
    const dialog = this.dialog;
    const session = this.session;
    if (!dialog || !session || this._state !== CallState.Confirmed) return;
    const update = this.peerAllowsUpdate || !this.localSdp;
    const request = dialog.createRequest(update ? "UPDATE" : "INVITE", (t) => this.host.localHostPort(t), this.contact(), update ? {} : { body: this.localSdp });
    request.headers.append("session-expires", `${session.interval};refresher=uac`);
    request.headers.append("min-se", String(MIN_SE));
    request.headers.append("supported", "timer");
    this.host.request(request, dialog.target, {
      onResponse: (response) => {
        if (response.status < 200 || this._state !== CallState.Confirmed) return;
        if (response.status < 300) {
          if (!update) this.sendAck(request, response);
          // The answer to a refresh offer may move the far end's media (RFC 3264 §8).
          if (!update && response.body && response.body !== this.remoteSdp) {
            this.remoteSdp = response.body;
            this.onRemoteSdp.execute(response.body);
          }
          return this.startSession(termsOfResponse(response) ?? { interval: session.interval, refresher: "uac" }, true);
        }
        if (response.status === 481 || response.status === 408) return this.sessionExpired(response.status);
        // Refused otherwise (491, 500 …): try again soon, well before the far end would give up.
        this.sessionTimer.retry(4000);
      },
      onTimeout: () => this.sessionExpired(408),
      onTransportError: () => this.sessionExpired(503),
    });
  }

  /** The session was not refreshed (RFC 4028 §10): BYE, and the end says why. */
  private sessionExpired(status: number): void {
    if (this._state === CallState.Terminated) return;
    this.host.log.info({ callId: this.callId, status }, "session timer expired");
    if (this.dialog && this._state === CallState.Confirmed) this.sendBye();
    this.end({ by: "system", cause: "expired", status });
  }

  /** A refresh (or any re-INVITE/UPDATE) from the peer: its terms in our 2xx; without any, the timer goes on afresh. */
  private acceptSessionTerms(terms: ReturnType<typeof termsOfRequest>, response: SipResponse): void {
    if (terms && !("tooSmall" in terms)) {
      this.startSession(terms, false);
      response.headers.append("session-expires", sessionExpires(terms));
      if (terms.requireTimer) response.headers.append("require", "timer");
    } else if (this.session) this.sessionTimer.start(this.session.interval, this.session.weRefresh);
  }

  private answerReoffer(request: SipRequest, tx: ServerTransaction): void {
    const terms = termsOfRequest(request);
    if (terms && "tooSmall" in terms) return tx.respond(tooSmall(request));
    const answer = request.body ? this.offerHandler?.(request.body) : undefined;
    if (request.body && answer === undefined) return tx.respond(createResponse(request, 488));
    if (request.body) {
      this.remoteSdp = request.body;
      this.onRemoteSdp.execute(request.body);
    }
    const response = createResponse(request, 200, undefined, this.dialog!.localTag);
    response.headers.append("contact", this.contact());
    this.acceptSessionTerms(terms, response);
    // An offerless re-INVITE (a carrier's refresh): our SDP is the offer, its ACK the answer (RFC 3261 §14.2).
    const body = answer ?? (request.method === "INVITE" && !request.body ? this.localSdp : "");
    if (answer) this.localSdp = answer;
    if (body) {
      response.headers.append("content-type", "application/sdp");
      response.body = body;
    }
    tx.respond(response);
  }
}

/** 422 Session Interval Too Small with our Min-SE (RFC 4028 §6). */
export function tooSmall(request: SipRequest): SipResponse {
  const response = createResponse(request, 422, "Session Interval Too Small");
  response.headers.append("min-se", String(MIN_SE));
  return response;
}
