import { Event } from "../../lib/index.ts";
import type { AudioCodec } from "../codec/index.ts";
import { sourceToSpec } from "../player/index.ts";
import type { LineFormat, PcmSource, Playback } from "../player/index.ts";
import { answerDirection, DEFAULT_CODECS, SdpSession } from "../sdp/index.ts";
import type { ChosenCodec, MediaDirection, RemoteAudio } from "../sdp/index.ts";
import { negotiated } from "../session/index.ts";
import type { LegMedia, LegPlayer, NegotiatedMedia } from "../session/index.ts";
import type { ToWorker } from "./protocol.ts";
import { ProxyEndpoint } from "./proxy-endpoint.ts";

/** What a worker leg needs of its worker's host on the main thread. */
export interface WorkerLink {
  readonly index: number;
  post(message: ToWorker): void;
  /** A number for a playback; `settle` is called with the worker's result. */
  playback(settle: (result: "finished" | "stopped" | "ended") => void): number;
  dtmf(id: number, digits: string): Promise<boolean>;
  /** The leg closed: forget it and give its port back. */
  released(media: RemoteCallMedia): void;
}

export interface RemoteCallMediaOptions {
  advertisedAddress: string;
  codecs?: readonly AudioCodec[];
  telephoneEventPt?: number;
}

/**
 * The main thread's face of a leg whose packets run in a media worker (issue 12): the same `LegMedia` as
 * `CallMedia`. SDP offer/answer is negotiated here (text in, text out, synchronously); what it means for the
 * endpoint goes to the worker as one small message. The worker reports digits, playback ends and, ten times
 * a second, when the peer was last heard.
 */
export class RemoteCallMedia implements LegMedia {
  readonly kind = "rtp" as const;
  readonly onDtmf = new Event<[string]>();
  readonly onFailed = new Event<[string]>();
  readonly onNegotiated = new Event<[]>();
  readonly player: LegPlayer;
  private session: SdpSession;
  private state: NegotiatedMedia = { format: { codec: "PCMU", pt: 0 }, sendEnabled: true };
  private remoteAudio?: RemoteAudio;
  private offered: MediaDirection = "sendrecv";
  private expectSince?: number;
  /** `performance.now()` (this thread) of the peer's last packet, 0 before any. */
  private heardAt = 0;
  private current?: { play: number; settle: (r: "finished" | "stopped" | "ended") => void };
  private proxy?: ProxyEndpoint;
  private closedFlag = false;

  constructor(
    readonly link: WorkerLink,
    readonly id: number,
    readonly port: number,
    private options: RemoteCallMediaOptions,
  ) {
    this.session = this.newSession();
    const self = this;
    this.player = {
      get playing() {
        return self.current !== undefined;
      },
      get format() {
        return self.state.format;
      },
      stop: () => this.stopPlaying(),
    };
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The endpoint as seen from here (a tap on the worker's socket; see `ProxyEndpoint`). */
  get endpoint(): ProxyEndpoint {
    const self = this;
    this.proxy ??= new ProxyEndpoint(this.port, {
      tap: (on) => this.post({ t: "tap", id: this.id, on }),
      send: (payload, pt, marker, step) => this.post({ t: "send", id: this.id, payload, pt, marker, step }),
      advance: (samples) => this.post({ t: "advance", id: this.id, samples }),
      close: () => this.close(),
      get sendEnabled() {
        return self.state.sendEnabled;
      },
      get lastReceivedAt() {
        return self.heardAt;
      },
      get closed() {
        return self.closedFlag;
      },
    });
    return this.proxy;
  }

  prepareOffer(): Promise<void> {
    return Promise.resolve();
  }

  prepareAnswer(_offer: string): Promise<void> {
    return Promise.resolve();
  }

  whenReady(_timeoutMs?: number): Promise<boolean> {
    return Promise.resolve(!this.closedFlag);
  }

  setAdvertisedAddress(address: string): void {
    if (address === this.options.advertisedAddress) return;
    this.options = { ...this.options, advertisedAddress: address };
    this.session = this.newSession();
  }

  preferCodec(codec: AudioCodec): void {
    const codecs = this.options.codecs ?? DEFAULT_CODECS;
    if (codecs[0] === codec || !codecs.includes(codec)) return;
    this.options = { ...this.options, codecs: [codec, ...codecs.filter((c) => c !== codec)] };
    this.session = this.newSession();
  }

  get format(): LineFormat {
    return this.state.format;
  }

  get telephoneEventPt(): number | undefined {
    return this.state.telephoneEventPt;
  }

  get sending(): boolean {
    return this.state.sendEnabled;
  }

  get idleMs(): number {
    return this.heardAt === 0 ? Infinity : performance.now() - this.heardAt;
  }

  /** See `CallMedia.silentMs` (the last packet time is at most 0.1 s old here). */
  silentMs(now = performance.now()): number {
    if (this.expectSince === undefined || this.heardAt === 0) return 0;
    return Math.max(0, now - Math.max(this.expectSince, this.heardAt));
  }

  get remote(): RemoteAudio | undefined {
    return this.remoteAudio;
  }

  offer(direction: MediaDirection = "sendrecv"): string {
    this.offered = direction;
    return this.session.offer(direction);
  }

  answerOffer(offer: string, wanted: MediaDirection = "sendrecv"): string {
    const { sdp, remote, chosen } = this.session.answer(offer, wanted);
    this.apply(remote, chosen, answerDirection(remote.direction, wanted));
    return sdp;
  }

  applyAnswer(answer: string): void {
    const { remote, chosen } = this.session.readAnswer(answer);
    this.apply(remote, chosen, answerDirection(remote.direction, this.offered));
  }

  play(source: PcmSource): Playback {
    this.stopPlaying();
    if (this.closedFlag) return { done: Promise.resolve("ended"), stop() {} };
    let settle!: (r: "finished" | "stopped" | "ended") => void;
    const done = new Promise<"finished" | "stopped" | "ended">((r) => (settle = r));
    const entry = { play: 0, settle };
    entry.play = this.link.playback((result) => {
      if (this.current === entry) this.current = undefined;
      settle(result);
    });
    this.current = entry;
    this.post({ t: "play", id: this.id, play: entry.play, source: sourceToSpec(source) });
    return {
      done,
      stop: () => {
        if (this.current === entry) this.stopPlaying();
      },
    };
  }

  sendDtmf(digits: string): Promise<boolean> {
    if (this.closedFlag || this.state.telephoneEventPt === undefined) return Promise.resolve(false);
    return this.link.dtmf(this.id, digits);
  }

  close(): void {
    if (this.closedFlag) return;
    this.post({ t: "close", id: this.id });
    this.closedFlag = true;
    this.current = undefined;
    this.link.released(this);
  }

  /** @internal The worker heard the peer at `epochMs` (its `performance.timeOrigin` time). */
  heard(epochMs: number): void {
    this.heardAt = epochMs - performance.timeOrigin;
  }

  /** @internal A datagram from the worker's tap. */
  deliver(data: Uint8Array): void {
    this.proxy?.deliver(data);
  }

  /** @internal The worker died: the leg is gone (its port is given back by the host). */
  fail(cause: string): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const playing = this.current;
    this.current = undefined;
    playing?.settle("ended");
    this.onFailed.execute(cause);
  }

  private stopPlaying(): void {
    if (!this.current) return;
    this.current = undefined;
    this.post({ t: "stopPlay", id: this.id });
  }

  private post(message: ToWorker): void {
    if (!this.closedFlag) this.link.post(message);
  }

  private apply(remote: RemoteAudio, chosen: ChosenCodec, direction: MediaDirection): void {
    this.remoteAudio = remote;
    this.state = negotiated(remote, chosen, direction);
    this.post({ t: "apply", id: this.id, n: this.state });
    this.onNegotiated.execute();
    const off = remote.holdAddress || remote.port === 0;
    const expected = !off && remote.direction === "sendrecv" && this.offered === "sendrecv";
    if (!expected) this.expectSince = undefined;
    else this.expectSince ??= performance.now();
  }

  private newSession(): SdpSession {
    const { advertisedAddress, codecs, telephoneEventPt } = this.options;
    return new SdpSession({ address: advertisedAddress, port: this.port, codecs, telephoneEventPt: telephoneEventPt ?? 101 });
  }
}
