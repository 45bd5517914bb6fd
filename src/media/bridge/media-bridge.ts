import type { Subscribable } from "../../lib/index.ts";
import { Transcoder } from "../codec/index.ts";
import type { AudioCodec } from "../codec/index.ts";
import type { LineFormat } from "../player/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { StreamRewriter } from "./stream-rewriter.ts";

/** What the bridge needs of an endpoint (`RtpEndpoint` satisfies it). */
export interface RtpPort {
  readonly onPacket: Subscribable<RtpView>;
  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker?: boolean, timestampStep?: number): boolean;
  /** `sendFrom()` of a received packet's payload, sent from the packet's own buffer when it can (no copy). */
  relayPacket?(p: RtpView, payloadType: number, marker: boolean, timestampStep: number): boolean;
}

/** One side of a bridge: its endpoint and what was negotiated with that peer. */
export interface BridgeSide {
  port: RtpPort;
  format: LineFormat;
  /** The peer's telephone-event payload type (RFC 4733), if it offered one. */
  telephoneEventPt?: number;
}

export interface MediaBridgeOptions {
  /** RFC 4733 events: re-send to the other side (mapped to its payload type) or keep them (IVR). Default "forward". */
  dtmf?: "forward" | "swallow";
}

/**
 * Media anchored in the appliance (SPEC M4): packets from A go out of B's endpoint and back, with B's own SSRC,
 * sequence numbers and timestamps (continuing whatever B heard before, e.g. a prompt), payload types mapped,
 * and PCMA↔PCMU transcoded by table (G.722 through 8 kHz PCM) when the legs chose different codecs. Comfort noise and unknown payload types
 * are dropped. Per packet: a header parse, a header write and one `send()`, no allocation; untranscoded packets
 * go out of their own buffer (`relayPacket`), no copy.
 * The sides' formats are read when the bridge starts and on `refresh()` (a re-INVITE changed one), not per packet:
 * under load every object a packet reads is a likely cache miss (issue 12).
 * Stop any prompt playing on an endpoint before bridging it.
 */
export class MediaBridge {
  private readonly unsubscribe: (() => void)[];
  private readonly directions: readonly [Direction, Direction];
  private stopped = false;

  constructor(a: BridgeSide, b: BridgeSide, options: MediaBridgeOptions = {}) {
    const scratch = new Uint8Array(1500);
    const forward = options.dtmf !== "swallow";
    const ab = new Direction(a, b, forward, scratch);
    const ba = new Direction(b, a, forward, scratch);
    this.directions = [ab, ba];
    // Named, so CPU profiles tell the packet listeners apart.
    const relayAtoB = (p: RtpView) => ab.relay(p);
    const relayBtoA = (p: RtpView) => ba.relay(p);
    this.unsubscribe = [a.port.onPacket.subscribe(relayAtoB), b.port.onPacket.subscribe(relayBtoA)];
  }

  /** Packets relayed and dropped, both ways. */
  get stats(): { relayed: number; dropped: number } {
    const [ab, ba] = this.directions;
    return { relayed: ab.relayed + ba.relayed, dropped: ab.dropped + ba.dropped };
  }

  /** Read the sides' formats and telephone-event payload types again (a leg renegotiated). */
  refresh(): void {
    for (const d of this.directions) d.refresh();
  }

  /** Undo the bridge; the endpoints stay open. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const u of this.unsubscribe) u();
  }
}

/** No telephone-event payload type (payload types are 0–127). */
const NONE = -1;

/**
 * One direction of a bridge: its rewriter state (inherited), the negotiated formats as numbers and its counters,
 * in one object, so a packet reads this, its view and the endpoint it leaves by.
 */
class Direction extends StreamRewriter {
  relayed = 0;
  dropped = 0;
  private fromPt = 0;
  private fromCodec: AudioCodec = "PCMU";
  private fromTe = NONE;
  private toPt = 0;
  private toCodec: AudioCodec = "PCMU";
  private toTe = NONE;
  private readonly out: RtpPort;
  /** The outgoing port can send a received packet out of its own buffer. */
  private readonly inPlace: boolean;
  // G.722 transcoding keeps adaptive state: one per direction.
  private readonly tc = new Transcoder();

  constructor(
    private readonly from: BridgeSide,
    private readonly to: BridgeSide,
    private readonly forwardDtmf: boolean,
    private readonly scratch: Uint8Array,
  ) {
    super();
    this.out = to.port;
    this.inPlace = to.port.relayPacket !== undefined;
    this.refresh();
  }

  refresh(): void {
    this.fromPt = this.from.format.pt;
    this.fromCodec = this.from.format.codec;
    this.toPt = this.to.format.pt;
    this.toCodec = this.to.format.codec;
    // Forwarded only when both sides negotiated RFC 4733 and the bridge forwards digits.
    const te = this.forwardDtmf && this.to.telephoneEventPt !== undefined ? this.from.telephoneEventPt : undefined;
    this.fromTe = te ?? NONE;
    this.toTe = te === undefined ? NONE : this.to.telephoneEventPt!;
  }

  relay(p: RtpView): void {
    let pt: number;
    let data = p.data;
    let offset = p.payloadOffset;
    let length = p.payloadLength;
    if (p.payloadType === this.fromPt) {
      pt = this.toPt;
      if (this.fromCodec !== this.toCodec) {
        // Into a scratch copy: other listeners of the same packet (the recorder) must see the original.
        length = this.tc.transcode(this.fromCodec, this.toCodec, data, offset, length, this.scratch);
        data = this.scratch;
        offset = 0;
      }
    } else if (p.payloadType === this.fromTe) {
      pt = this.toTe;
    } else {
      this.dropped++;
      return;
    }
    const step = this.step(p.ssrc, p.sequenceNumber, p.timestamp);
    if (step < 0) {
      this.dropped++;
      return;
    }
    const marker = p.marker || this.restarted;
    if (data === p.data && this.inPlace) this.out.relayPacket!(p, pt, marker, step);
    else this.out.sendFrom(data, offset, length, pt, marker, step);
    this.relayed++;
  }
}
