import type { Subscribable } from "../../lib/index.ts";
import { Transcoder } from "../codec/index.ts";
import type { LineFormat } from "../player/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { StreamRewriter } from "./stream-rewriter.ts";

/** What the bridge needs of an endpoint (`RtpEndpoint` satisfies it). */
export interface RtpPort {
  readonly onPacket: Subscribable<RtpView>;
  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker?: boolean, timestampStep?: number): boolean;
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
 * are dropped. Per packet: a header parse, a header write and one `send()`, no allocation.
 * Stop any prompt playing on an endpoint before bridging it.
 */
export class MediaBridge {
  private readonly unsubscribe: (() => void)[];
  private stopped = false;
  readonly stats = { relayed: 0, dropped: 0 };

  constructor(
    private readonly a: BridgeSide,
    private readonly b: BridgeSide,
    private readonly options: MediaBridgeOptions = {},
  ) {
    const ab = new StreamRewriter();
    const ba = new StreamRewriter();
    // One per direction: G.722 transcoding keeps adaptive state.
    const tab = new Transcoder();
    const tba = new Transcoder();
    this.unsubscribe = [
      a.port.onPacket.subscribe((p) => this.relay(p, a, b, ab, tab)),
      b.port.onPacket.subscribe((p) => this.relay(p, b, a, ba, tba)),
    ];
  }

  /** Undo the bridge; the endpoints stay open. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const u of this.unsubscribe) u();
  }

  private readonly scratch = new Uint8Array(1500);

  private relay(p: RtpView, from: BridgeSide, to: BridgeSide, rw: StreamRewriter, tc: Transcoder): void {
    let pt: number;
    let data = p.data;
    let offset = p.payloadOffset;
    let length = p.payloadLength;
    if (p.payloadType === from.format.pt) {
      pt = to.format.pt;
      if (from.format.codec !== to.format.codec) {
        // Into a scratch copy: other listeners of the same packet (the recorder) must see the original.
        length = tc.transcode(from.format.codec, to.format.codec, data, offset, length, this.scratch);
        data = this.scratch;
        offset = 0;
      }
    } else if (p.payloadType === from.telephoneEventPt && this.options.dtmf !== "swallow" && to.telephoneEventPt !== undefined) {
      pt = to.telephoneEventPt;
    } else {
      this.stats.dropped++;
      return;
    }
    const step = rw.step(p.ssrc, p.sequenceNumber, p.timestamp);
    if (step < 0) {
      this.stats.dropped++;
      return;
    }
    to.port.sendFrom(data, offset, length, pt, p.marker || rw.restarted, step);
    this.stats.relayed++;
  }
}
