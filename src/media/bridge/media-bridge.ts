import type { Subscribable } from "../../lib/index.ts";
import { Transcoder } from "../codec/index.ts";
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
 * Stop any prompt playing on an endpoint before bridging it.
 */
export class MediaBridge {
  private readonly unsubscribe: (() => void)[];
  private stopped = false;
  readonly stats = { relayed: 0, dropped: 0 };

  constructor(a: BridgeSide, b: BridgeSide, options: MediaBridgeOptions = {}) {
    const scratch = new Uint8Array(1500);
    const ab = new Direction(a, b, options.dtmf !== "swallow", this.stats, scratch);
    const ba = new Direction(b, a, options.dtmf !== "swallow", this.stats, scratch);
    this.unsubscribe = [a.port.onPacket.subscribe((p) => ab.relay(p)), b.port.onPacket.subscribe((p) => ba.relay(p))];
  }

  /** Undo the bridge; the endpoints stay open. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const u of this.unsubscribe) u();
  }
}

/**
 * One direction of a bridge: its rewriter state (inherited) and everything `relay` reads, in one object, so a packet
 * touches few objects. Formats are read per packet (a re-INVITE may change them, see bridgeCalls).
 */
class Direction extends StreamRewriter {
  // G.722 transcoding keeps adaptive state: one per direction.
  private readonly tc = new Transcoder();

  constructor(
    private readonly from: BridgeSide,
    private readonly to: BridgeSide,
    private readonly forwardDtmf: boolean,
    private readonly stats: { relayed: number; dropped: number },
    private readonly scratch: Uint8Array,
  ) {
    super();
  }

  relay(p: RtpView): void {
    const from = this.from;
    const to = this.to;
    let pt: number;
    let data = p.data;
    let offset = p.payloadOffset;
    let length = p.payloadLength;
    const fromFormat = from.format;
    if (p.payloadType === fromFormat.pt) {
      const toFormat = to.format;
      pt = toFormat.pt;
      if (fromFormat.codec !== toFormat.codec) {
        // Into a scratch copy: other listeners of the same packet (the recorder) must see the original.
        length = this.tc.transcode(fromFormat.codec, toFormat.codec, data, offset, length, this.scratch);
        data = this.scratch;
        offset = 0;
      }
    } else if (p.payloadType === from.telephoneEventPt && this.forwardDtmf && to.telephoneEventPt !== undefined) {
      pt = to.telephoneEventPt;
    } else {
      this.stats.dropped++;
      return;
    }
    const step = this.step(p.ssrc, p.sequenceNumber, p.timestamp);
    if (step < 0) {
      this.stats.dropped++;
      return;
    }
    const port = to.port;
    const marker = p.marker || this.restarted;
    if (data === p.data && port.relayPacket !== undefined) port.relayPacket(p, pt, marker, step);
    else port.sendFrom(data, offset, length, pt, marker, step);
    this.stats.relayed++;
  }
}
