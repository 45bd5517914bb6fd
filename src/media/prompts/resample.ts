/**
 * Band-limited resampling to 8 kHz (any input rate), fast enough to run on the event loop: a Kaiser-windowed
 * sinc low-pass (cut-off 3.7 kHz, or lower when down-sampling from below 8 kHz is not the case) tabulated in
 * 512 phases, so each output sample costs `2 × HALF` multiply-adds and no trigonometry.
 */
const HALF = 16;
const PHASES = 512;

function bessel0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 25; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

const tables = new Map<number, Float32Array>();

/** Kernel for a cut-off `fc` (fraction of the input rate), indexed [phase × 2·HALF + tap]. */
function kernel(fc: number, width: number): Float32Array {
  const key = Math.round(fc * 1e6) * 1000 + width;
  let t = tables.get(key);
  if (t) return t;
  t = new Float32Array((PHASES + 1) * 2 * width);
  const beta = 8;
  const i0b = bessel0(beta);
  for (let p = 0; p <= PHASES; p++) {
    const frac = p / PHASES;
    for (let k = 0; k < 2 * width; k++) {
      const x = k - width + 1 - frac; // distance from the output instant, in input samples
      const s = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
      const r = x / width;
      const w = Math.abs(r) >= 1 ? 0 : bessel0(beta * Math.sqrt(1 - r * r)) / i0b;
      t[p * 2 * width + k] = s * w;
    }
  }
  tables.set(key, t);
  return t;
}

/** Resample mono float samples (−1…1) from `rate` to 8 kHz. */
export function resampleTo8k(input: Float64Array | Float32Array, rate: number): Float64Array {
  if (rate === 8000) return Float64Array.from(input);
  const step = rate / 8000; // input samples per output sample
  const fc = Math.min(0.5, 3700 / rate); // low-pass below the new Nyquist (4 kHz)
  const width = Math.ceil(HALF * Math.max(1, step));
  const k = kernel(fc, width);
  const n = Math.floor(input.length / step);
  const out = new Float64Array(n);
  const taps = 2 * width;
  for (let j = 0; j < n; j++) {
    const pos = j * step;
    const base = Math.floor(pos);
    const phase = Math.round((pos - base) * PHASES);
    const row = phase * taps;
    let acc = 0;
    const first = base - width + 1;
    for (let i = 0; i < taps; i++) {
      const idx = first + i;
      if (idx >= 0 && idx < input.length) acc += input[idx]! * k[row + i]!;
    }
    out[j] = acc;
  }
  return out;
}
