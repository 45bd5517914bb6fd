/** Left = 0 (the caller), right = 1 (the agent). */
export type Channel = 0 | 1;

interface Anchor {
  ssrc: number;
  ts0: number;
  pos0: number;
}

export interface StereoMixerOptions {
  /** Audio is held this long before it is written, so late packets still land in place. Default 200 ms. */
  latencyMs?: number;
  /** Ring size per channel. Default 4000 ms. */
  capacityMs?: number;
}

/**
 * Puts two mono 8 kHz streams side by side on one time line (SPEC M5: both parties, aligned), as a pure processor:
 * `push()` decoded frames in, `drain(now)` interleaved stereo out, silence where a side sent nothing.
 * A frame's place is its arrival time for the first packet of a stream (SSRC) and its RTP timestamp after that
 * (RFC 3550 §5.1), so network jitter does not move audio; a stream whose timestamps stray more than 1 s from
 * the wall clock is re-anchored.
 */
export class StereoMixer {
  private readonly ring: [Int16Array, Int16Array];
  private readonly anchors: [Anchor | undefined, Anchor | undefined] = [undefined, undefined];
  private flushed = 0;
  private highest = 0;
  private readonly cap: number;
  private readonly latency: number;
  readonly stats = { late: 0, overflow: 0 };

  constructor(
    private readonly startMs: number,
    options: StereoMixerOptions = {},
  ) {
    this.cap = Math.round((options.capacityMs ?? 4000) * 8);
    this.latency = Math.round((options.latencyMs ?? 200) * 8);
    this.ring = [new Int16Array(this.cap), new Int16Array(this.cap)];
  }

  /** Samples per channel written out so far. */
  get position(): number {
    return this.flushed;
  }

  /** Place one decoded frame of `channel` (its first `length` samples) received at `nowMs` with RTP `timestamp` of stream `ssrc`. */
  push(channel: Channel, pcm: Int16Array, ssrc: number, timestamp: number, nowMs: number, length = pcm.length): void {
    const arrival = Math.round((nowMs - this.startMs) * 8);
    let a = this.anchors[channel];
    let pos = a && a.ssrc === ssrc ? a.pos0 + ((timestamp - a.ts0) | 0) : NaN;
    if (!a || a.ssrc !== ssrc || Math.abs(pos - arrival) > 8000) {
      a = { ssrc, ts0: timestamp, pos0: Math.max(arrival - length, this.flushed) };
      this.anchors[channel] = a;
      pos = a.pos0;
    }
    if (pos < this.flushed) {
      this.stats.late++;
      return;
    }
    if (pos + length > this.flushed + this.cap) {
      this.stats.overflow++;
      return;
    }
    const ring = this.ring[channel];
    const cap = this.cap;
    let k = pos % cap;
    for (let i = 0; i < length; i++) {
      ring[k] = pcm[i]!;
      if (++k === cap) k = 0;
    }
    if (pos + length > this.highest) this.highest = pos + length;
  }

  /** Interleaved stereo (L, R, L, R …) of everything older than the latency at `nowMs`. */
  drain(nowMs: number): Int16Array {
    const upTo = Math.min(Math.round((nowMs - this.startMs) * 8) - this.latency, this.flushed + this.cap);
    return this.take(upTo);
  }

  /** Everything received so far (at close). */
  drainAll(): Int16Array {
    return this.take(this.highest);
  }

  private take(upTo: number): Int16Array {
    const n = Math.max(0, upTo - this.flushed);
    const out = new Int16Array(n * 2);
    const [l, r] = this.ring;
    let k = this.flushed % this.cap;
    for (let i = 0; i < n; i++) {
      out[2 * i] = l[k]!;
      out[2 * i + 1] = r[k]!;
      if (++k === this.cap) k = 0;
    }
    const start = this.flushed % this.cap;
    const first = Math.min(n, this.cap - start);
    l.fill(0, start, start + first);
    r.fill(0, start, start + first);
    if (first < n) {
      l.fill(0, 0, n - first);
      r.fill(0, 0, n - first);
    }
    this.flushed += n;
    return out;
  }
}
