import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader } from "werift";
import type { RTCCertificate, RTCDtlsTransport, RtpPacket } from "werift";
import { Event, Fanout, silentLogger } from "../../lib/index.ts";
import type { Logger } from "../../lib/index.ts";
import { PAYLOAD_TYPE } from "../codec/index.ts";
import type { G711Codec } from "../codec/index.ts";
import { createRtpView, RtpEndpoint } from "../rtp/index.ts";
import type { EndpointStats, MediaEndpoint, PortAllocator, RtpAddress, RtpView } from "../rtp/index.ts";

/** The connection's state (W3C RTCPeerConnectionState, without "disconnected": werift keeps "connected"). */
export type WebRtcState = "new" | "connecting" | "connected" | "failed" | "closed";

export interface WebRtcEndpointOptions {
  /** The address of our host candidate: where the browser reaches us (the external address behind NAT, T10). */
  advertisedAddress: string;
  /** The local address the ICE socket binds; all addresses when omitted or 0.0.0.0. */
  bindAddress?: string;
  /** The port comes from this range (M1), else the system picks one. */
  allocator?: PortAllocator;
  codecs: readonly G711Codec[];
  telephoneEventPt: number;
  /** Made once at start-up (`WebRtcFactory`): making one costs a first call ≈ 200 ms. */
  certificate: RTCCertificate;
  /** Bound on ICE gathering (host candidates only: milliseconds in practice). Default 5000. */
  gatherTimeoutMs?: number;
  logger?: Logger;
}

const MAX_PAYLOAD = 1200;

/**
 * One call leg's WebRTC media (SPEC M1): full ICE with one host candidate, DTLS-SRTP through werift, G.711 and
 * RFC 4733 events. It is a `MediaEndpoint` like `RtpEndpoint`: it keeps its own SSRC, sequence numbers and timestamps
 * and hands received packets up as `RtpView`s, so players, DTMF, the bridge and the recorder work unchanged.
 * Packets go straight through the DTLS transport's SRTP session (werift's sender would rewrite the payload type
 * of telephone-events). Sends before DTLS is up are dropped and counted (`stats.notReady`); `whenReady()` says when.
 * After the browser vanishes werift stays "connected" (≈ 26 s): calls end from SIP, never from this state.
 */
export class WebRtcEndpoint implements MediaEndpoint {
  readonly kind = "webrtc" as const;
  readonly onPacket = new Fanout<RtpView>();
  readonly onStateChange = new Event<[WebRtcState]>();
  readonly ssrc = ((Math.random() * 0x1_0000_0000) >>> 0) || 1;
  readonly cname = `cc-${Math.random().toString(36).slice(2, 10)}`;
  readonly stats: EndpointStats & { notReady: number } = { sent: 0, sentOctets: 0, received: 0, sendErrors: 0, dropped: 0, lastReceivedAt: 0, notReady: 0 };
  sendEnabled = true;
  private readonly pc: RTCPeerConnection;
  private readonly log: Logger;
  private readonly allocated?: number;
  private seq = (Math.random() * 0x10000) & 0xffff;
  private ts = (Math.random() * 0x1_0000_0000) >>> 0;
  private dtls?: RTCDtlsTransport;
  private _state: WebRtcState = "new";
  private closed = false;
  private readonly view = createRtpView();
  private readonly readyWaiters: (() => void)[] = [];
  private readonly onSent = (bytes: number) => {
    if (bytes === 0) this.sendFailed();
  };
  private readonly onSendError = () => this.sendFailed();

  get lastReceivedAt(): number {
    return this.stats.lastReceivedAt;
  }

  constructor(private readonly options: WebRtcEndpointOptions) {
    this.log = (options.logger ?? silentLogger).child("webrtc");
    const bind = options.bindAddress && options.bindAddress !== "0.0.0.0" ? options.bindAddress : undefined;
    this.allocated = options.allocator?.allocate();
    if (options.allocator && this.allocated === undefined) throw new Error("no RTP port left for a WebRTC leg");
    const audio = options.codecs.map((c) => new RTCRtpCodecParameters({ mimeType: `audio/${c}`, clockRate: 8000, channels: 1, payloadType: PAYLOAD_TYPE[c] }));
    audio.push(new RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, channels: 1, payloadType: options.telephoneEventPt, parameters: "0-16" }));
    this.pc = new RTCPeerConnection({
      // No STUN (an offline box would wait for it) and exactly one host address: ours, loopback included.
      iceServers: [],
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: [options.advertisedAddress],
      iceInterfaceAddresses: bind ? { udp4: bind } : undefined,
      icePortRange: this.allocated === undefined ? undefined : [this.allocated, this.allocated + 1],
      iceUseTcp: false,
      codecs: { audio },
      headerExtensions: { audio: [], video: [] },
      certificates: [options.certificate],
      bundlePolicy: "max-bundle",
    });
    this.pc.connectionStateChange.subscribe((s) => this.onConnectionState(s));
  }

  get state(): WebRtcState {
    return this._state;
  }

  get ready(): boolean {
    return this._state === "connected";
  }

  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Our DTLS role once negotiated: "server" answers `a=setup:passive` in later answers. */
  get dtlsRole(): "server" | "client" | "auto" {
    return this.pc.dtlsTransports[0]?.role ?? "auto";
  }

  get port(): number {
    const candidate = this.pc.localDescription?.sdp.match(/^a=candidate:\S+ 1 udp \d+ \S+ (\d+)/im);
    return candidate ? Number(candidate[1]) : 0;
  }

  get sequenceNumber(): number {
    return this.seq;
  }

  get timestamp(): number {
    return this.ts;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** We offer (the appliance rings a browser): werift's offer once its candidate is gathered. */
  async createOffer(): Promise<string> {
    this.pc.addTransceiver("audio", { direction: "sendrecv" });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.gathered();
  }

  /**
   * The browser offers: werift's answer with `a=setup:passive`, so the browser starts DTLS at once (werift as the
   * active side waits a fixed 100 ms before its first flight).
   */
  async acceptOffer(sdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: "offer", sdp });
    for (const t of this.pc.getTransceivers()) t.setDirection("sendrecv");
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription({ type: "answer", sdp: answer.sdp.replace(/^a=setup:active/gm, "a=setup:passive") });
    return this.gathered();
  }

  /** The browser's answer to our offer: ICE checks and DTLS start. Failures are logged and end in "failed". */
  async acceptAnswer(sdp: string): Promise<void> {
    try {
      await this.pc.setRemoteDescription({ type: "answer", sdp });
    } catch (error) {
      this.log.warn({ err: String(error) }, "the WebRTC answer could not be applied");
      this.setState("failed");
    }
  }

  send(payload: Uint8Array, payloadType: number, marker = false, timestampStep = 160): boolean {
    return this.sendFrom(payload, 0, payload.length, payloadType, marker, timestampStep);
  }

  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker = false, timestampStep = 160): boolean {
    this.ts = (this.ts + timestampStep) >>> 0;
    if (this.closed || !this.sendEnabled) return false;
    const dtls = this.dtls;
    if (!dtls || this._state !== "connected") {
      this.stats.notReady++;
      return false;
    }
    this.seq = (this.seq + 1) & 0xffff;
    const n = Math.min(length, MAX_PAYLOAD);
    const header = new RtpHeader({ payloadType, marker, sequenceNumber: this.seq, timestamp: this.ts, ssrc: this.ssrc });
    try {
      // SRTP encrypts synchronously, so a view of the caller's (possibly reused) buffer is safe.
      dtls.sendRtp(Buffer.from(data.buffer, data.byteOffset + offset, n), header).then(this.onSent, this.onSendError);
    } catch {
      this.sendFailed();
      return false;
    }
    this.stats.sent++;
    this.stats.sentOctets += n;
    RtpEndpoint.totals.sent++;
    return true;
  }

  advanceTimestamp(samples: number): void {
    this.ts = (this.ts + samples) >>> 0;
  }

  setRemote(_remote: RtpAddress | undefined): void {
    // ICE finds the path; the SDP's c= and m= port are only defaults.
  }

  /** Close the connection and give the port back. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.setState("closed");
    const release = () => {
      if (this.allocated !== undefined) this.options.allocator?.release(this.allocated);
    };
    this.pc.close().then(release, release);
  }

  private async gathered(): Promise<string> {
    const pc = this.pc;
    if (pc.iceGatheringState !== "complete") {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("WebRTC ICE gathering timed out")), this.options.gatherTimeoutMs ?? 5000);
        const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => {
          if (s !== "complete") return;
          clearTimeout(timer);
          unSubscribe();
          resolve();
        });
      });
    }
    this.guardSockets();
    const sdp = pc.localDescription?.sdp;
    if (!sdp || this.closed) throw new Error("WebRTC leg closed while gathering");
    return sdp;
  }

  /** werift's UDP sockets have no error listener: an ICMP error reported by Bun must not become an uncaught one. */
  private guardSockets(): void {
    for (const t of this.pc.iceTransports) {
      const protocols = (t.connection as unknown as { protocols?: { transport?: { socket?: { on?(e: string, f: () => void): void } } }[] }).protocols ?? [];
      for (const p of protocols) p.transport?.socket?.on?.("error", () => this.stats.sendErrors++);
    }
  }

  private onConnectionState(s: string): void {
    if (this.closed) return;
    if (s === "connected") {
      const dtls = this.pc.dtlsTransports[0];
      if (dtls && dtls !== this.dtls) {
        this.dtls = dtls;
        dtls.onRtp.subscribe((p) => this.receive(p));
      }
      this.setState("connected");
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    } else if (s === "connecting" || s === "failed" || s === "new") this.setState(s);
  }

  private setState(next: WebRtcState): void {
    if (next === this._state) return;
    this.log.debug({ from: this._state, to: next, port: this.port }, "webrtc state");
    this._state = next;
    this.onStateChange.execute(next);
  }

  private receive(p: RtpPacket): void {
    if (this.closed) return;
    const v = this.view;
    const h = p.header;
    v.payloadType = h.payloadType;
    v.marker = h.marker;
    v.sequenceNumber = h.sequenceNumber;
    v.timestamp = h.timestamp;
    v.ssrc = h.ssrc;
    v.data = p.payload;
    v.payloadOffset = 0;
    v.payloadLength = p.payload.length;
    this.stats.received++;
    RtpEndpoint.totals.received++;
    this.stats.lastReceivedAt = performance.now();
    this.onPacket.execute(v);
  }

  private sendFailed(): void {
    this.stats.sendErrors++;
    RtpEndpoint.totals.sendErrors++;
  }
}
