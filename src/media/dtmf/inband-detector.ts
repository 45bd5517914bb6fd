const ROWS = [697, 770, 852, 941];
const COLS = [1209, 1336, 1477, 1633];
const KEYS = ["123A", "456B", "789C", "*0#D"];

export interface InbandDtmfOptions {
  /** Frames in a row the same key must be heard before it is reported. Default 2 (40 ms, ITU-T Q.24 minimum). */
  confirmFrames?: number;
  /** Share of the frame's energy that the two tones must hold (0–1). Default 0.6. */
  purity?: number;
  /** Minimum mean power (Int16² units) of a frame to look at. Default 4000 (≈ −35 dBm0). */
  minPower?: number;
}

/**
 * In-band DTMF detection (SPEC M3 "a plus") for peers that send tones inside the audio instead of RFC 4733:
 * a pure processor, 8 kHz PCM frames in, digits out, each key press once. Per frame, Goertzel filters at the
 * eight DTMF frequencies (ITU-T Q.23); a key counts when one row and one column tone hold most of the energy,
 * every other DTMF tone is 8 dB weaker, twist stays within +4/−8 dB, and it lasts `confirmFrames` frames.
 */
export class InbandDtmfDetector {
  private readonly coeff: Float64Array;
  private candidate = "";
  private count = 0;
  private reported = "";
  private readonly confirm: number;
  private readonly purity: number;
  private readonly minPower: number;

  constructor(options: InbandDtmfOptions = {}) {
    this.coeff = Float64Array.from([...ROWS, ...COLS], (f) => 2 * Math.cos((2 * Math.PI * f) / 8000));
    this.confirm = options.confirmFrames ?? 2;
    this.purity = options.purity ?? 0.6;
    this.minPower = options.minPower ?? 4000;
  }

  /** One frame of PCM (any length; 160 = 20 ms is typical). */
  process(pcm: Int16Array): string[] {
    const key = this.detect(pcm);
    if (key !== this.candidate) {
      this.candidate = key;
      this.count = 0;
    }
    this.count++;
    if (key === "") {
      if (this.count >= this.confirm) this.reported = "";
      return [];
    }
    if (this.count >= this.confirm && this.reported !== key) {
      this.reported = key;
      return [key];
    }
    return [];
  }

  private detect(pcm: Int16Array): string {
    const n = pcm.length;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += pcm[i]! * pcm[i]!;
    if (n === 0 || energy / n < this.minPower) return "";
    const power = new Float64Array(8);
    for (let k = 0; k < 8; k++) {
      const c = this.coeff[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const s0 = pcm[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      power[k] = s1 * s1 + s2 * s2 - c * s1 * s2;
    }
    const r = argmax(power, 0);
    const col = argmax(power, 4);
    const pr = power[r]!;
    const pc = power[col]!;
    if ((pr + pc) / ((energy * n) / 2) < this.purity) return "";
    const twist = pc / pr; // column (high group) relative to row (low group)
    if (twist > 2.5 || twist < 0.16) return "";
    for (let k = 0; k < 8; k++) {
      if (k === r || k === col) continue;
      if (power[k]! * 6.3 > (k < 4 ? pr : pc)) return "";
    }
    return KEYS[r]![col - 4]!;
  }
}

function argmax(a: Float64Array, from: number): number {
  let best = from;
  for (let k = from + 1; k < from + 4; k++) if (a[k]! > a[best]!) best = k;
  return best;
}
