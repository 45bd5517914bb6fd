import { describe, expect, it } from "bun:test";
import { DtmfReceiver } from "./dtmf-receiver.ts";
import { dtmfPackets } from "./dtmf-sender.ts";
import { parseTelephoneEvent, serializeTelephoneEvent } from "./telephone-event.ts";

/** Number packets like an RTP sender would: timestamp advances by each packet's step. */
function stream(digits: string, pt = 101) {
  let ts = 1000;
  const out: { payloadType: number; timestamp: number; payload: Uint8Array; marker: boolean }[] = [];
  for (const d of digits) {
    for (const p of dtmfPackets(d)) {
      ts = (ts + p.timestampStep) >>> 0;
      out.push({ payloadType: pt, timestamp: ts, payload: p.payload, marker: p.marker });
    }
    ts += 800 + 800; // the event's duration, then 100 ms of audio
    out.push({ payloadType: 0, timestamp: ts, payload: new Uint8Array(160), marker: false });
  }
  return out;
}

describe("RFC 4733 DTMF (M3)", () => {
  it("M3: MUST report the digits of '123#' once each despite updates and the three end packets", () => {
    const rx = new DtmfReceiver(101);
    const packets = stream("123#");
    expect(packets.filter((p) => p.payloadType === 101).length).toBe(4 * 7);
    expect(packets.flatMap((p) => rx.process(p))).toEqual(["1", "2", "3", "#"]);
  });

  it("M3: MUST de-duplicate retransmissions and still report a digit whose start packets were lost", () => {
    const rx = new DtmfReceiver(101);
    const packets = stream("55");
    const lossy = [...packets.slice(3), ...packets.slice(4, 6)]; // first event's start lost, end re-sent late
    expect(lossy.flatMap((p) => rx.process(p))).toEqual(["5", "5"]);
  });

  it("M3: MUST NOT report a long press split into segments twice, nor other payload types", () => {
    const rx = new DtmfReceiver(96);
    const seg = (ts: number, duration: number, end: boolean) => ({
      payloadType: 96,
      timestamp: ts,
      payload: serializeTelephoneEvent({ event: 11, end, volume: 10, duration }),
    });
    const got = [seg(0, 65535, false), seg(65535, 160, false), seg(65535, 800, true), seg(70000, 160, true)].flatMap((p) => rx.process(p));
    expect(got).toEqual(["#", "#"]);
    expect(new DtmfReceiver(101).process(seg(0, 160, false))).toEqual([]);
  });

  it("M3: sender MUST mark the first packet, grow the duration every 20 ms and send the end three times", () => {
    const ps = dtmfPackets("*", { durationMs: 100 });
    expect(ps.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    const evs = ps.map((p) => parseTelephoneEvent(p.payload)!);
    expect(evs.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(evs.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
    expect(evs[0]!.event).toBe(10);
    expect(dtmfPackets("x")).toEqual([]);
  });
});
