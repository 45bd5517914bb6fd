import { afterAll, describe, expect, it } from "bun:test";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Event, FakeClock } from "../../lib/index.ts";
import { encodeG711 } from "../codec/index.ts";
import { rtpViewOf } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { CallRecorder } from "./call-recorder.ts";
import { StereoMixer } from "./stereo-mixer.ts";
import { repairWav } from "./wav-file.ts";
import { readPcmWav, repairRecordings, wavToMp3 } from "./wav-to-mp3.ts";

const dir = mkdtempSync(join(tmpdir(), "rec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = () => ({ onPacket: new Event<[RtpView]>() });
const tone = (hz: number, i: number) => new Int16Array(160).map((_, k) => Math.round(8000 * Math.sin((2 * Math.PI * hz * (i * 160 + k)) / 8000)));
const rms = (s: Int16Array, ch: number, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += s[i * 2 + ch]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

describe("Recorder (M5)", () => {
  it("M5: a recording cut off without close MUST be repaired into a playable stereo WAV with both parties aligned", async () => {
    const clock = new FakeClock();
    const caller = src();
    const agent = src();
    const path = join(dir, "call.wav");
    const rec = new CallRecorder(path, caller, agent, clock, { flushEveryMs: 250 });
    for (let i = 0; i < 100; i++) {
      // caller talks for 2 s (PCMA), agent only from 0.5 s to 1.5 s (PCMU)
      caller.onPacket.execute(rtpViewOf({ payloadType: 8, marker: i === 0, sequenceNumber: i, timestamp: 5000 + i * 160, ssrc: 1, payload: encodeG711("PCMA", tone(440, i)) }));
      if (i >= 25 && i < 75) agent.onPacket.execute(rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: i, timestamp: 9 + i * 160, ssrc: 2, payload: encodeG711("PCMU", tone(1000, i)) }));
      agent.onPacket.execute(rtpViewOf({ payloadType: 101, marker: false, sequenceNumber: 1000 + i, timestamp: 0, ssrc: 2, payload: new Uint8Array(4) }));
      clock.advance(20);
    }
    clock.advance(500);
    rec.abandon(); // the process "dies": no close(), the tail is lost
    appendFileSync(path, new Uint8Array(1001)); // and a half-written batch after the last header update
    const fixed = repairWav(path)!;
    expect(fixed.repaired).toBe(true);
    expect(repairWav(path)!.repaired).toBe(false);
    const info = Bun.spawnSync(["sox", "--i", path]).stdout.toString();
    expect(info).toContain("Channels       : 2");
    expect(info).toContain("Sample Rate    : 8000");
    expect(info).toContain("Precision      : 16-bit");
    const secs = Number(Bun.spawnSync(["sox", "--i", "-D", path]).stdout.toString());
    expect(secs).toBeGreaterThan(2);
    expect(secs).toBeLessThan(2.5);
    const wav = readPcmWav(new Uint8Array(readFileSync(path)))!;
    expect(rms(wav.samples, 0, 800, 15000)).toBeGreaterThan(4000);
    expect(rms(wav.samples, 1, 0, 3800)).toBe(0);
    expect(rms(wav.samples, 1, 4200, 11800)).toBeGreaterThan(4000);
    expect(rms(wav.samples, 1, 12200, 16000)).toBe(0);
    expect(rms(wav.samples, 0, 16400, 17000)).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("M5: close() MUST write the tail and a correct header; repairRecordings MUST fix only broken files", () => {
    const clock = new FakeClock();
    const caller = src();
    const path = join(dir, "sub", "ok.wav");
    Bun.spawnSync(["mkdir", "-p", join(dir, "sub")]);
    const rec = new CallRecorder(path, caller, src(), clock);
    for (let i = 0; i < 50; i++) {
      caller.onPacket.execute(rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: i, timestamp: i * 160, ssrc: 1, payload: encodeG711("PCMU", tone(300, i)) }));
      clock.advance(20);
    }
    rec.close();
    rec.close();
    expect(rec.seconds).toBeCloseTo(1, 1);
    expect(repairRecordings(dir)).toEqual([]);
    appendFileSync(path, new Uint8Array(400));
    expect(repairRecordings(dir)).toEqual([path]);
  });

  it("M5: MUST place packets by RTP timestamp, not arrival jitter, and fill gaps with silence", () => {
    const m = new StereoMixer(0, { latencyMs: 100 });
    const one = new Int16Array(160).fill(1000);
    m.push(0, one, 7, 0, 20);
    m.push(0, one, 7, 320, 75); // frame 2 arrives late-ish, frame 1 lost
    const pieces: Int16Array[] = [];
    expect(m.drain(200, (s) => pieces.push(s.slice()))).toBe(800); // 100 ms written
    const out = pieces[0]!;
    expect(out.length).toBe(800 * 2);
    expect(out[0]).toBe(1000);
    expect(out[2 * 200]).toBe(0);
    expect(out[2 * 330]).toBe(1000);
    m.push(0, one, 7, 0, 220); // older than what was written: dropped
    expect(m.stats.late).toBe(1);
  });

  it("M5: MUST keep each party in its own channel and every sample in order across the ring's wrap", () => {
    // A 110 ms ring (880 sample frames, not a whole number of packets), 20 ms latency: 40 packets of 160
    // samples wrap it seven times, some of them split across the wrap.
    const m = new StereoMixer(0, { latencyMs: 20, capacityMs: 110 });
    const out: number[][] = [[], []];
    const keep = (s: Int16Array) => s.forEach((v, i) => out[i % 2]!.push(v));
    for (let f = 0; f < 40; f++) {
      const left = new Int16Array(160).map((_, k) => f * 160 + k);
      m.push(0, left, 1, f * 160, f * 20 + 20);
      m.push(1, left.map((v) => -v), 2, f * 160, f * 20 + 20);
      m.drain(f * 20 + 20, keep);
    }
    m.drainAll(keep);
    expect(out[0]!.length).toBe(40 * 160);
    expect(out[0]!.every((v, i) => v === i)).toBe(true);
    expect(out[1]!.every((v, i) => v === -i)).toBe(true);
    expect(m.stats).toEqual({ late: 0, overflow: 0 });
  });

  it("M5: wavToMp3 MUST produce an MP3 of the recording", () => {
    const path = join(dir, "call.wav");
    const mp3 = wavToMp3(path);
    expect(mp3.length).toBeGreaterThan(1000);
    expect(mp3[0]).toBe(0xff);
    expect(mp3[1]! & 0xe0).toBe(0xe0);
  });

  it("M5: per-packet recording cost (measured: G.711 decode + placement; file writes amortised per batch)", () => {
    const clock = new FakeClock();
    const caller = src();
    const agent = src();
    const rec = new CallRecorder(join(dir, "cost.wav"), caller, agent, clock);
    const payload = encodeG711("PCMU", tone(440, 0));
    const view = rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: 0, timestamp: 0, ssrc: 1, payload });
    const t0 = performance.now();
    for (let i = 0; i < 15_000; i++) {
      view.timestamp = i * 160;
      caller.onPacket.execute(view);
      agent.onPacket.execute(view);
      clock.advance(20);
    }
    const us = ((performance.now() - t0) * 1000) / 30_000;
    rec.close();
    Bun.env.MEDIA_REPORT && Bun.write(Bun.stderr, `recorder: ${us.toFixed(2)} µs per recorded packet (incl. 250 ms batch writes)\n`);
    expect(rec.seconds).toBeGreaterThan(299);
    expect(us).toBeLessThan(20);
  });
});

