import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Event, FakeClock } from "../../lib/index.ts";
import { testTempDir } from "../../lib/testing/test-temp-dir.ts";
import { encodeG711 } from "../codec/index.ts";
import { rtpViewOf, type RtpView } from "../rtp/index.ts";
import { CallRecorder } from "./call-recorder.ts";
import { DeferredFrames, type FrameSink } from "./deferred-frames.ts";
import { readPcmWav } from "./wav-to-mp3.ts";

const dir = testTempDir("deferred");
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe("recording after the packets of a loop turn are relayed (M5, issue 12)", () => {
  it("M5: frames of one loop turn MUST reach their recordings only after the turn, all of them, in arrival order", async () => {
    const q = new DeferredFrames();
    const seen: string[] = [];
    const sink = (name: string): FrameSink => ({ recordFrame: (ch, pt, data, off, len, ssrc, ts, at) => void seen.push(`${name} ${ch} ${pt} ${data[off]} ${len} ${ssrc} ${ts} ${at}`) });
    const a = sink("a");
    const b = sink("b");
    q.add(a, 0, 0, new Uint8Array([9, 1, 2]), 1, 2, 7, 160, 10);
    q.add(b, 1, 8, new Uint8Array([3]), 0, 1, 8, 320, 11);
    q.add(a, 1, 9, new Uint8Array([4, 5]), 0, 2, 7, 480, 12);
    expect(seen).toEqual([]);
    expect(q.size).toBe(3);
    await nextTurn();
    expect(seen).toEqual(["a 0 0 1 2 7 160 10", "b 1 8 3 1 8 320 11", "a 1 9 4 2 7 480 12"]);
    expect(q.size).toBe(0);
    q.add(b, 0, 0, new Uint8Array([6]), 0, 1, 1, 1, 1);
    await nextTurn();
    expect(seen).toHaveLength(4);
    // Recorded slots hold neither the recorder nor the datagram any more (a call that ended is not kept alive).
    const slots = q as unknown as { sinks: FrameSink[]; datas: Uint8Array[] };
    expect(slots.sinks.every((x) => x !== a && x !== b)).toBe(true);
    expect(slots.datas.every((d) => d.length === 0)).toBe(true);
  });

  it("M5: a recording closed in the turn its last packets arrived MUST still hold them, and a crashed one MUST NOT take frames after it", async () => {
    const clock = new FakeClock();
    const caller = { onPacket: new Event<[RtpView]>() };
    const agent = { onPacket: new Event<[RtpView]>() };
    const path = join(dir, "closed.wav");
    const rec = new CallRecorder(path, caller, agent, clock);
    const loud = encodeG711("PCMU", new Int16Array(160).fill(6000));
    for (let i = 0; i < 10; i++) caller.onPacket.execute(rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: i, timestamp: i * 160, ssrc: 1, payload: loud }));
    rec.close(); // same turn: nothing was recorded yet
    const wav = readPcmWav(new Uint8Array(readFileSync(path)))!;
    expect(wav.samples.length / 2).toBe(1600);
    expect(wav.samples.filter((s, k) => k % 2 === 0 && Math.abs(s) > 5000).length).toBe(1600);

    const crashed = new CallRecorder(join(dir, "crashed.wav"), caller, agent, clock);
    caller.onPacket.execute(rtpViewOf({ payloadType: 0, marker: false, sequenceNumber: 0, timestamp: 0, ssrc: 1, payload: loud }));
    crashed.abandon();
    await nextTurn();
    expect(crashed.seconds).toBe(0);
  });
});
