import { Event, randomToken, type TimerHandle } from "../../lib/index.ts";
import { answerChallenge, parseDigestChallenge } from "../auth/index.ts";
import { BRANCH_COOKIE, HeaderList, formatNameAddr, parseCSeq, tagOf, type SipRequest, type SipResponse } from "../message/index.ts";
import { viaTransport } from "../proxy/index.ts";
import type { ClientTransaction } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { CallState } from "./call-state.ts";
import { Dialog, newTag } from "./dialog.ts";
import { optionTags } from "./reliable-provisionals.ts";
import { allowsUpdate, DEFAULT_SE, MIN_SE, termsOfResponse } from "./session-timer.ts";
import { SipCall } from "./sip-call.ts";
import type { UaHost } from "./ua-host.ts";

export interface OutgoingCallOptions {
  /** Request-URI: the phone's registered Contact. */
  uri: string;
  /** Where to send: the phone's flow (where it registered from). */
  target: Endpoint;
  /** User part of From (the caller's number or service number). */
  fromUser: string;
  fromDisplay?: string;
  /** User part of To (the extension). */
  toUser: string;
  domain: string;
  /** The offer; a promise when it takes a while to make (a WebRTC leg gathers its candidate first). */
  sdp: string | Promise<string>;
  /** Give up (CANCEL) when nobody answers within this time. */
  ringTimeoutMs: number;
  /** Answer a 401/407 from a carrier once with these (T7). */
  credentials?: { username: string; password: string };
  /** More headers of the INVITE (a carrier's P-Asserted-Identity, Privacy, Route to an outbound proxy). */
  headers?: [string, string][];
}

/**
 * An INVITE the appliance sends (an agent leg of the B2BUA, T8): ringing, answer, CANCEL on
 * ring timeout or on request, ACK for every 2xx, BYE to a second 2xx it does not want.
 */
export class OutgoingCall extends SipCall {
  readonly onRinging = new Event<[]>();
  readonly onAnswered = new Event<[string]>();
  /** A provisional response carried SDP (183 Session Progress): the far end's early media (RFC 3960 §2). */
  readonly onEarlyMedia = new Event<[string]>();
  /** A carrier challenged the INVITE (401 or 407, the status given) and it was sent again with the credentials (RFC 3261 §22.2). */
  readonly onChallengeAnswered = new Event<[number]>();
  private invite: SipRequest;
  private authenticated = false;
  private sessionRetried = false;
  private tx?: ClientTransaction;
  private provisional = false;
  private cancelWanted = false;
  private ringTimer?: TimerHandle;
  /** The early dialog of reliable provisional responses and the last RSeq acknowledged (RFC 3262 §4). */
  private early?: Dialog;
  private lastRseq?: number;

  constructor(
    host: UaHost,
    private readonly options: OutgoingCallOptions,
  ) {
    super(host, `${randomToken(20)}@cc`, CallState.Calling);
    const hp = host.localHostPort(options.target);
    const headers = new HeaderList();
    headers.append("via", `SIP/2.0/${viaTransport(options.target)} ${hp.host}:${hp.port};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
    headers.append("max-forwards", "70");
    headers.append("from", formatNameAddr({ displayName: options.fromDisplay, uri: `sip:${options.fromUser}@${options.domain}`, params: new Map([["tag", newTag()]]) }));
    headers.append("to", formatNameAddr({ uri: `sip:${options.toUser}@${options.domain}`, params: new Map() }));
    headers.append("call-id", this.callId);
    headers.append("cseq", "1 INVITE");
    headers.append("contact", this.contact());
    headers.append("allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK");
    headers.append("supported", "100rel, timer");
    // RFC 4028 §7.1: the interval we ask for; the far end may lower it to its own minimum or refuse with 422.
    headers.append("session-expires", String(DEFAULT_SE));
    headers.append("min-se", String(MIN_SE));
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    headers.append("content-type", "application/sdp");
    this.invite = { kind: "request", method: "INVITE", uri: options.uri, headers, body: typeof options.sdp === "string" ? options.sdp : "" };
  }

  get flow(): Endpoint {
    return this.options.target;
  }

  protected contact(): string {
    const hp = this.host.localHostPort(this.options.target);
    return `<sip:cc@${hp.host}:${hp.port};transport=${this.options.target.transport}>`;
  }

  /** Send the INVITE. */
  start(): void {
    this.host.bind(this.callId, this);
    const sdp = this.options.sdp;
    if (typeof sdp === "string") this.send();
    else {
      sdp.then(
        (body) => {
          // Cancelled or timed out while the offer was being made: nothing was sent, nothing to cancel.
          if (this._state !== CallState.Calling) return;
          this.invite = { ...this.invite, body };
          this.send();
        },
        (error) => {
          if (this._state !== CallState.Calling) return;
          this.host.log.warn({ err: String(error), callId: this.callId }, "no offer could be made for the INVITE");
          this.end({ by: "system", cause: "failed" });
        },
      );
    }
    this.ringTimer = this.host.clock.setTimeout(() => this.cancel("timeout"), this.options.ringTimeoutMs);
  }

  private send(): void {
    this.tx = this.host.request(this.invite, this.options.target, {
      onResponse: (response) => this.onResponse(response),
      onTimeout: () => this.end({ by: "system", cause: "timeout", status: 408 }),
      onTransportError: () => this.end({ by: "system", cause: "failed", status: 503 }),
    });
  }

  /** RFC 3261 §22.2: answer a carrier's challenge once, with a new CSeq and branch. */
  private retryWithCredentials(response: SipResponse): boolean {
    const credentials = this.options.credentials;
    if (!credentials || this.authenticated || this._state === CallState.Terminated) return false;
    const proxy = response.status === 407;
    const challenge = response.headers.getAll(proxy ? "proxy-authenticate" : "www-authenticate").map(parseDigestChallenge).find((c) => c !== undefined);
    if (!challenge) return false;
    this.authenticated = true;
    this.resend((headers) => headers.append(proxy ? "proxy-authorization" : "authorization", answerChallenge(challenge, "INVITE", this.invite.uri, credentials.username, credentials.password)));
    this.onChallengeAnswered.execute(response.status);
    return true;
  }

  /** RFC 4028 §7.4: a 422 names the far end's Min-SE; ask again once with that interval. */
  private retryWithLongerSession(response: SipResponse): boolean {
    const minSe = Number.parseInt(response.headers.get("min-se") ?? "", 10);
    if (this.sessionRetried || !Number.isFinite(minSe) || minSe < MIN_SE || this._state === CallState.Terminated) return false;
    this.sessionRetried = true;
    this.resend((headers) => {
      headers.set("session-expires", String(Math.max(minSe, DEFAULT_SE)));
      headers.set("min-se", String(minSe));
    });
    return true;
  }

  /** The INVITE again as a new transaction: a new branch and the next CSeq (RFC 3261 §8.1.3.5). */
  private resend(change: (headers: HeaderList) => void): void {
    const headers = this.invite.headers.clone();
    const via = headers.get("via")!.replace(/branch=[^;]+/, `branch=${BRANCH_COOKIE}${randomToken(16)}`);
    headers.set("via", via);
    headers.set("cseq", `${parseCSeq(headers.get("cseq")).seq + 1} INVITE`);
    change(headers);
    this.invite = { ...this.invite, headers };
    this.provisional = false;
    this.early = this.lastRseq = undefined;
    this.send();
  }

  /** Stop ringing (CANCEL, §9.1: only after a provisional response has arrived). */
  cancel(cause: "cancel" | "timeout" = "cancel"): void {
    if (this._state !== CallState.Calling && this._state !== CallState.Early) return;
    this.cancelWanted = true;
    if (this.provisional) this.sendCancel();
    this.end({ by: cause === "timeout" ? "system" : "local", cause });
  }

  override hangup(cause: Parameters<SipCall["hangup"]>[0] = "bye"): void {
    if (this._state === CallState.Calling || this._state === CallState.Early) return this.cancel(cause === "timeout" ? "timeout" : "cancel");
    super.hangup(cause);
  }

  protected override cleanup(): void {
    if (this.ringTimer) this.host.clock.clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  private onResponse(response: SipResponse): void {
    if (response.status < 200) {
      if (response.status === 100) return;
      this.provisional = true;
      if (this.cancelWanted) return this.sendCancel();
      this.prackIfReliable(response);
      if (this._state === CallState.Calling) {
        this.setState(CallState.Early);
        this.onRinging.execute();
      }
      if (response.body.trim() && this._state === CallState.Early) this.onEarlyMedia.execute(response.body);
      return;
    }
    if (response.status < 300) return this.onSuccess(response);
    if (this._state === CallState.Terminated) return;
    if ((response.status === 401 || response.status === 407) && this.retryWithCredentials(response)) return;
    if (response.status === 422 && this.retryWithLongerSession(response)) return;
    const cause = response.status === 486 || response.status === 600 ? "busy" : response.status === 487 ? "cancel" : "rejected";
    this.end({ by: "remote", cause, status: response.status });
  }

  private onSuccess(response: SipResponse): void {
    const seq = parseCSeq(response.headers.get("cseq")).seq;
    if (this._state === CallState.Confirmed) {
      // A retransmitted 2xx: our ACK was lost (§13.2.2.4).
      if (this.dialog && parseCSeq(this.invite.headers.get("cseq")).seq === seq) this.sendAck(this.invite, response);
      return;
    }
    if (this._state === CallState.Terminated) {
      // Answered after we gave up: acknowledge and hang up that dialog at once.
      this.dialog = Dialog.fromResponse(this.invite, response, this.options.target);
      this.sendAck(this.invite, response);
      this.sendBye();
      return;
    }
    this.dialog = Dialog.fromResponse(this.invite, response, this.options.target);
    // A PRACK used the next CSeq of the early dialog: the confirmed one goes on after it (§12.2.1.1).
    if (this.early?.remoteTag === this.dialog.remoteTag) this.dialog.localCseq = Math.max(this.dialog.localCseq, this.early.localCseq);
    this.sendAck(this.invite, response);
    this.cleanup();
    this.remoteSdp = response.body;
    this.localSdp = this.invite.body;
    this.peerAllowsUpdate = allowsUpdate(response);
    this.setState(CallState.Confirmed);
    // RFC 4028 §7.2: the 2xx settles the session timer; without Session-Expires there is none.
    const terms = termsOfResponse(response);
    if (terms) this.startSession(terms, true);
    this.onAnswered.execute(response.body);
  }

  /**
   * RFC 3262 §4: a provisional response with `Require: 100rel` is acknowledged with a PRACK in its
   * early dialog, carrying RAck "RSeq CSeq INVITE"; a retransmission (RSeq not above the last) is not.
   */
  private prackIfReliable(response: SipResponse): void {
    if (!optionTags(response, "require").includes("100rel")) return;
    const rseq = Number.parseInt(response.headers.get("rseq") ?? "", 10);
    if (!Number.isInteger(rseq) || (this.lastRseq !== undefined && rseq <= this.lastRseq)) return;
    this.lastRseq = rseq;
    const known = this.early;
    const early = known && known.remoteTag === tagOf(response.headers.get("to")) ? known : Dialog.fromResponse(this.invite, response, this.options.target);
    this.early = early;
    const prack = early.createRequest("PRACK", (t) => this.host.localHostPort(t), this.contact());
    prack.headers.append("rack", `${rseq} ${parseCSeq(this.invite.headers.get("cseq")).seq} INVITE`);
    this.host.request(prack, early.target, { onResponse() {}, onTimeout() {}, onTransportError() {} });
  }

  private sendCancel(): void {
    const headers = new HeaderList();
    headers.append("via", this.invite.headers.get("via")!);
    headers.append("max-forwards", "70");
    headers.append("from", this.invite.headers.get("from")!);
    headers.append("to", this.invite.headers.get("to")!);
    headers.append("call-id", this.callId);
    headers.append("cseq", `${parseCSeq(this.invite.headers.get("cseq")).seq} CANCEL`);
    const cancel: SipRequest = { kind: "request", method: "CANCEL", uri: this.invite.uri, headers, body: "" };
    this.host.request(cancel, this.options.target, { onResponse() {}, onTimeout() {}, onTransportError() {} });
  }

  get transaction(): ClientTransaction | undefined {
    return this.tx;
  }
}
