import { Event, silentLogger } from "../../lib/index.ts";
import type { Clock, Logger } from "../../lib/index.ts";
import type { AudioCodec, G711Codec } from "../codec/index.ts";
import { codecOfPayloadType, decodeG711 } from "../codec/index.ts";
import { DtmfReceiver, dtmfPackets, InbandDtmfDetector } from "../dtmf/index.ts";
import { mediaClock, PromptPlayer } from "../player/index.ts";
import type { LineFormat, PcmSource, Playback } from "../player/index.ts";
import { RtcpReporter, RtpEndpoint } from "../rtp/index.ts";
import type { MediaEndpoint, PortAllocator, RtpView } from "../rtp/index.ts";
import { answerDirection, DEFAULT_CODECS, SdpSession } from "../sdp/index.ts";
import type { ChosenCodec, MediaDirection, RemoteAudio, SdpNegotiator } from "../sdp/index.ts";
import type { WebRtcFactory } from "../webrtc/index.ts";
import type { LegMedia } from "./leg-media.ts";

/** What was negotiated for a leg, as plain data (a media worker applies it to its endpoint). */
export interface NegotiatedMedia {
  remote?: { address: string; port: number };
  format: LineFormat;
  telephoneEventPt?: number;
  sendEnabled: boolean;
}

export interface CallMediaOptions {
  allocator?: PortAllocator;
  /** Bind exactly this port (a media worker is told which port the main thread's allocator gave). */
  port?: number;
  /** Address to bind (default 0.0.0.0). */
  bindAddress?: string;
  /** Address written into our SDP (the external IP behind NAT, T10). */
  advertisedAddress: string;
  /** Plain RTP: our codecs in order of preference (default PCMU, PCMA, G.722); WebRTC legs take the G.711 ones only. */
  codecs?: readonly AudioCodec[];
  /** Our telephone-event payload type in offers (RFC 4733). Default 101. */
  telephoneEventPt?: number;
  /**
   * Also detect DTMF tones inside the audio (peers without RFC 4733); switched off for the leg as soon as an
   * RFC 4733 packet arrives, so a key is never reported twice. Costs about a microsecond per packet. Default false.
   */
  inbandDtmf?: boolean;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The media of one call leg, ready for the telephony layer: a media endpoint (plain RTP, or WebRTC toward a
 * browser), its SDP offer/answer state, a prompt player and DTMF detection. SIP stays outside: SDP goes in and
 * out as text. Both kinds behave the same once prepared; a WebRTC leg prepares its first offer or answer
 * asynchronously (`prepareOffer()` / `prepareAnswer()`) and is `whenReady()` only after DTLS.
 *
 *   inbound:  answerOffer(invite.body) → 200 OK body       outbound: offer() → INVITE body; applyAnswer(200 body)
 *   hold:     offer("sendonly") → re-INVITE body            resume:  offer("sendrecv")
 */
export class CallMedia implements LegMedia {
  /** RFC 4733 digits from the peer ("0"-"9", "*", "#", "A"-"D"), each key press once. */
  readonly onDtmf = new Event<[string]>();
  /** Never fires for media on this thread (see `LegMedia.onFailed`). */
  readonly onFailed = new Event<[string]>();
  readonly onNegotiated = new Event<[]>();
  readonly player: PromptPlayer;
  private readonly dtmf: DtmfReceiver;
  private teOut?: number;
  private remoteAudio?: RemoteAudio;
  private offered: MediaDirection = "sendrecv";
  /** `performance.now()` since when the peer should send to us (both directions sendrecv); undefined while it need not. */
  private expectSince?: number;
  private unsubscribe: () => void;
  private rtcp?: RtcpReporter;

  private constructor(
    readonly endpoint: MediaEndpoint,
    private session: SdpNegotiator,
    private readonly clock: Clock,
    private options: CallMediaOptions,
  ) {
    this.player = new PromptPlayer(endpoint, clock, { codec: options.codecs?.[0] ?? "PCMU", pt: options.codecs?.[0] === "PCMA" ? 8 : 0 });
    this.dtmf = new DtmfReceiver(options.telephoneEventPt ?? 101);
    let inband = options.inbandDtmf ? new InbandDtmfDetector() : undefined;
    const pcm = new Int16Array(160);
    // Reads only its own scope and the receiver on most packets (no `this`: one object fewer per packet, issue 12).
    const dtmf = this.dtmf;
    const listenForDigits = (p: RtpView) => {
      if (p.payloadType === dtmf.payloadType) {
        inband = undefined;
        for (const d of dtmf.process(p)) this.onDtmf.execute(d);
        return;
      }
      if (inband === undefined || p.payloadLength !== 160) return;
      const codec = codecOfPayloadType(p.payloadType);
      if (codec) for (const d of inband.process(decodeG711(codec, p.payload, pcm))) this.onDtmf.execute(d);
    };
    this.unsubscribe = endpoint.onPacket.subscribe(listenForDigits);
  }

  /** Bind a port from the range and prepare the SDP session. */
  static async open(options: CallMediaOptions): Promise<CallMedia> {
    const logger = options.logger ?? silentLogger;
    const endpoint = await RtpEndpoint.open({ allocator: options.allocator, port: options.port, bindAddress: options.bindAddress, logger });
    const sdp = new SdpSession({
      address: options.advertisedAddress,
      port: endpoint.port,
      codecs: options.codecs,
      telephoneEventPt: options.telephoneEventPt ?? 101,
    });
    const media = new CallMedia(endpoint, sdp, options.clock ?? mediaClock, options);
    // RTCP sender reports on the odd port next to RTP (M1); media works without them if it is taken.
    media.rtcp = await RtcpReporter.open(endpoint, { clock: options.clock ?? mediaClock, log: logger, bindAddress: options.bindAddress });
    return media;
  }

  /**
   * The media of a leg toward a browser (M1): ICE, DTLS-SRTP and G.711 through werift, one host candidate at
   * `advertisedAddress`. Opus is not offered (no transcoding): browsers speak PCMU/PCMA to the appliance.
   * Throws when the port range is exhausted.
   */
  static webrtc(factory: WebRtcFactory, options: CallMediaOptions): CallMedia {
    const codecs = (options.codecs ?? ["PCMU", "PCMA"]).filter((c): c is G711Codec => c !== "G722");
    const telephoneEventPt = options.telephoneEventPt ?? 101;
    const endpoint = factory.endpoint(options.advertisedAddress, { codecs, telephoneEventPt, logger: options.logger });
    return new CallMedia(endpoint, factory.session(endpoint, codecs, telephoneEventPt), options.clock ?? mediaClock, options);
  }

  /** Plain RTP (desk phones, carriers) or WebRTC (browsers). */
  get kind(): "rtp" | "webrtc" {
    return this.endpoint.kind;
  }

  /** Our SDP offer/answer state. */
  get sdp(): SdpNegotiator {
    return this.session;
  }

  /** Make the first offer ready (a WebRTC leg gathers its candidate); resolves at once for plain RTP. */
  prepareOffer(): Promise<void> {
    return this.session.prepareOffer?.() ?? Promise.resolve();
  }

  /** Make the answer to the peer's first offer ready (WebRTC: ICE and DTLS parameters); at once for plain RTP. */
  prepareAnswer(offer: string): Promise<void> {
    return this.session.prepareAnswer?.(offer) ?? Promise.resolve();
  }

  /**
   * Resolves true once media reaches the peer (at once for plain RTP; after ICE and DTLS for WebRTC, whose
   * earlier packets are dropped), or false after `timeoutMs`.
   */
  whenReady(timeoutMs = 5000): Promise<boolean> {
    if (this.endpoint.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(false), timeoutMs);
      void this.endpoint.whenReady().then(() => {
        this.clock.clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * Change the address written into our SDP before the first offer or answer: media opened ahead of
   * time (a pool) learns only later which peer, and so which of our addresses, it serves (T10).
   */
  setAdvertisedAddress(address: string): void {
    // A WebRTC leg is made for its peer: its candidate's address is fixed when it is made.
    if (address === this.options.advertisedAddress || this.endpoint.kind === "webrtc") return;
    this.options = { ...this.options, advertisedAddress: address };
    this.session = new SdpSession({ address, port: this.endpoint.port, codecs: this.options.codecs, telephoneEventPt: this.options.telephoneEventPt ?? 101 });
  }

  /**
   * Offer `codec` first (before the first offer): an agent leg offers the caller's G.722 first so that both legs
   * can speak it and the bridge relays it untouched (M1, end to end). Ignored by WebRTC legs (G.711 only).
   */
  preferCodec(codec: AudioCodec): void {
    if (this.endpoint.kind === "webrtc") return;
    const codecs = this.options.codecs ?? DEFAULT_CODECS;
    if (codecs[0] === codec || !codecs.includes(codec)) return;
    this.options = { ...this.options, codecs: [codec, ...codecs.filter((c) => c !== codec)] };
    this.session = new SdpSession({ address: this.options.advertisedAddress, port: this.endpoint.port, codecs: this.options.codecs, telephoneEventPt: this.options.telephoneEventPt ?? 101 });
  }

  /** The negotiated codec and payload type toward the peer (PCMU/0 until negotiated). */
  get format(): LineFormat {
    return this.player.format;
  }

  /** The peer's telephone-event payload type, when it supports RFC 4733. */
  get telephoneEventPt(): number | undefined {
    return this.teOut;
  }

  /** True when the negotiated direction lets us send (false while the peer holds us: sendonly/inactive). */
  get sending(): boolean {
    return this.endpoint.sendEnabled;
  }

  /** Milliseconds since the peer's last RTP packet (Infinity before the first): hang up dead calls with it. */
  get idleMs(): number {
    const at = this.endpoint.lastReceivedAt;
    return at === 0 ? Infinity : performance.now() - at;
  }

  /**
   * Milliseconds the peer has sent no RTP while it should (issue 15): counted from its last packet or from the
   * moment media was due (the answer, a resume), whichever is later. 0 while it need not send — held either
   * way (a=sendonly, a=recvonly, a=inactive, c=0.0.0.0, RFC 3264 §8.4) or before any SDP was applied — and 0
   * until its first packet: a peer that never sent media (signalling-only test tools, one-way NAT) did not vanish.
   */
  silentMs(now = performance.now()): number {
    if (this.expectSince === undefined || this.endpoint.lastReceivedAt === 0) return 0;
    return Math.max(0, now - Math.max(this.expectSince, this.endpoint.lastReceivedAt));
  }

  /** The last remote SDP applied (direction tells whether the peer holds us). */
  get remote(): RemoteAudio | undefined {
    return this.remoteAudio;
  }

  /** Our offer: initial INVITE, or a re-INVITE with `sendonly` for hold (RFC 3264 §8.4). */
  offer(direction: MediaDirection = "sendrecv"): string {
    this.offered = direction;
    return this.sdp.offer(direction);
  }

  /** Apply a remote offer and return our answer. Throws `SdpError` (status 488) when nothing matches. */
  answerOffer(offer: string, wanted: MediaDirection = "sendrecv"): string {
    const { sdp, remote, chosen } = this.sdp.answer(offer, wanted);
    this.apply(remote, chosen, answerDirection(remote.direction, wanted));
    return sdp;
  }

  /** Apply the remote answer to our offer. Throws `SdpError` when it has no codec we offered. */
  applyAnswer(answer: string): void {
    const { remote, chosen } = this.sdp.readAnswer(answer);
    this.apply(remote, chosen, answerDirection(remote.direction, this.offered));
  }

  /** Play to the peer (a new play stops the previous one). */
  play(source: PcmSource): Playback {
    return this.player.play(source);
  }

  /** Send digits as RFC 4733 events, one after another (100 ms each, 60 ms apart). Needs the peer's support. */
  async sendDtmf(digits: string): Promise<boolean> {
    const pt = this.teOut;
    if (pt === undefined) return false;
    for (const d of digits) {
      let at = 0;
      for (const p of dtmfPackets(d)) {
        await this.sleep(p.atMs - at);
        at = p.atMs;
        this.endpoint.send(p.payload, pt, p.marker, p.timestampStep);
      }
      this.endpoint.advanceTimestamp(800);
      await this.sleep(60);
    }
    return true;
  }

  /** Stop playing, close the socket and give the port back. */
  close(): void {
    this.unsubscribe();
    this.player.close();
    this.rtcp?.close();
    this.endpoint.close();
  }

  /** Apply what the main thread negotiated (a media worker's leg; `apply()` does the same from SDP). */
  applyNegotiated(n: NegotiatedMedia): void {
    this.endpoint.sendEnabled = n.sendEnabled;
    this.player.format = n.format;
    this.teOut = n.telephoneEventPt;
    if (n.telephoneEventPt !== undefined) this.dtmf.payloadType = n.telephoneEventPt;
    this.endpoint.setRemote(n.remote);
    this.onNegotiated.execute();
  }

  private apply(remote: RemoteAudio, chosen: ChosenCodec, direction: MediaDirection): void {
    this.remoteAudio = remote;
    this.applyNegotiated(negotiated(remote, chosen, direction));
    const off = remote.holdAddress || remote.port === 0;
    const expected = !off && remote.direction === "sendrecv" && this.offered === "sendrecv";
    if (!expected) this.expectSince = undefined;
    else this.expectSince ??= performance.now();
  }

  private sleep(ms: number): Promise<void> {
    return ms <= 0 ? Promise.resolve() : new Promise((r) => this.clock.setTimeout(r, ms));
  }
}

/** What an applied offer/answer means for the endpoint (shared by `CallMedia` and a worker leg's proxy). */
export function negotiated(remote: RemoteAudio, chosen: ChosenCodec, direction: MediaDirection): NegotiatedMedia {
  const off = remote.holdAddress || remote.port === 0;
  return {
    remote: off ? undefined : { address: remote.address, port: remote.port },
    format: { codec: chosen.codec, pt: chosen.pt },
    telephoneEventPt: chosen.telephoneEventPt,
    sendEnabled: direction === "sendrecv" || direction === "sendonly",
  };
}
