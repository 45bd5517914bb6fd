import type { Clock, TimerHandle } from "../../lib/index.ts";
import { LineEncoder } from "../codec/index.ts";
import type { AudioCodec } from "../codec/index.ts";
import { Packetizer } from "./packetizer.ts";
import type { PacketizerOptions } from "./packetizer.ts";
import type { PcmSource } from "./pcm-source.ts";

/** Where frames go: an `RtpEndpoint` satisfies it. */
export interface FrameSink {
  send(payload: Uint8Array, payloadType: number, marker?: boolean, timestampStep?: number): boolean;
}

/** The negotiated audio format toward the peer. */
export interface LineFormat {
  codec: AudioCodec;
  pt: number;
}

/** A running playback (matches telephony's `Playback`). */
export interface Playback {
  readonly done: Promise<"finished" | "stopped" | "ended">;
  stop(): void;
}

/**
 * Plays PCM sources to a `FrameSink` with exact 20 ms pacing (SPEC M2): a thin clock adapter around the pure
 * `Packetizer`. One playback at a time per player; a new `play()` stops the previous (CallLeg.play semantics).
 */
export class PromptPlayer {
  /** Frames played by every player of this thread, and those sent `LATE_MS` or more after they were due (/metrics). */
  static readonly totals = { frames: 0, late: 0 };
  private current?: Running;
  private closed = false;
  /** G.722 adapts as it goes: one encoder per stream. */
  private readonly encoder = new LineEncoder();

  constructor(
    private readonly sink: FrameSink,
    private readonly clock: Clock,
    /** Read at every frame, so a re-INVITE that changes the codec takes effect at once. */
    public format: LineFormat = { codec: "PCMU", pt: 0 },
    private readonly options: PacketizerOptions = {},
  ) {}

  /** True while something plays. */
  get playing(): boolean {
    return this.current !== undefined;
  }

  play(source: PcmSource): Playback {
    this.current?.end("stopped");
    if (this.closed) return { done: Promise.resolve("ended"), stop() {} };
    const run = new Running(this, source, this.clock.now());
    this.current = run;
    run.tick();
    return { done: run.done, stop: () => run.end("stopped") };
  }

  /** Stop what plays now. */
  stop(): void {
    this.current?.end("stopped");
  }

  /** The leg ended: stop and settle with "ended"; further plays end at once. */
  close(): void {
    this.closed = true;
    this.current?.end("ended");
  }

  /** @internal */
  send(pcm: Int16Array, marker: boolean, step: number): void {
    const f = this.format;
    this.sink.send(this.encoder.encode(f.codec, pcm, SCRATCH), f.pt, marker, step);
  }

  /** @internal */
  schedule(fn: () => void, ms: number): TimerHandle {
    return this.clock.setTimeout(fn, ms);
  }

  /** @internal */
  cancel(h: TimerHandle): void {
    this.clock.clearTimeout(h);
  }

  /** @internal */
  get now(): number {
    return this.clock.now();
  }

  /** @internal */
  released(run: Running): void {
    if (this.current === run) this.current = undefined;
  }

  /** @internal */
  get packetizerOptions(): PacketizerOptions {
    return this.options;
  }
}

const SCRATCH = new Uint8Array(160);
/** A frame sent this long after its due time counts as late (a 20 ms frame's jitter budget is about 5 ms). */
const LATE_MS = 5;

class Running {
  readonly done: Promise<"finished" | "stopped" | "ended">;
  private resolve!: (r: "finished" | "stopped" | "ended") => void;
  private timer?: TimerHandle;
  private over = false;
  private readonly packetizer: Packetizer;

  constructor(
    private readonly player: PromptPlayer,
    source: PcmSource,
    start: number,
  ) {
    this.done = new Promise((r) => (this.resolve = r));
    this.packetizer = new Packetizer(source, start, player.packetizerOptions);
  }

  tick(): void {
    this.timer = undefined;
    if (this.over) return;
    const now = this.player.now;
    const late = now - this.packetizer.nextDueAt >= LATE_MS;
    const frames = this.packetizer.process(now);
    PromptPlayer.totals.frames += frames.length;
    if (late) PromptPlayer.totals.late += frames.length;
    for (const f of frames) this.player.send(f.pcm, f.marker, f.timestampStep);
    if (this.packetizer.done) return this.end("finished");
    this.timer = this.player.schedule(() => this.tick(), Math.max(0, this.packetizer.nextDueAt - this.player.now));
  }

  end(result: "finished" | "stopped" | "ended"): void {
    if (this.over) return;
    this.over = true;
    if (this.timer !== undefined) this.player.cancel(this.timer);
    this.player.released(this);
    this.resolve(result);
  }
}
