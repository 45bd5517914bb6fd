import { Event, systemClock, timeOrderedId, type Clock, type Logger } from "../lib/index.ts";
import type { LegMedia, PcmSource } from "../media/index.ts";
import { CallState, type IncomingCall, type OutgoingCall, type CallEnd } from "../sip/index.ts";
import type { CallLeg, EndReason, LegState, Playback, PromptRef } from "./call-leg.ts";
import { MediaWatchdog } from "./media-watchdog.ts";

/** Turns a PromptRef into audio (defaults, the service's own prompts, tones). */
export type PromptResolver = (prompt: PromptRef, loop: boolean) => Promise<PcmSource>;

export interface SipCallLegOptions {
  /** Release the leg after this long without RTP from a peer that should send (issue 15); 0 or absent: never. */
  mediaTimeoutMs?: number;
  clock?: Clock;
}

/**
 * A CallLeg made of one SIP call (incoming or outgoing) and its media (T8, M1–M3).
 * DTMF arrives as RFC 4733 events in RTP or, as a fallback, as SIP INFO.
 */
export class SipCallLeg implements CallLeg {
  readonly id = timeOrderedId("l"); // stored as call_legs.leg_id: appended in index order (issue 12)
  readonly onAnswered = new Event<[]>();
  readonly onEnded = new Event<[EndReason]>();
  readonly onDtmf = new Event<[string]>();
  readonly onRemoteHold = new Event<[boolean]>();
  /** The peer sent no RTP for the media timeout: fired just before this leg is released (the bridge warns the other). */
  readonly onMediaLost = new Event<[]>();
  readonly onEarlyMedia = new Event<[]>();
  readonly onChallengeAnswered = new Event<[number]>();
  private _state: LegState;
  private readonly clock: Clock;
  private readonly watchdog?: MediaWatchdog;
  /** How long the peer had been silent when the media timeout released this leg. */
  private lostAfterMs?: number;
  /** The other party vanished: hang-ups wait until this announcement has been heard. */
  private releasing?: Promise<void>;
  private remoteHeld = false;
  /** The far end's early media was announced (once). */
  private early = false;
  private bridged = false;
  private playGeneration = 0;
  private readonly onceAcked: Promise<void>;
  private preparing?: Promise<void>;

  constructor(
    private readonly call: IncomingCall | OutgoingCall,
    readonly media: LegMedia,
    readonly direction: "inbound" | "outbound",
    readonly from: string,
    readonly to: string,
    private readonly resolvePrompt: PromptResolver,
    private readonly log: Logger,
    options: SipCallLegOptions = {},
  ) {
    this._state = "new";
    this.clock = options.clock ?? systemClock;
    if (options.mediaTimeoutMs) {
      // Only a confirmed dialog is watched: media before the 2xx/ACK (early media, ringing) may rightly be absent.
      const silent = () => (call.state === CallState.Confirmed ? media.silentMs() : 0);
      this.watchdog = new MediaWatchdog(this.clock, options.mediaTimeoutMs, silent, (ms) => this.mediaLost(ms));
      this.watchdog.start();
    }
    media.onDtmf.subscribe((digit) => this.onDtmf.execute(digit));
    // The media worker holding this leg died (issue 12): the call cannot go on; end it as failed.
    media.onFailed.subscribe((cause) => {
      if (this._state === "ended") return;
      this.log.error({ callId: call.callId, cause }, "media lost: ending the call as failed");
      call.hangup("failed");
    });
    call.onInfo.subscribe((type, body) => {
      const digit = infoDigit(type, body);
      if (digit) this.onDtmf.execute(digit);
    });
    call.onEnded.subscribe((end) => this.ended(end));
    call.onRemoteSdp.subscribe(() => this.remoteOffered());
    call.offerHandler = (offer) => {
      try {
        return media.answerOffer(offer);
      } catch {
        return undefined;
      }
    };
    if ("onAnswered" in call) {
      this._state = "ringing";
      call.onEarlyMedia.subscribe((sdp) => this.farEarlyMedia(sdp));
      call.onChallengeAnswered.subscribe((status) => this.onChallengeAnswered.execute(status));
      call.onAnswered.subscribe((sdp) => {
        try {
          media.applyAnswer(sdp);
        } catch (error) {
          this.log.warn({ err: String(error), callId: call.callId }, "agent answered with no usable codec");
          call.hangup("failed");
          return;
        }
        this._state = "answered";
        this.onAnswered.execute();
      });
    }
    this.onceAcked = Promise.resolve();
  }

  get callId(): string {
    return this.call.callId;
  }

  get state(): LegState {
    return this._state;
  }

  ring(): void {
    if (this.direction !== "inbound" || this._state !== "new") return;
    (this.call as IncomingCall).ring();
    this._state = "ringing";
  }

  progress(): boolean {
    if (this.direction !== "inbound" || (this._state !== "new" && this._state !== "ringing") || this.media.kind !== "rtp") return false;
    const call = this.call as IncomingCall;
    if (call.delayedOffer) return false;
    try {
      call.progress(this.media.answerOffer(call.remoteOffer));
    } catch {
      return false;
    }
    this._state = "ringing";
    return call.state === CallState.Early;
  }

  /** The far end's 183 with SDP: media now flows both ways before the answer (RFC 3960); an unusable SDP is ignored. */
  private farEarlyMedia(sdp: string): void {
    if (this._state !== "ringing") return;
    try {
      this.media.applyAnswer(sdp);
    } catch (error) {
      this.log.info({ err: String(error), callId: this.callId }, "early media with no usable codec: ignored");
      return;
    }
    if (this.early) return;
    this.early = true;
    this.onEarlyMedia.execute();
  }

  async answer(): Promise<void> {
    if (this.direction !== "inbound" || this._state === "answered" || this._state === "ended") return this.onceAcked;
    const call = this.call as IncomingCall;
    if (call.delayedOffer && this.media.kind === "rtp") return this.answerDelayedOffer(call);
    let sdp: string;
    try {
      // A browser's offer: werift applies it and gathers our candidate first (M1), once however often asked.
      if (this.media.kind === "webrtc") {
        this.preparing ??= this.media.prepareAnswer(call.remoteOffer);
        await this.preparing;
        if (call.state !== CallState.Offered && call.state !== CallState.Early) return;
      }
      sdp = this.media.answerOffer(call.remoteOffer);
    } catch {
      call.reject(488);
      return;
    }
    this._state = "answered";
    this.onAnswered.execute();
    await call.answer(sdp);
  }

  /**
   * An INVITE without SDP (RFC 3261 §13.2.1, RFC 3264 §4): our offer goes in the 200 OK and the answer comes in
   * the ACK. An ACK without a usable answer leaves no media to speak of: the call is ended with a BYE.
   */
  private async answerDelayedOffer(call: IncomingCall): Promise<void> {
    const offer = this.media.offer();
    this._state = "answered";
    this.onAnswered.execute();
    await call.answer(offer);
    if (call.state !== CallState.Confirmed) return;
    try {
      this.media.applyAnswer(call.remoteSdp);
    } catch (error) {
      this.log.warn({ err: String(error), callId: call.callId }, "the ACK carried no usable answer to our offer");
      call.hangup("failed");
    }
  }

  play(prompt: PromptRef, options: { loop?: boolean } = {}): Playback {
    if (this._state === "ended") return { done: Promise.resolve("ended"), stop() {} };
    // While bridged the peer hears the other party: a prompt would interleave with the relayed audio.
    if (this.bridged) return { done: Promise.resolve("stopped"), stop() {} };
    let current: Playback | undefined;
    let stopped = false;
    const generation = this.playGeneration;
    // WebRTC drops what is sent before DTLS is up: a prompt waits for it (bounded) so its start is heard.
    const loading = this.resolvePrompt(prompt, options.loop ?? false);
    const ready = this.media.kind === "webrtc" ? Promise.all([loading, this.media.whenReady(3000)]).then(([source]) => source) : loading;
    const done = ready.then(
      (source) => {
        // A prompt whose audio was still loading when the leg was bridged or ended must not start.
        if (stopped || generation !== this.playGeneration || this._state === "ended") return this._state === "ended" ? "ended" : "stopped";
        current = this.media.play(source);
        return current.done;
      },
      (error) => {
        this.log.warn({ err: String(error), prompt }, "prompt could not be played");
        return "finished" as const;
      },
    );
    return {
      done,
      stop: () => {
        stopped = true;
        current?.stop();
      },
    };
  }

  /** Bridged legs play nothing; prompts still loading are dropped (M4). */
  setBridged(bridged: boolean): void {
    this.bridged = bridged;
    this.playGeneration++;
    this.media.player.stop();
  }

  async hold(): Promise<void> {
    this.applyReanswer(await this.call.reinvite(this.media.offer("sendonly")));
  }

  async resume(): Promise<void> {
    this.applyReanswer(await this.call.reinvite(this.media.offer("sendrecv")));
  }

  /** The answer to our re-INVITE may move the peer's media (RFC 3264 §8); one we cannot use keeps the old. */
  private applyReanswer(sdp: string): void {
    if (!sdp) return;
    try {
      this.media.applyAnswer(sdp);
    } catch (error) {
      this.log.warn({ err: String(error), callId: this.callId }, "unusable answer to a re-INVITE");
    }
  }

  /** A re-INVITE or UPDATE from the far end was answered: did it put us on hold or take us off (RFC 3264 §8.4)? */
  private remoteOffered(): void {
    const r = this.media.remote;
    const held = !!r && (r.holdAddress || r.direction === "sendonly" || r.direction === "inactive");
    if (held === this.remoteHeld) return;
    this.remoteHeld = held;
    this.log.info({ callId: this.callId, held }, held ? "held by the far end" : "resumed by the far end");
    this.onRemoteHold.execute(held);
  }

  hangup(cause: EndReason["cause"] = "bye", reason?: string): void {
    if (this._state === "ended") return;
    // The loss announcement plays to its end (bounded) before the BYE.
    if (this.releasing) return void this.releasing.then(() => this.call.hangup(cause));
    if (reason !== undefined && this.direction === "inbound") return (this.call as IncomingCall).hangup(cause, reason);
    this.call.hangup(cause);
  }

  /**
   * The party this leg was joined to vanished (issue 15): play `prompt` to this one and hold back any hang-up
   * until it has been heard, at most `maxMs`.
   */
  announceRelease(prompt: PromptRef, maxMs: number): void {
    if (this._state === "ended" || this.releasing) return;
    this.setBridged(false);
    const playback = this.play(prompt);
    this.releasing = new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        playback.stop();
        resolve();
      }, maxMs);
      void playback.done.then(() => {
        this.clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  /** No RTP for the media timeout while the peer should send: a vanished phone (no BYE). Release with a BYE. */
  private mediaLost(silentMs: number): void {
    if (this._state === "ended") return;
    this.log.warn({ callId: this.callId, silentMs: Math.round(silentMs) }, "no RTP from the peer: releasing the leg (media timeout)");
    this.lostAfterMs = silentMs;
    this.onMediaLost.execute();
    this.call.hangup("media-timeout");
  }

  /** True while the SIP side is up (for leak checks). */
  get alive(): boolean {
    return this.call.state !== CallState.Terminated;
  }

  private ended(end: CallEnd): void {
    if (this._state === "ended") return;
    this._state = "ended";
    this.watchdog?.stop();
    this.media.close();
    const lost = end.cause === "media-timeout" && this.lostAfterMs !== undefined;
    this.onEnded.execute(lost ? { ...end, by: "system", silentMs: Math.round(this.lostAfterMs!) } : end);
  }
}

/** A digit from SIP INFO: application/dtmf-relay ("Signal=5") or application/dtmf ("5"). */
export function infoDigit(contentType: string, body: string): string | undefined {
  const type = contentType.toLowerCase();
  const m = type.includes("dtmf-relay") ? /Signal\s*=\s*([0-9*#A-D])/i.exec(body) : type.includes("dtmf") ? /^\s*([0-9*#A-D])/i.exec(body) : null;
  return m ? m[1]!.toUpperCase() : undefined;
}
