import type { Channel } from "./stereo-mixer.ts";

/** Where a deferred frame goes (`CallRecorder`). */
export interface FrameSink {
  recordFrame(channel: Channel, payloadType: number, data: Uint8Array, offset: number, length: number, ssrc: number, timestamp: number, nowMs: number): void;
}

/** What an emptied slot holds (same shapes as a filled one, so the arrays keep one element kind). */
const NO_SINK: FrameSink = { recordFrame() {} };
const NO_DATA = new Uint8Array(0);

/**
 * Frames received in this turn of the event loop, recorded after every packet of the turn has been relayed (issue 12):
 * packets arrive in bursts (SIPp's and a busy network's), and decoding each into its recording on the packet's way
 * made the last packet of a burst wait for every recording before it. Kept in parallel arrays reused from turn to
 * turn (no allocation per packet); the datagram itself is referenced, not copied: every endpoint hands each packet a
 * buffer of its own. A recorder flushes the queue before it drains or closes, so no frame is ever late for its file.
 */
export class DeferredFrames {
  private sinks: FrameSink[] = [];
  private channels: Channel[] = [];
  private payloadTypes: number[] = [];
  private datas: Uint8Array[] = [];
  private offsets: number[] = [];
  private lengths: number[] = [];
  private ssrcs: number[] = [];
  private timestamps: number[] = [];
  private arrivals: number[] = [];
  private n = 0;
  private scheduled = false;
  private readonly flushNow = () => {
    this.scheduled = false;
    this.flush();
  };

  /** Frames waiting. */
  get size(): number {
    return this.n;
  }

  add(sink: FrameSink, channel: Channel, payloadType: number, data: Uint8Array, offset: number, length: number, ssrc: number, timestamp: number, nowMs: number): void {
    const i = this.n++;
    this.sinks[i] = sink;
    this.channels[i] = channel;
    this.payloadTypes[i] = payloadType;
    this.datas[i] = data;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.ssrcs[i] = ssrc;
    this.timestamps[i] = timestamp;
    this.arrivals[i] = nowMs;
    if (!this.scheduled) {
      this.scheduled = true;
      // After the I/O callbacks of this turn: a burst is relayed whole before any of it is recorded.
      setImmediate(this.flushNow);
    }
  }

  /** Record every waiting frame, in arrival order. */
  flush(): void {
    const n = this.n;
    // Taken first: a sink that fails (disk full) and closes must not see its own frames again.
    this.n = 0;
    for (let i = 0; i < n; i++) {
      const sink = this.sinks[i]!;
      const data = this.datas[i]!;
      // Let go of the recorder and the datagram: a recorder whose call ended must not stay alive in a slot.
      this.sinks[i] = NO_SINK;
      this.datas[i] = NO_DATA;
      sink.recordFrame(this.channels[i]!, this.payloadTypes[i]!, data, this.offsets[i]!, this.lengths[i]!, this.ssrcs[i]!, this.timestamps[i]!, this.arrivals[i]!);
    }
  }
}

/** The thread's one queue (each media worker has its own module instance, hence its own queue). */
export const deferredFrames = new DeferredFrames();
