/**
 * G.722 (ITU-T G.722, 64 kbit/s mode) — sub-band ADPCM of 16 kHz audio, RTP payload type 9 (RFC 3551 §4.5.2:
 * its RTP clock rate is 8000 although it samples at 16 kHz, so a 20 ms frame is 160 bytes and advances the
 * timestamp by 160, exactly like G.711). No package on npm implements it; this is a port of the ITU
 * reference algorithm as published in public-domain C (CMU 1993, S. Underwood 2005), 64 kbit/s only.
 *
 * The lower sub-band alone is a 0–4 kHz signal at 8 kHz: `G722Decoder.decodeNarrow` gives the appliance's
 * 8 kHz line audio (recording, bridging to G.711) without the QMF; `G722Encoder.encodeNarrow` encodes 8 kHz
 * audio (prompts, a G.711 party) as that sub-band, the upper one silent, without the QMF either.
 */

const QMF = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11];
const Q6 = [0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0];
const ILN = [0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0];
const ILP = [0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0];
const WL = [-60, -30, 58, 172, 334, 538, 1198, 3042];
const RL42 = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0];
const ILB = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
];
const QM4 = [0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0];
const QM6 = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
  -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
  24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
  4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
];
const QM2 = [-7408, -1616, 7408, 1616];
const IHN = [0, 1, 0];
const IHP = [0, 3, 2];
const WH = [0, -214, 798];
const RH2 = [2, 1, 2, 1];
/** The upper sub-band's code for "nothing here": its smallest step (QM2[3]), which shrinks the band's scale factor. */
const UPPER_SILENT = 3;

const sat = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);

/** The adaptive predictor of one sub-band (G.722 §3.6, blocks 4L/4H). */
class Band {
  s = 0;
  sp = 0;
  sz = 0;
  nb = 0;
  readonly r = [0, 0, 0];
  readonly a = [0, 0, 0];
  readonly ap = [0, 0, 0];
  readonly p = [0, 0, 0];
  readonly d = [0, 0, 0, 0, 0, 0, 0];
  readonly b = [0, 0, 0, 0, 0, 0, 0];
  readonly bp = [0, 0, 0, 0, 0, 0, 0];
  readonly sg = [0, 0, 0, 0, 0, 0, 0];

  constructor(public det: number) {}

  /** Block 3: the log scale factor and the step size (`floor`: 8 low band, 10 high band; `max`: nb's limit). */
  scale(w: number, max: number, floor: number): void {
    let nb = ((this.nb * 127) >> 7) + w;
    nb = nb < 0 ? 0 : nb > max ? max : nb;
    this.nb = nb;
    const i = (nb >> 6) & 31;
    const shift = floor - (nb >> 11);
    this.det = (shift < 0 ? ILB[i]! << -shift : ILB[i]! >> shift) << 2;
  }

  /** Block 4: reconstruct, adapt the pole and zero predictors, and predict the next sample. */
  update(d: number): void {
    const { r, a, ap, p, sg, b, bp } = this;
    const dl = this.d;
    dl[0] = d;
    r[0] = sat(this.s + d);
    p[0] = sat(this.sz + d);
    for (let i = 0; i < 3; i++) sg[i] = p[i]! >> 15;
    const w1 = sat(a[1]! << 2);
    let w2 = sg[0] === sg[1] ? -w1 : w1;
    if (w2 > 32767) w2 = 32767;
    let w3 = (w2 >> 7) + (sg[0] === sg[2] ? 128 : -128) + ((a[2]! * 32512) >> 15);
    ap[2] = w3 > 12288 ? 12288 : w3 < -12288 ? -12288 : w3;
    sg[0] = p[0]! >> 15;
    sg[1] = p[1]! >> 15;
    ap[1] = sat((sg[0] === sg[1] ? 192 : -192) + ((a[1]! * 32640) >> 15));
    w3 = sat(15360 - ap[2]!);
    if (ap[1]! > w3) ap[1] = w3;
    else if (ap[1]! < -w3) ap[1] = -w3;
    const step = d === 0 ? 0 : 128;
    sg[0] = d >> 15;
    for (let i = 1; i < 7; i++) {
      sg[i] = dl[i]! >> 15;
      bp[i] = sat((sg[i] === sg[0] ? step : -step) + ((b[i]! * 32640) >> 15));
    }
    for (let i = 6; i > 0; i--) {
      dl[i] = dl[i - 1]!;
      b[i] = bp[i]!;
    }
    for (let i = 2; i > 0; i--) {
      r[i] = r[i - 1]!;
      p[i] = p[i - 1]!;
      a[i] = ap[i]!;
    }
    this.sp = sat(((a[1]! * sat(r[1]! + r[1]!)) >> 15) + ((a[2]! * sat(r[2]! + r[2]!)) >> 15));
    let sz = 0;
    for (let i = 6; i > 0; i--) sz += (b[i]! * sat(dl[i]! + dl[i]!)) >> 15;
    this.sz = sat(sz);
    this.s = sat(this.sp + this.sz);
  }
}

/** A G.722 encoder (one per stream: it adapts). */
export class G722Encoder {
  private readonly low = new Band(32);
  private readonly high = new Band(8);
  private readonly x = new Int32Array(24);

  /** Encode 16 kHz PCM (an even count of samples) into `out`: one byte per two samples; returns the byte count. */
  encode(pcm: Int16Array, out: Uint8Array): number {
    let n = 0;
    for (let j = 0; j + 1 < pcm.length; j += 2) out[n++] = this.pair(pcm[j]!, pcm[j + 1]!);
    return n;
  }

  /**
   * Encode 8 kHz PCM (a prompt, a G.711 party); one byte per sample. 8 kHz audio is all lower sub-band: each sample
   * is that band's input as the transmit QMF would give it (half the amplitude: the filter's gain), and the upper
   * band says "silence" — code 3, the smallest step, with which the decoder's scale factor sinks to its floor, where a
   * step rounds to 0. The receiving phone's QMF then does the upsampling. No QMF and no upper-band coding here: a
   * third of `encode`'s work per byte (issue 12: a G.711 caller bridged to a G.722 phone is encoded per packet).
   */
  encodeNarrow(pcm: Int16Array, out: Uint8Array): number {
    for (let j = 0; j < pcm.length; j++) out[j] = (UPPER_SILENT << 6) | this.lowCode(pcm[j]! >> 1);
    return pcm.length;
  }

  private pair(s0: number, s1: number): number {
    const x = this.x;
    x.copyWithin(0, 2);
    x[22] = s0;
    x[23] = s1;
    // Transmit QMF (G.722 §3.1): the two sub-bands at 8 kHz.
    let even = 0;
    let odd = 0;
    for (let i = 0; i < 12; i++) {
      odd += x[2 * i]! * QMF[i]!;
      even += x[2 * i + 1]! * QMF[11 - i]!;
    }
    const xlow = (even + odd) >> 14;
    const xhigh = (even - odd) >> 14;
    const ilow = this.lowCode(xlow);

    const high = this.high;
    const eh = sat(xhigh - high.s);
    const wh = eh >= 0 ? eh : -(eh + 1);
    const mih = wh >= (564 * high.det) >> 12 ? 2 : 1;
    const ihigh = eh < 0 ? IHN[mih]! : IHP[mih]!;
    const dhigh = (high.det * QM2[ihigh]!) >> 15;
    high.scale(WH[RH2[ihigh]!]!, 22528, 10);
    high.update(dhigh);
    return ((ihigh << 6) | ilow) & 0xff;
  }

  /** The lower sub-band's 6-bit code for its next input sample (G.722 §3.3–3.6), the band's state adapted. */
  private lowCode(xlow: number): number {
    const low = this.low;
    const el = sat(xlow - low.s);
    const wl = el >= 0 ? el : -(el + 1);
    let i = 1;
    for (; i < 30; i++) if (wl < (Q6[i]! * low.det) >> 12) break;
    const ilow = el < 0 ? ILN[i]! : ILP[i]!;
    const ril = ilow >> 2;
    const dlow = (low.det * QM4[ril]!) >> 15;
    low.scale(WL[RL42[ril]!]!, 18432, 8);
    low.update(dlow);
    return ilow;
  }
}

/** A G.722 decoder (one per stream: it adapts). */
export class G722Decoder {
  private readonly low = new Band(32);
  private readonly high = new Band(8);
  private readonly x = new Int32Array(24);

  /** Decode `length` bytes at `offset` to 16 kHz PCM in `out` (two samples per byte); returns the sample count. */
  decode(data: Uint8Array, offset: number, length: number, out: Int16Array): number {
    let n = 0;
    const x = this.x;
    for (let j = 0; j < length && n + 1 < out.length; j++) {
      const code = data[offset + j]!;
      const rlow = this.lowBand(code);
      const rhigh = this.highBand(code >> 6);
      // Receive QMF (G.722 §4.4).
      x.copyWithin(0, 2);
      x[22] = rlow + rhigh;
      x[23] = rlow - rhigh;
      let o1 = 0;
      let o2 = 0;
      for (let i = 0; i < 12; i++) {
        o2 += x[2 * i]! * QMF[i]!;
        o1 += x[2 * i + 1]! * QMF[11 - i]!;
      }
      out[n++] = sat(o1 >> 11);
      out[n++] = sat(o2 >> 11);
    }
    return n;
  }

  /** The lower sub-band only, as 8 kHz PCM (one sample per byte, gain matched to `decode`); returns the count. */
  decodeNarrow(data: Uint8Array, offset: number, length: number, out: Int16Array): number {
    const n = Math.min(length, out.length);
    for (let j = 0; j < n; j++) out[j] = sat(this.lowBand(data[offset + j]!) * 2);
    return n;
  }

  private lowBand(code: number): number {
    const low = this.low;
    const c6 = code & 0x3f;
    let rlow = low.s + ((low.det * QM6[c6]!) >> 15);
    rlow = rlow > 16383 ? 16383 : rlow < -16384 ? -16384 : rlow;
    const c4 = c6 >> 2;
    const dlow = (low.det * QM4[c4]!) >> 15;
    low.scale(WL[RL42[c4]!]!, 18432, 8);
    low.update(dlow);
    return rlow;
  }

  private highBand(ihigh: number): number {
    const high = this.high;
    const dhigh = (high.det * QM2[ihigh]!) >> 15;
    let rhigh = dhigh + high.s;
    rhigh = rhigh > 16383 ? 16383 : rhigh < -16384 ? -16384 : rhigh;
    high.scale(WH[RH2[ihigh]!]!, 22528, 10);
    high.update(dhigh);
    return rhigh;
  }
}
