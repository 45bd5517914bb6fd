import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Event, FakeClock } from "../../lib/index.ts";
import { encodeG711 } from "../codec/index.ts";
import { rtpViewOf, type RtpView } from "../rtp/index.ts";
import { CallRecorder, type RecordingSink } from "./call-recorder.ts";
import { WavAppender } from "./wav-file.ts";

const dir = mkdtempSync(join(tmpdir(), "rec-full-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = () => ({ onPacket: new Event<[RtpView]>() });
const packet = (i: number) => rtpViewOf({ payloadType: 0, marker: i === 0, sequenceNumber: i, timestamp: i * 160, ssrc: 1, payload: encodeG711("PCMU", new Int16Array(160).fill(3000)) });

/** A WAV file on a disk that fills up after `room` bytes of audio (ENOSPC like a real full disk). */
function fillingDisk(room: number): (path: string) => RecordingSink {
  return (path) => {
    const real = new WavAppender(path);
    return {
      append(samples) {
        if (real.dataBytes + samples.byteLength > room) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        real.append(samples);
      },
      close: () => real.close(),
      get dataBytes() {
        return real.dataBytes;
      },
    };
  };
}

describe("M5/X5: a recording on a full disk", () => {
  it("X5: MUST stop recording without throwing when the disk fills mid-call, keep a playable file and report the path once", () => {
    const clock = new FakeClock();
    const caller = src();
    const agent = src();
    const path = join(dir, "full.wav");
    const failures: string[] = [];
    const off = CallRecorder.onWriteFailed.subscribe((p, e) => failures.push(`${p} ${e.message}`));
    const rec = new CallRecorder(path, caller, agent, clock, { flushEveryMs: 100, open: fillingDisk(8000) });
    for (let i = 0; i < 150; i++) {
      caller.onPacket.execute(packet(i));
      clock.advance(20); // timers fire here: a throw would escape into the test
    }
    expect(rec.failed).toBe(true);
    expect(failures).toEqual([`${path} ENOSPC: no space left on device, write`]);
    expect(() => rec.close()).not.toThrow();
    const wav = readFileSync(path);
    const dataBytes = wav.readUInt32LE(40);
    expect(dataBytes).toBeGreaterThan(0);
    expect(dataBytes).toBeLessThanOrEqual(8000);
    expect(wav.length).toBe(44 + dataBytes); // the header matches what was written: it plays
    off();
  });

  it("X5: MUST report a recording that cannot even be opened, and throw so the bridge goes on without it", () => {
    const failures: string[] = [];
    const off = CallRecorder.onWriteFailed.subscribe((p) => failures.push(p));
    const path = join(dir, "no-such-folder", "x.wav");
    expect(() => new CallRecorder(path, src(), src(), new FakeClock())).toThrow();
    expect(failures).toEqual([path]);
    off();
  });
});
