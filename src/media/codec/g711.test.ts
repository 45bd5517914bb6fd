import { describe, expect, it } from "bun:test";
import { alaw, mulaw } from "alawmulaw";
import { decodeG711, encodeG711, FRAME_SAMPLES, transcodeG711 } from "./g711.ts";

function sine(n: number, hz: number, amp = 8000): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * hz * i) / 8000));
  return out;
}

describe("G.711 codec", () => {
  it("M1: MUST encode PCMU and PCMA bit-exactly with alawmulaw over a 160-sample frame", () => {
    const pcm = sine(FRAME_SAMPLES, 1000);
    expect(encodeG711("PCMU", pcm)).toEqual(mulaw.encode(pcm));
    expect(encodeG711("PCMA", pcm)).toEqual(alaw.encode(pcm));
    const all = new Int16Array(65536).map((_, i) => i - 32768);
    expect(encodeG711("PCMU", all)).toEqual(mulaw.encode(all));
    expect(encodeG711("PCMA", all)).toEqual(alaw.encode(all));
  });

  it("M1: MUST decode every byte value like alawmulaw", () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    expect(decodeG711("PCMU", bytes)).toEqual(mulaw.decode(bytes));
    expect(decodeG711("PCMA", bytes)).toEqual(alaw.decode(bytes));
  });

  it("M1: round trip keeps a tone within G.711 quantisation error and reuses the output buffer", () => {
    const pcm = sine(FRAME_SAMPLES, 440);
    const enc = new Uint8Array(FRAME_SAMPLES);
    const dec = new Int16Array(FRAME_SAMPLES);
    for (const codec of ["PCMU", "PCMA"] as const) {
      expect(decodeG711(codec, encodeG711(codec, pcm, enc), dec)).toBe(dec);
      for (let i = 0; i < pcm.length; i++) expect(Math.abs(dec[i]! - pcm[i]!)).toBeLessThan(300);
    }
  });

  it("M4: MUST transcode PCMA ↔ PCMU through byte tables", () => {
    const pcm = sine(FRAME_SAMPLES, 700);
    const a = encodeG711("PCMA", pcm);
    const packet = new Uint8Array(12 + a.length);
    packet.set(a, 12);
    const u = new Uint8Array(1500);
    expect(transcodeG711("PCMA", "PCMU", packet, 12, a.length, u)).toBe(a.length);
    const back = decodeG711("PCMU", u.subarray(0, a.length));
    for (let i = 0; i < pcm.length; i++) expect(Math.abs(back[i]! - pcm[i]!)).toBeLessThan(600);
    expect([...packet.subarray(12)]).toEqual([...a]); // the source is left as it was
  });
});
