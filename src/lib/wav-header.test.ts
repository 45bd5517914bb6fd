import { describe, expect, it } from "bun:test";
import { checkWavHeader, parseWavHeader } from "./wav-header.ts";

/** A 16-bit stereo 8 kHz WAV header declaring `declared` audio bytes. */
function header(declared: number): Uint8Array {
  const b = new Uint8Array(44);
  const v = new DataView(b.buffer);
  b.set(new TextEncoder().encode("RIFF"), 0);
  v.setUint32(4, 36 + declared, true);
  b.set(new TextEncoder().encode("WAVEfmt "), 8);
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 2, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 32000, true);
  v.setUint16(32, 4, true);
  v.setUint16(34, 16, true);
  b.set(new TextEncoder().encode("data"), 36);
  v.setUint32(40, declared, true);
  return b;
}

describe("WAV header check (M5, X5)", () => {
  it("X5: MUST call a closed recording ok, with its duration", () => {
    expect(checkWavHeader(header(32000), 44 + 32000)).toEqual({ state: "ok", durationMs: 1000 });
  });

  it("M5/X5: MUST call a header left open by a crash partial and repairable", () => {
    expect(checkWavHeader(header(0), 44 + 64000)).toEqual({ state: "partial", durationMs: 2000, reason: "header says 0 audio bytes, the file holds 64000" });
    expect(checkWavHeader(header(32000), 44 + 32002)).toEqual({ state: "partial", durationMs: 1000, reason: "ends in a partial sample frame (2 bytes)" });
    expect(checkWavHeader(header(64000), 44 + 32000).state).toBe("partial");
  });

  it("X5: MUST call anything else not a WAV, saying why", () => {
    expect(checkWavHeader(new Uint8Array(0), 0)).toEqual({ state: "invalid", reason: "empty file" });
    expect(checkWavHeader(new Uint8Array(20), 20)).toEqual({ state: "invalid", reason: "shorter than a WAV header" });
    const mp3 = new Uint8Array(100).fill(0xff);
    expect(checkWavHeader(mp3, 100)).toEqual({ state: "invalid", reason: "not a RIFF/WAVE file" });
    const noFmt = header(0);
    noFmt.set(new TextEncoder().encode("junk"), 12);
    expect(parseWavHeader(noFmt)).toBe("no usable fmt chunk before the audio");
  });
});
