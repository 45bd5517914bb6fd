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
  private out = new Int16Array(0);
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
    let k = this.place(channel, length, ssrc, timestamp, nowMs);
    if (k < 0) return;
    const ring = this.ring[channel];
    for (let i = 0; i < length; i++) {
      ring[k] = pcm[i]!;
      if (++k === this.cap) k = 0;
    }
  }

  /**
   * `push()` of a G.711 frame straight out of a received datagram: `length` bytes at `offset` in `data`, decoded
   * with `table` (`decodeTable`) into their place in one pass, with no intermediate buffer.
   */
  pushG711(channel: Channel, table: Int16Array, data: Uint8Array, offset: number, length: number, ssrc: number, timestamp: number, nowMs: number): void {
    let k = this.place(channel, length, ssrc, timestamp, nowMs);
    if (k < 0) return;
    const ring = this.ring[channel];
    for (let i = 0; i < length; i++) {
      ring[k] = table[data[offset + i]!]!;
      if (++k === this.cap) k = 0;
    }
  }

  /** Where in the ring `length` samples of this frame go, or -1 when too late or too far ahead (counted). */
  private place(channel: Channel, length: number, ssrc: number, timestamp: number, nowMs: number): number {
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
      return -1;
    }
    if (pos + length > this.flushed + this.cap) {
      this.stats.overflow++;
      return -1;
    }
    if (pos + length > this.highest) this.highest = pos + length;
    return pos % this.cap;
  }

  /**
   * Interleaved stereo (L, R, L, R …) of everything older than the latency at `nowMs`. The array is reused by
   * the next drain: write it out before draining again.
   */
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
    if (this.out.length < n * 2) this.out = new Int16Array(Math.max(n * 2, this.out.length * 2));
    const out = this.out.subarray(0, n * 2);
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
