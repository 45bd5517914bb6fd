import { FRAME } from "./pcm-source.ts";
import type { PcmSource } from "./pcm-source.ts";

/** One 20 ms frame due for sending. `timestampStep` is 160, or more after frames were skipped. */
export interface DueFrame {
  pcm: Int16Array;
  /** First frame of the playback: set the RTP marker bit (RFC 3551 §4.1, start of a talkspurt). */
  marker: boolean;
  timestampStep: number;
}

export interface PacketizerOptions {
  /** Frame period (ms). Default 20. */
  periodMs?: number;
  /** Most frames sent at once after the event loop stalled; older ones are skipped (their time still passes). Default 5. */
  maxBurst?: number;
  /** Timers fire up to about 1 ms early: a frame this close to due is sent now instead of a timer later. Default 1. */
  earlyMs?: number;
}

/**
 * Pure 20 ms pacing (SPEC M2): frame n is due at `start + n × 20 ms`, always computed from the start time,
 * never from the previous tick, so timer lateness does not accumulate (drift-free). `process(now)` returns the
 * frames due by `now`; `nextDueAt` tells the adapter when to call again.
 */
export class Packetizer {
  private n = 0;
  private ended = false;
  private readonly period: number;
  private readonly maxBurst: number;
  private readonly earlyMs: number;
  private readonly pool: Int16Array[];

  constructor(
    private readonly source: PcmSource,
    private readonly startMs: number,
    options: PacketizerOptions = {},
  ) {
    this.period = options.periodMs ?? 20;
    this.maxBurst = options.maxBurst ?? 5;
    this.earlyMs = options.earlyMs ?? 1;
    this.pool = Array.from({ length: this.maxBurst }, () => new Int16Array(FRAME));
  }

  /** When the next frame is due (ms, same clock as `start`). */
  get nextDueAt(): number {
    return this.startMs + this.n * this.period;
  }

  /** True once the source ran out. */
  get done(): boolean {
    return this.ended;
  }

  /** Frames sent so far. */
  get frames(): number {
    return this.n;
  }

  /**
   * The frames due at `nowMs` (usually one; none when early; at most `maxBurst` after a stall).
   * Frame buffers are reused: consume them before the next call.
   */
  process(nowMs: number): DueFrame[] {
    const out: DueFrame[] = [];
    if (this.ended) return out;
    let due = Math.floor((nowMs + this.earlyMs - this.startMs) / this.period) + 1 - this.n;
    if (due <= 0) return out;
    let skipped = 0;
    if (due > this.maxBurst) {
      skipped = due - this.maxBurst;
      for (let i = 0; i < skipped; i++) {
        if (!this.source.read(SCRATCH)) return this.finish(out);
      }
      this.n += skipped;
      due = this.maxBurst;
    }
    for (let i = 0; i < due; i++) {
      const pcm = this.pool[i]!;
      if (!this.source.read(pcm)) return this.finish(out);
      out.push({ pcm, marker: this.n === 0, timestampStep: FRAME * (1 + (i === 0 ? skipped : 0)) });
      this.n++;
    }
    return out;
  }

  private finish(out: DueFrame[]): DueFrame[] {
    this.ended = true;
    return out;
  }
}

const SCRATCH = new Int16Array(FRAME);
