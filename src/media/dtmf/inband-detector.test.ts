import { describe, expect, it } from "bun:test";
import { decodeG711, encodeG711 } from "../codec/index.ts";
import { InbandDtmfDetector } from "./inband-detector.ts";

const FREQS: Record<string, [number, number]> = {
  "1": [697, 1209], "2": [697, 1336], "3": [697, 1477], "5": [770, 1336], "9": [852, 1477], "0": [941, 1336], "*": [941, 1209], "#": [941, 1477], D: [941, 1633],
};

/** Key presses of `onMs`, gaps of `offMs`, as 20 ms frames, through PCMU like a phone would send them. */
function keyFrames(keys: string, onMs = 80, offMs = 60, amp = 6000): Int16Array[] {
  const pcm: number[] = [];
  let t = 0;
  for (const k of keys) {
    const [lo, hi] = FREQS[k]!;
    for (let i = 0; i < onMs * 8; i++, t++) pcm.push(amp * Math.sin((2 * Math.PI * lo * t) / 8000) + amp * 0.8 * Math.sin((2 * Math.PI * hi * t) / 8000));
    for (let i = 0; i < offMs * 8; i++, t++) pcm.push(0);
  }
  const all = decodeG711("PCMU", encodeG711("PCMU", Int16Array.from(pcm)));
  const frames: Int16Array[] = [];
  for (let i = 0; i + 160 <= all.length; i += 160) frames.push(all.subarray(i, i + 160));
  return frames;
}

describe("in-band DTMF (M3, a plus)", () => {
  it("M3: MUST detect tone pairs sent inside G.711 audio, each key once", () => {
    const det = new InbandDtmfDetector();
    expect(keyFrames("123#0*9D").flatMap((f) => det.process(f))).toEqual(["1", "2", "3", "#", "0", "*", "9", "D"]);
  });

  it("M3: MUST report a held key once and the same key again after a gap", () => {
    const det = new InbandDtmfDetector();
    expect(keyFrames("55", 400, 80).flatMap((f) => det.process(f))).toEqual(["5", "5"]);
  });

  it("M3: MUST NOT talk off on a single tone, a chord outside the DTMF grid, or noise", () => {
    const det = new InbandDtmfDetector();
    const frames: Int16Array[] = [];
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
    for (let f = 0; f < 200; f++) {
      const fr = new Int16Array(160);
      for (let i = 0; i < 160; i++) {
        const t = f * 160 + i;
        fr[i] = f < 50 ? 8000 * Math.sin((2 * Math.PI * 697 * t) / 8000) : f < 100 ? 5000 * (Math.sin((2 * Math.PI * 440 * t) / 8000) + Math.sin((2 * Math.PI * 1000 * t) / 8000)) : 8000 * rnd();
      }
      frames.push(fr);
    }
    expect(frames.flatMap((f) => det.process(f))).toEqual([]);
  });
});
