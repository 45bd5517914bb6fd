import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import type { Clock } from "../../lib/index.ts";
import { decodeG711 } from "../codec/index.ts";
import { Packetizer } from "./packetizer.ts";
import { BufferSource, SequenceSource, SilenceSource } from "./pcm-source.ts";
import { PromptPlayer } from "./prompt-player.ts";
import type { FrameSink } from "./prompt-player.ts";
import { holdMusicPcm, KOREAN_RINGBACK, ToneSource } from "./tones.ts";

/** Records what an RtpEndpoint would send, numbering packets like it does. */
class FakeSink implements FrameSink {
  readonly sent: { at: number; seq: number; ts: number; pt: number; marker: boolean; payload: Uint8Array }[] = [];
  private seq = 65530;
  private ts = 0xffffff00;
  constructor(private readonly clock: Clock) {}
  send(payload: Uint8Array, pt: number, marker = false, step = 160): boolean {
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + step) >>> 0;
    this.sent.push({ at: this.clock.now(), seq: this.seq, ts: this.ts, pt, marker, payload: payload.slice() });
    return true;
  }
}

const ramp = (n: number) => new Int16Array(n).map((_, i) => (i % 200) * 50);

describe("PromptPlayer / Packetizer (M2)", () => {
  it("M2: MUST send a packet every 20 ms with continuous sequence numbers and timestamps (30 s, FakeClock)", async () => {
    const clock = new FakeClock();
    const sink = new FakeSink(clock);
    const player = new PromptPlayer(sink, clock, { codec: "PCMA", pt: 8 });
    const t0 = clock.now();
    const pb = player.play(new BufferSource(ramp(30 * 8000)));
    for (let i = 0; i < 31 * 50; i++) clock.advance(20);
    expect(await pb.done).toBe("finished");
    expect(sink.sent.length).toBe(1500);
    sink.sent.forEach((p, i) => {
      expect(p.at - t0).toBe(i * 20);
      expect(p.marker).toBe(i === 0);
      expect(p.pt).toBe(8);
      expect(p.payload.length).toBe(160);
      if (i > 0) {
        expect(p.seq).toBe((sink.sent[i - 1]!.seq + 1) & 0xffff);
        expect((p.ts - sink.sent[i - 1]!.ts) >>> 0).toBe(160);
      }
    });
    expect(Math.abs(decodeG711("PCMA", sink.sent[1]!.payload)[0]! - ramp(400)[160]!)).toBeLessThan(300);
    expect(clock.pending).toBe(0);
  });

  it("M2: MUST correct drift — each frame is due at start + n×20 ms even when every timer fires 7 ms late", () => {
    const fake = new FakeClock();
    const late: Clock = { now: () => fake.now(), setTimeout: (fn, ms) => fake.setTimeout(fn, ms + 7), clearTimeout: (h) => fake.clearTimeout(h) };
    const sink = new FakeSink(fake);
    const player = new PromptPlayer(sink, late);
    const t0 = fake.now();
    player.play(new BufferSource(ramp(8000), true));
    for (let i = 0; i < 10_000 / 5; i++) fake.advance(5);
    // 10 s → 500 frames (+1 at t0); a from-previous-tick scheduler would have sent only ~370.
    expect(sink.sent.length).toBeGreaterThanOrEqual(500);
    expect(sink.sent.length).toBeLessThanOrEqual(502);
    const lateness = sink.sent.map((p, i) => p.at - t0 - i * 20);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(27);
    player.stop();
    expect(fake.pending).toBe(0);
  });

  it("M2: MUST skip, not burst, frames after a long stall and keep the timestamp in step with time", () => {
    const p = new Packetizer(new BufferSource(ramp(80_000)), 0, { maxBurst: 3 });
    expect(p.process(0).length).toBe(1);
    const after = p.process(200); // 10 frames due, 3 sent, 7 skipped
    expect(after.length).toBe(3);
    expect(after.reduce((s, f) => s + f.timestampStep, 0)).toBe(10 * 160);
    expect(p.nextDueAt).toBe(220);
    expect(p.process(210)).toEqual([]);
  });

  it("M2: MUST loop, stop on request and settle 'ended' when the leg ends", async () => {
    const clock = new FakeClock();
    const sink = new FakeSink(clock);
    const player = new PromptPlayer(sink, clock);
    const first = player.play(new BufferSource(ramp(800), true));
    clock.advance(1000);
    expect(sink.sent.length).toBe(51);
    const second = player.play(new SequenceSource([new SilenceSource(100), new BufferSource(ramp(100))]));
    expect(await first.done).toBe("stopped");
    player.close();
    expect(await second.done).toBe("ended");
    expect(await player.play(new SilenceSource(20)).done).toBe("ended");
    expect(clock.pending).toBe(0);
  });

  it("M7: ringback MUST be 440+480 Hz 1 s on / 2 s off and hold music MUST be audible and loopable", () => {
    const tone = new ToneSource(KOREAN_RINGBACK);
    const frame = new Int16Array(160);
    const energy: number[] = [];
    for (let i = 0; i < 150; i++) {
      tone.read(frame);
      energy.push(frame.reduce((s, v) => s + Math.abs(v), 0));
    }
    expect(energy.slice(0, 50).every((e) => e > 0)).toBe(true);
    expect(energy.slice(50, 150).every((e) => e === 0)).toBe(true);
    const hold = holdMusicPcm();
    expect(hold.length).toBeGreaterThan(8 * 8000);
    expect(Math.max(...hold.subarray(0, 8000))).toBeGreaterThan(3000);
    expect(holdMusicPcm()).toBe(hold);
  });

  it("M2: per-frame cost of pacing + G.711 encoding (measured, no socket)", () => {
    const clock = new FakeClock();
    let n = 0;
    const player = new PromptPlayer({ send: () => (n++, true) }, clock);
    player.play(new BufferSource(ramp(8000), true));
    const t0 = performance.now();
    for (let i = 0; i < 50_000; i++) clock.advance(20);
    const us = ((performance.now() - t0) * 1000) / n;
    Bun.env.MEDIA_REPORT && Bun.write(Bun.stderr, `player: ${us.toFixed(2)} µs per 20 ms frame (timer + packetizer + G.711 encode)\n`);
    player.stop();
    expect(n).toBe(50_001);
    expect(us).toBeLessThan(20);
  });
});
