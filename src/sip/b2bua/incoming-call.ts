import type { TimerHandle } from "../../lib/index.ts";
import { callerIdentity, createResponse, parseNameAddr, userOf, type SipRequest, type SipResponse } from "../message/index.ts";
import type { ServerTransaction } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { CallState } from "./call-state.ts";
import { Dialog, newTag } from "./dialog.ts";
import { optionTags, ReliableProvisionals } from "./reliable-provisionals.ts";
import { allowsUpdate, sessionExpires, termsOfRequest, type SessionTerms } from "./session-timer.ts";
import { SipCall } from "./sip-call.ts";
import type { UaHost } from "./ua-host.ts";

const T1 = 500;
const T2 = 4000;

/**
 * An INVITE ended at the appliance (the caller's leg of the B2BUA, T8). The UAS core
 * retransmits its 2xx until the ACK comes (RFC 3261 §13.3.1.4) and gives up after 64·T1.
 */
export class IncomingCall extends SipCall {
  readonly from: string;
  readonly to: string;
  readonly fromDisplay?: string;
  readonly remoteOffer: string;
  /** The authenticated extension that placed the call, when it came from one of ours. */
  readonly extension?: string;
  private readonly localTag = newTag();
  private ok?: SipResponse;
  private retransmit?: TimerHandle;
  private giveUp?: TimerHandle;
  private ackWaiters: Array<() => void> = [];
  /** The caller requires reliable provisional responses (RFC 3262); offered only, we send them plainly. */
  private readonly reliable?: ReliableProvisionals;
  /** The session timer the caller asked for (RFC 4028 §9); a too small one was refused 422 before. */
  private readonly askedSession?: SessionTerms & { requireTimer: boolean };

  constructor(
    host: UaHost,
    private readonly tx: ServerTransaction,
    readonly source: Endpoint,
    extension?: string,
    /** The number dialled when routing already found it (a registration trunk's call, T7). */
    dialled?: string,
  ) {
    super(host, tx.request.headers.get("call-id") ?? "", CallState.Offered);
    const request = tx.request;
    const from = parseNameAddr(request.headers.get("from")!);
    // A trunk's call (no extension) may assert the caller (PAI, RPID) or withhold it (T7).
    this.from = callerIdentity(request, extension === undefined).number;
    this.fromDisplay = from.displayName;
    this.to = dialled ?? (userOf(request.uri) || userOf(request.headers.get("to")));
    this.remoteOffer = request.body;
    this.remoteSdp = request.body;
    this.extension = extension;
    this.dialog = Dialog.fromInvite(request, this.localTag, source);
    host.bind(this.callId, this);
    this.peerAllowsUpdate = allowsUpdate(request);
    const terms = termsOfRequest(request);
    if (terms && !("tooSmall" in terms)) this.askedSession = terms;
    if (optionTags(request, "require").includes("100rel")) {
      const cseq = Number.parseInt(request.headers.get("cseq") ?? "0", 10);
      this.reliable = new ReliableProvisionals(host.clock, (r) => this.tx.respond(r), cseq, () => this.reject(500, "No PRACK"));
    }
    tx.onCancel.subscribe(() => {
      // §9.2: the INVITE is answered 487 once the CANCEL is accepted, if it had no final answer.
      if (this._state === CallState.Offered || this._state === CallState.Early) this.tx.respond(createResponse(request, 487, undefined, this.localTag));
      this.end({ by: "remote", cause: "cancel" });
    });
  }

  get flow(): Endpoint {
    return this.source;
  }

  /**
   * The INVITE carried no SDP (a delayed offer, RFC 3261 §13.2.1): our 2xx carries the offer and the ACK the
   * answer, found in `remoteSdp` once `answer()` resolved.
   */
  get delayedOffer(): boolean {
    return this.remoteOffer.trim() === "";
  }

  protected contact(): string {
    const hp = this.host.localHostPort(this.source);
    return `<sip:cc@${hp.host}:${hp.port};transport=${this.source.transport}>`;
  }

  /** 180 Ringing (with the dialog's To tag). */
  ring(): void {
    if (this._state !== CallState.Offered) return;
    this.setState(CallState.Early);
    this.provisional(createResponse(this.tx.request, 180, undefined, this.localTag));
  }

  /** 183 Session Progress with our SDP: early media (ringback, prompts before answer). */
  progress(sdp: string): void {
    if (this._state !== CallState.Offered && this._state !== CallState.Early) return;
    this.setState(CallState.Early);
    const response = createResponse(this.tx.request, 183, undefined, this.localTag);
    response.headers.append("contact", this.contact());
    response.headers.append("content-type", "application/sdp");
    response.body = sdp;
    this.provisional(response);
  }

  /** A 18x: reliably when the caller requires it (with our Contact: it makes the early dialog, RFC 3262 §3). */
  private provisional(response: SipResponse): void {
    if (!this.reliable) return this.tx.respond(response);
    if (!response.headers.get("contact")) response.headers.append("contact", this.contact());
    this.reliable.send(response);
  }

  /** 200 OK with our SDP; resolves when the ACK arrives. */
  answer(sdp: string): Promise<void> {
    if (this._state !== CallState.Offered && this._state !== CallState.Early) return Promise.reject(new Error(`cannot answer in state ${this._state}`));
    const answered = new Promise<void>((resolve) => this.ackWaiters.push(resolve));
    // A caller requiring 100rel (a carrier, T7) gets a reliable 180 and PRACKs it before the 200, even
    // where nothing rang first (the ARS answers at once); other callers get the 200 straight away.
    if (this.reliable && this._state === CallState.Offered) this.ring();
    // RFC 3262 §3: no 2xx while a reliable provisional response (our 183's answer) waits for its PRACK.
    if (this.reliable) this.reliable.whenSettled(() => this.sendOk(sdp));
    else this.sendOk(sdp);
    return answered;
  }

  private sendOk(sdp: string): void {
    if (this._state !== CallState.Offered && this._state !== CallState.Early) return;
    this.reliable?.stop();
    this.setState(CallState.Answering);
    const response = createResponse(this.tx.request, 200, undefined, this.localTag);
    response.headers.append("contact", this.contact());
    response.headers.append("allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK");
    if (this.askedSession) {
      response.headers.append("session-expires", sessionExpires(this.askedSession));
      if (this.askedSession.requireTimer) response.headers.append("require", "timer");
    }
    response.headers.append("content-type", "application/sdp");
    response.body = sdp;
    this.localSdp = sdp;
    this.ok = response;
    this.tx.respond(response);
    if (this.source.transport === "udp") this.scheduleRetransmit(T1);
    this.giveUp = this.host.clock.setTimeout(() => {
      // §13.3.1.4: no ACK within 64·T1 — confirm and immediately end the dialog with BYE; the record says why (C11).
      this.setState(CallState.Confirmed);
      this.hangup("no-ack");
    }, 64 * T1);
  }

  /** A PRACK for one of our reliable provisional responses (RFC 3262 §3); 481 when it matches none. */
  protected override handlePrack(request: SipRequest, tx: ServerTransaction): void {
    tx.respond(createResponse(request, this.reliable?.prack(request.headers.get("rack")) ? 200 : 481));
  }

  /** Refuse the call (486, 480, 603 …). */
  reject(status: number, reason?: string): void {
    if (this._state !== CallState.Offered && this._state !== CallState.Early) return;
    this.tx.respond(createResponse(this.tx.request, status, reason, this.localTag));
    this.end({ by: "local", cause: "rejected", status });
  }

  override handleAck(request: SipRequest): void {
    if (this._state !== CallState.Answering) return;
    this.stopTimers();
    // A delayed offer's answer comes in the ACK (RFC 3264 §4: "the answer ... in the ACK").
    if (this.delayedOffer && request.body) this.remoteSdp = request.body;
    this.setState(CallState.Confirmed);
    if (this.askedSession) this.startSession(this.askedSession, false);
    for (const resolve of this.ackWaiters.splice(0)) resolve();
  }

  /** `reason`: the reason phrase of a refusal before the answer (RFC 3261 §21; a desk phone shows it). */
  override hangup(cause: Parameters<SipCall["hangup"]>[0] = "bye", reason?: string): void {
    if (this._state === CallState.Offered || this._state === CallState.Early) {
      const status = cause === "shutdown" ? 503 : cause === "rejected" ? 403 : cause === "busy" ? 486 : 480;
      this.tx.respond(createResponse(this.tx.request, status, reason, this.localTag));
      this.end({ by: "local", cause });
      return;
    }
    super.hangup(cause);
  }

  protected override cleanup(): void {
    this.stopTimers();
    this.reliable?.stop();
    for (const resolve of this.ackWaiters.splice(0)) resolve();
  }

  private scheduleRetransmit(interval: number): void {
    this.retransmit = this.host.clock.setTimeout(() => {
      if (this._state !== CallState.Answering || !this.ok) return;
      this.tx.respond(this.ok);
      this.scheduleRetransmit(Math.min(interval * 2, T2));
    }, interval);
  }

  private stopTimers(): void {
    if (this.retransmit) this.host.clock.clearTimeout(this.retransmit);
    if (this.giveUp) this.host.clock.clearTimeout(this.giveUp);
    this.retransmit = this.giveUp = undefined;
  }
}

