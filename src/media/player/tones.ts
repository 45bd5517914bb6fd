import type { SourceSpec } from "./source-spec.ts";
import type { PcmSource } from "./pcm-source.ts";

/** A call-progress tone: frequencies summed, on/off cadence in ms. */
export interface ToneSpec {
  frequencies: readonly number[];
  cadence: readonly number[];
  /** Peak amplitude per frequency (Int16 scale). */
  amplitude?: number;
}

/**
 * Ringback (SPEC M7) as heard in Korea: 440 + 480 Hz, 1 s on / 2 s off (the Korean network's ringing tone,
 * as in Asterisk's `indications.conf` [kr]; North America uses the same pair with 2 s / 4 s, ITU-T E.180
 * Suppl. 2 lists 425 Hz 1 s / 4 s for most of Europe). Pass `EUROPEAN_RINGBACK` to `ToneSource` to change.
 */
export const KOREAN_RINGBACK: ToneSpec = { frequencies: [440, 480], cadence: [1000, 2000], amplitude: 3000 };
export const EUROPEAN_RINGBACK: ToneSpec = { frequencies: [425], cadence: [1000, 4000], amplitude: 4000 };
/** Busy tone (통화중음) of the Korean network: 480 + 620 Hz, 0.5 s on / 0.5 s off (Asterisk [kr]). */
export const KOREAN_BUSY: ToneSpec = { frequencies: [480, 620], cadence: [500, 500], amplitude: 3000 };
/** Congestion / reorder tone (the far end cannot be reached): 480 + 620 Hz, 0.3 s on / 0.2 s off. */
export const KOREAN_CONGESTION: ToneSpec = { frequencies: [480, 620], cadence: [300, 200], amplitude: 3000 };

/** An endless cadenced tone, synthesised per frame from a sample counter (no table). */
export class ToneSource implements PcmSource {
  private readonly period: number;
  private readonly bounds: number[] = [];

  constructor(
    private readonly spec: ToneSpec = KOREAN_RINGBACK,
    private t = 0,
  ) {
    let acc = 0;
    for (const ms of spec.cadence) this.bounds.push((acc += ms * 8));
    this.period = acc;
  }

  toSpec(): SourceSpec {
    return { kind: "tone", spec: this.spec, t: this.t };
  }

  read(out: Int16Array): boolean {
    const amp = this.spec.amplitude ?? 3000;
    const fs = this.spec.frequencies;
    for (let i = 0; i < out.length; i++, this.t++) {
      const inCycle = this.t % this.period;
      let seg = 0;
      while (inCycle >= this.bounds[seg]!) seg++;
      if (seg % 2 === 1) {
        out[i] = 0;
        continue;
      }
      let v = 0;
      for (const f of fs) v += Math.sin((2 * Math.PI * f * this.t) / 8000);
      out[i] = Math.round(v * amp);
    }
    return true;
  }
}

// A calm pentatonic phrase (C major pentatonic, Hz) played as soft bell-like notes; the hold "music" (M7, 효과음).
const MELODY: readonly [number, number][] = [
  [523.25, 400], [659.25, 400], [783.99, 400], [880.0, 800],
  [783.99, 400], [659.25, 400], [587.33, 800], [0, 400],
  [587.33, 400], [659.25, 400], [783.99, 400], [659.25, 800],
  [587.33, 400], [523.25, 400], [392.0, 1200], [0, 800],
];

let holdLoop: Int16Array | undefined;

/** The hold melody as one loopable PCM buffer (about 9 s, generated once and shared by every call). */
export function holdMusicPcm(): Int16Array {
  if (holdLoop) return holdLoop;
  const total = MELODY.reduce((s, [, ms]) => s + ms * 8, 0);
  const pcm = new Int16Array(total);
  let at = 0;
  for (const [f, ms] of MELODY) {
    const n = ms * 8;
    for (let i = 0; f > 0 && i < n; i++) {
      const t = i / 8000;
      const env = Math.min(1, i / 80) * Math.exp(-3 * t); // quick attack, bell-like decay
      const v = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t) + 0.1 * Math.sin(6 * Math.PI * f * t);
      pcm[at + i] = Math.round(5000 * env * v);
    }
    at += n;
  }
  holdLoop = pcm;
  return pcm;
}
