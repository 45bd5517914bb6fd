import { Event, type Clock, type Subscribable, type TimerHandle } from "../../lib/index.ts";
import { codecOfPayloadType, decodeTable, LineDecoder } from "../codec/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { deferredFrames, type FrameSink } from "./deferred-frames.ts";
import { StereoMixer } from "./stereo-mixer.ts";
import type { Channel, StereoMixerOptions } from "./stereo-mixer.ts";
import { WavAppender } from "./wav-file.ts";

/** A source of received RTP (`RtpEndpoint` satisfies it). */
export interface PacketSource {
  readonly onPacket: Subscribable<RtpView>;
}

/** Where a recording's audio goes (`WavAppender`; tests inject one that fails like a full disk). */
export interface RecordingSink {
  append(samples: Int16Array): void;
  close(): void;
  readonly dataBytes: number;
}

export interface CallRecorderOptions extends StereoMixerOptions {
  /**
   * How often decoded audio is appended to the file. Default 500 ms: two writes per batch (audio, then the header's
   * sizes) for every recorded call add up under load (issue 12), and a crash loses at most this plus the latency.
   */
  flushEveryMs?: number;
  /** Opens the file; default a `WavAppender`. */
  open?: (path: string) => RecordingSink;
}

/**
 * Records a bridged call into a stereo 16-bit 8 kHz WAV (SPEC M5): left = what the caller sent, right = what
 * the agent sent, aligned in time. Audio is batched every `flushEveryMs` and the header sizes rewritten each
 * time, so a crash loses at most one batch and leaves a playable file. G.711 payloads are decoded by their
 * static payload type (0/8); other payload types (DTMF, comfort noise) are not recorded. Frames are decoded after
 * the loop turn's packets have been relayed (`DeferredFrames`), never on a packet's way through the bridge.
 */
export class CallRecorder implements FrameSink {
  /**
   * A recording the disk refused (full, read-only, gone), for any recorder of the process: the call
   * goes on unrecorded from then on, the file keeps what was written, and main notes it on the record.
   */
  static readonly onWriteFailed = new Event<[path: string, error: Error]>();

  private readonly mixer: StereoMixer;
  private readonly file: RecordingSink;
  private readonly unsubscribe: (() => void)[];
  private timer?: TimerHandle;
  private closed = false;
  private readonly every: number;
  // Named, so CPU profiles tell the packet listeners apart.
  private readonly recordCaller = (p: RtpView) => this.onPacket(0, p);
  private readonly recordAgent = (p: RtpView) => this.onPacket(1, p);
  /** Where the mixer's drained audio goes (the ring's own memory, written out before it is reused). */
  private readonly append = (stereo: Int16Array) => this.file.append(stereo);

  constructor(
    readonly path: string,
    caller: PacketSource,
    agent: PacketSource,
    private readonly clock: Clock,
    options: CallRecorderOptions = {},
  ) {
    this.mixer = new StereoMixer(clock.now(), options);
    try {
      this.file = (options.open ?? ((p) => new WavAppender(p)))(path);
    } catch (e) {
      CallRecorder.onWriteFailed.execute(path, e as Error);
      throw e;
    }
    this.every = options.flushEveryMs ?? 500;
    this.unsubscribe = [caller.onPacket.subscribe(this.recordCaller), agent.onPacket.subscribe(this.recordAgent)];
    this.schedule();
  }

  /**
   * Record the agent channel from another source from now on (a transfer to another agent, C10), or from none
   * while the caller waits for one; the file, its time line and the caller channel go on unchanged.
   */
  replaceAgent(agent: PacketSource | undefined): void {
    if (this.closed) return;
    this.unsubscribe[1]?.();
    this.unsubscribe[1] = agent ? agent.onPacket.subscribe(this.recordAgent) : () => {};
  }

  /** Seconds of audio in the file so far. */
  get seconds(): number {
    return this.file.dataBytes / 4 / 8000;
  }

  /** Write what is left, fix the header and close the file. Idempotent. */
  close(): void {
    if (this.closed) return;
    deferredFrames.flush();
    this.closed = true;
    for (const u of this.unsubscribe) u();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.write(() => this.mixer.drainAll(this.append));
    this.write(() => this.file.close());
  }

  /** The recording failed to write (disk full): stop recording, keep the call, tell whoever listens. */
  get failed(): boolean {
    return this.failure !== undefined;
  }
  private failure?: Error;

  private write(step: () => void): void {
    if (this.failure) return;
    try {
      step();
    } catch (e) {
      this.failure = e as Error;
      this.closed = true;
      for (const u of this.unsubscribe) u();
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      try {
        this.file.close();
      } catch {
        // The header could not be rewritten either; `repairRecordings` fixes it at the next start.
      }
      CallRecorder.onWriteFailed.execute(this.path, this.failure);
    }
  }

  /** Stop without writing the tail or closing the file (tests simulate a crash with it). */
  abandon(): void {
    this.closed = true;
    for (const u of this.unsubscribe) u();
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }

  /** G.722 payloads (type 9) decoded to 8 kHz by each party's own adaptive decoder (M1, M5). */
  private readonly g722 = [new LineDecoder(), new LineDecoder()] as const;
  private readonly pcm = new Int16Array(1500);

  /** Every frame is recorded after the loop turn's packets are relayed; what is not audio is dropped there. */
  private onPacket(channel: Channel, p: RtpView): void {
    if (p.payloadLength > 0) deferredFrames.add(this, channel, p.payloadType, p.data, p.payloadOffset, p.payloadLength, p.ssrc, p.timestamp, this.clock.now());
  }

  /** A frame `DeferredFrames` held: decoded into its place in the mixer (unless the recording ended meanwhile). */
  recordFrame(channel: Channel, payloadType: number, data: Uint8Array, offset: number, length: number, ssrc: number, timestamp: number, nowMs: number): void {
    if (this.closed) return;
    if (payloadType === 9) {
      const n = this.g722[channel].decode("G722", data, offset, length, this.pcm);
      return this.mixer.push(channel, this.pcm, ssrc, timestamp, nowMs, n);
    }
    const codec = codecOfPayloadType(payloadType);
    // Decoded straight out of the datagram into place (no view of it is made: see RtpView).
    if (codec) this.mixer.pushG711(channel, decodeTable(codec), data, offset, length, ssrc, timestamp, nowMs);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.closed) return;
      deferredFrames.flush();
      this.write(() => this.mixer.drain(this.clock.now(), this.append));
      if (!this.closed) this.schedule();
    }, this.every);
  }
}
