import { describe, expect, it } from "bun:test";
import { BufferSource, FRAME, SequenceSource, SilenceSource } from "./pcm-source.ts";
import type { PcmSource } from "./pcm-source.ts";
import { sourceFromSpec, sourceToSpec } from "./source-spec.ts";
import { KOREAN_BUSY, ToneSource } from "./tones.ts";

/** Every frame a source gives (bounded). */
function frames(source: PcmSource, max = 1000): Int16Array[] {
  const out: Int16Array[] = [];
  const f = new Int16Array(FRAME);
  while (out.length < max && source.read(f)) out.push(f.slice());
  return out;
}

describe("SourceSpec (issue 12: prompts cross to a media worker as data)", () => {
  it("M2: a described source MUST play the same audio after crossing, from where it was", () => {
    const pcm = new Int16Array(FRAME * 5).map((_, i) => i);
    const a = new BufferSource(pcm);
    a.read(new Int16Array(FRAME)); // one frame already played
    const b = new BufferSource(pcm);
    b.read(new Int16Array(FRAME));
    // Structured clone, as postMessage does.
    expect(frames(sourceFromSpec(structuredClone(sourceToSpec(a))))).toEqual(frames(b));

    const tone = new ToneSource(KOREAN_BUSY);
    tone.read(new Int16Array(FRAME));
    const twin = new ToneSource(KOREAN_BUSY);
    twin.read(new Int16Array(FRAME));
    expect(frames(sourceFromSpec(structuredClone(sourceToSpec(tone))), 30)).toEqual(frames(twin, 30));

    const seq = () => new SequenceSource([new BufferSource(pcm.slice(0, FRAME * 2)), new SilenceSource(60), new BufferSource(pcm.slice(FRAME))]);
    expect(frames(sourceFromSpec(structuredClone(sourceToSpec(seq()))))).toEqual(frames(seq()));
  });

  it("M2: a looping buffer MUST still loop after crossing", () => {
    const loop = new BufferSource(new Int16Array(FRAME).fill(7), true);
    expect(frames(sourceFromSpec(sourceToSpec(loop)), 50).length).toBe(50);
  });

  it("M2: an opaque source MUST be rendered to its end (bounded), never lost", () => {
    let left = 3;
    const opaque: PcmSource = {
      read(out) {
        if (left-- <= 0) return false;
        out.fill(left);
        return true;
      },
    };
    const spec = sourceToSpec(opaque);
    expect(spec.kind).toBe("buffer");
    expect(frames(sourceFromSpec(spec)).map((f) => f[0])).toEqual([2, 1, 0]);
    const endless: PcmSource = { read: (out) => (out.fill(1), true) };
    const bounded = sourceToSpec(endless);
    expect(bounded.kind === "buffer" && bounded.pcm.length).toBe((10 * 60 * 8000));
  });
});
