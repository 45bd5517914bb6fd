import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Event, FakeClock } from "../../lib/index.ts";
import { encodeG711 } from "../codec/index.ts";
import { rtpViewOf } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { CallRecorder } from "./call-recorder.ts";
import { readPcmWav } from "./wav-to-mp3.ts";

const dir = mkdtempSync(join(tmpdir(), "rec-transfer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = () => ({ onPacket: new Event<[RtpView]>() });
const tone = (i: number) => encodeG711("PCMU", new Int16Array(160).map((_, k) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * (i * 160 + k)) / 8000))));
const level = (s: Int16Array, ch: number, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += s[i * 2 + ch]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

describe("Recorder across a transfer (M5, C10)", () => {
  it("C10/M5: MUST keep one file and take the agent channel from the next agent once replaced, nothing from the first after it left", () => {
    const clock = new FakeClock();
    const caller = src();
    const first = src();
    const second = src();
    const path = join(dir, "transfer.wav");
    const rec = new CallRecorder(path, caller, first, clock, { flushEveryMs: 250 });
    const packet = (ssrc: number, i: number) => rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: i, timestamp: i * 160, ssrc, payload: tone(i) });
    for (let i = 0; i < 150; i++) {
      caller.onPacket.execute(packet(1, i));
      if (i === 50) rec.replaceAgent(undefined); // the first agent leaves; the caller waits (hears ringback)
      if (i === 100) rec.replaceAgent(second);
      first.onPacket.execute(packet(2, i));
      second.onPacket.execute(packet(3, i));
      clock.advance(20);
    }
    rec.close();
    const wav = readPcmWav(new Uint8Array(readFileSync(path)))!;
    expect(level(wav.samples, 0, 400, 23_600)).toBeGreaterThan(4000);
    expect(level(wav.samples, 1, 400, 7600)).toBeGreaterThan(4000);
    expect(level(wav.samples, 1, 8400, 15_600)).toBe(0);
    expect(level(wav.samples, 1, 16_400, 23_600)).toBeGreaterThan(4000);
  });
});
