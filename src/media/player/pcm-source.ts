import type { Clock } from "../../lib/index.ts";
import { sourceToSpec } from "./source-spec.ts";
import type { SourceSpec } from "./source-spec.ts";

/**
 * A sub-millisecond monotonic clock for media pacing (`performance.now()`, unaffected by wall-clock steps);
 * `systemClock`'s Date.now() has 1 ms resolution, which shows up as pacing jitter.
 */
export const mediaClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** 160 samples = one 20 ms frame at 8 kHz (RFC 3551 §4.5.14). */
export const FRAME = 160;

/**
 * Something that fills 20 ms frames of 8 kHz mono PCM: a prompt, a tone, silence.
 * `read` writes exactly `out.length` samples and returns false once nothing more is left (the frame is then unused).
 */
export interface PcmSource {
  read(out: Int16Array): boolean;
}

/** Plays decoded audio once or in a loop; the last partial frame is padded with silence. */
export class BufferSource implements PcmSource {
  constructor(
    private readonly pcm: Int16Array,
    private readonly loop = false,
    private pos = 0,
  ) {}

  toSpec(): SourceSpec {
    return { kind: "buffer", pcm: this.pcm, loop: this.loop, pos: this.pos };
  }

  read(out: Int16Array): boolean {
    const pcm = this.pcm;
    if (pcm.length === 0) return false;
    let filled = 0;
    while (filled < out.length) {
      if (this.pos >= pcm.length) {
        if (!this.loop) break;
        this.pos = 0;
      }
      const n = Math.min(out.length - filled, pcm.length - this.pos);
      out.set(pcm.subarray(this.pos, this.pos + n), filled);
      filled += n;
      this.pos += n;
    }
    if (filled === 0) return false;
    out.fill(0, filled);
    return true;
  }
}

/** Silence for a given duration (PromptRef `{ kind: "silence", ms }`). */
export class SilenceSource implements PcmSource {
  private left: number;
  constructor(ms: number) {
    this.left = Math.ceil((ms * 8) / FRAME);
  }

  /** Silence of `frames` 20 ms frames. */
  static frames(frames: number): SilenceSource {
    const s = new SilenceSource(0);
    s.left = frames;
    return s;
  }

  toSpec(): SourceSpec {
    return { kind: "silence", frames: this.left };
  }

  read(out: Int16Array): boolean {
    if (this.left <= 0) return false;
    this.left--;
    out.fill(0);
    return true;
  }
}

/** Several sources one after another (e.g. prompt then silence). */
export class SequenceSource implements PcmSource {
  private i = 0;
  constructor(private readonly parts: readonly PcmSource[]) {}

  toSpec(): SourceSpec {
    return { kind: "sequence", parts: this.parts.slice(this.i).map(sourceToSpec) };
  }

  read(out: Int16Array): boolean {
    while (this.i < this.parts.length) {
      if (this.parts[this.i]!.read(out)) return true;
      this.i++;
    }
    return false;
  }
}

