import { readWav } from "./baresip-runner.ts";

/** Energy per 20 ms frame (RMS), the shape of speech that survives G.711 and resampling. */
export function envelope(path: string): Float64Array {
  const { rate, samples } = readWav(path);
  const frame = Math.max(1, Math.round(rate / 50));
  const out = new Float64Array(Math.floor(samples.length / frame));
  for (let f = 0; f < out.length; f++) {
    let s = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) s += samples[i]! * samples[i]!;
    out[f] = Math.sqrt(s / frame);
  }
  return out;
}

/**
 * How well a prompt appears inside what was heard: the best Pearson correlation of the prompt's
 * envelope with a stretch of the heard envelope, over every offset (1.0 = same shape). The end of
 * the prompt may be cut off by the hang-up: at least 90 % of it must overlap.
 */
export function bestMatch(heard: Float64Array, prompt: Float64Array): { score: number; atSeconds: number } {
  let best = { score: -1, atSeconds: 0 };
  const minOverlap = Math.ceil(prompt.length * 0.9);
  if (minOverlap < 10) return best;
  for (let lag = 0; lag + minOverlap <= heard.length; lag++) {
    const score = correlation(heard.subarray(lag, lag + prompt.length), prompt.subarray(0, Math.min(prompt.length, heard.length - lag)));
    if (score > best.score) best = { score, atSeconds: lag / 50 };
  }
  return best;
}

/** Pearson correlation of two equally long series. */
function correlation(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let am = 0;
  let bm = 0;
  for (let i = 0; i < n; i++) {
    am += a[i]!;
    bm += b[i]!;
  }
  am /= n;
  bm /= n;
  let cov = 0;
  let av = 0;
  let bv = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - am) * (b[i]! - bm);
    av += (a[i]! - am) ** 2;
    bv += (b[i]! - bm) ** 2;
  }
  return av > 0 && bv > 0 ? cov / Math.sqrt(av * bv) : 0;
}
