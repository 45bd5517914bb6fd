import { describe, expect, it } from "bun:test";
import { Event } from "../../lib/index.ts";
import { decodeG711, encodeG711 } from "../codec/index.ts";
import { rtpViewOf } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { MediaBridge } from "./media-bridge.ts";
import type { RtpPort } from "./media-bridge.ts";
import { StreamRewriter } from "./stream-rewriter.ts";

class FakePort implements RtpPort {
  readonly onPacket = new Event<[RtpView]>();
  readonly sent: { pt: number; marker: boolean; step: number; payload: Uint8Array }[] = [];
  keep = true;
  sendFrom(data: Uint8Array, offset: number, length: number, pt: number, marker = false, step = 160): boolean {
    if (this.keep) this.sent.push({ pt, marker, step, payload: data.slice(offset, offset + length) });
    return true;
  }
  inject(pt: number, seq: number, ts: number, payload: Uint8Array, ssrc = 7, marker = false): void {
    this.onPacket.execute(rtpViewOf({ payloadType: pt, sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, ssrc, marker, payload }));
  }
}

const tone = new Int16Array(160).map((_, i) => Math.round(6000 * Math.sin(i / 3)));

describe("MediaBridge (M4)", () => {
  it("M4: MUST relay both ways with timestamps advancing by the source's steps and the marker on a new source", () => {
    const a = new FakePort();
    const b = new FakePort();
    const bridge = new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
    const pcmu = encodeG711("PCMU", tone);
    for (let i = 0; i < 10; i++) a.inject(0, 65530 + i, 0xfffffe00 + i * 160, pcmu);
    b.inject(0, 1, 1, pcmu);
    expect(b.sent.map((s) => s.step)).toEqual([160, 160, 160, 160, 160, 160, 160, 160, 160, 160]);
    expect(b.sent[0]!.marker).toBe(true);
    expect(b.sent[1]!.marker).toBe(false);
    expect(b.sent[3]!.payload).toEqual(pcmu);
    expect(a.sent.length).toBe(1);
    a.inject(0, 3, 9999, pcmu, 8); // a new SSRC (e.g. the caller's phone after a re-INVITE)
    expect(b.sent.at(-1)).toMatchObject({ marker: true, step: 160 });
    bridge.stop();
    a.inject(0, 4, 10159, pcmu, 8);
    expect(b.sent.length).toBe(11);
    expect(a.onPacket.size + b.onPacket.size).toBe(0);
  });

  it("M4: MUST drop duplicates and late packets and keep a gap's timestamp distance", () => {
    const r = new StreamRewriter();
    expect(r.step(1, 100, 0)).toBe(160);
    expect(r.step(1, 101, 160)).toBe(160);
    expect(r.step(1, 101, 160)).toBe(-1);
    expect(r.step(1, 99, 0)).toBe(-1);
    expect(r.step(1, 104, 800)).toBe(640);
    expect(r.step(1, 105, 800 + 8000 * 11)).toBe(160);
    expect(r.restarted).toBe(true);
  });

  it("M4: MUST map payload types and transcode PCMA → PCMU, leaving the original payload for other listeners", () => {
    const a = new FakePort();
    const b = new FakePort();
    new MediaBridge({ port: a, format: { codec: "PCMA", pt: 8 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
    const pcma = encodeG711("PCMA", tone);
    const original = pcma.slice();
    a.inject(8, 1, 0, pcma);
    expect(b.sent[0]!.pt).toBe(0);
    const heard = decodeG711("PCMU", b.sent[0]!.payload);
    for (let i = 0; i < 160; i++) expect(Math.abs(heard[i]! - tone[i]!)).toBeLessThan(500);
    expect(pcma).toEqual(original);
  });

  it("M3/M4: MUST forward RFC 4733 events mapped to the other side's payload type, or swallow them", () => {
    const ev = new Uint8Array([1, 0x0a, 0, 160]);
    for (const dtmf of ["forward", "swallow"] as const) {
      const a = new FakePort();
      const b = new FakePort();
      new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 }, telephoneEventPt: 101 }, { port: b, format: { codec: "PCMU", pt: 0 }, telephoneEventPt: 96 }, { dtmf });
      a.inject(0, 1, 0, new Uint8Array(160));
      a.inject(101, 2, 160, ev, 7, true);
      a.inject(101, 3, 160, ev);
      a.inject(13, 4, 320, new Uint8Array(1)); // comfort noise: dropped
      a.inject(0, 5, 960, new Uint8Array(160));
      const sent = b.sent.map((s) => [s.pt, s.step]);
      expect(sent).toEqual(dtmf === "forward" ? [[0, 160], [96, 160], [96, 0], [0, 800]] : [[0, 160], [0, 960]]);
    }
  });

  it("M4: per-packet relay cost (measured, fake sockets)", () => {
    const a = new FakePort();
    const b = new FakePort();
    b.keep = false;
    new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
    const view = rtpViewOf({ payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 5, marker: false, payload: new Uint8Array(160) });
    const n = 200_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      view.sequenceNumber = i & 0xffff;
      view.timestamp = (i * 160) >>> 0;
      a.onPacket.execute(view);
    }
    const us = ((performance.now() - t0) * 1000) / n;
    Bun.env.MEDIA_REPORT && Bun.write(Bun.stderr, `bridge relay logic: ${us.toFixed(3)} µs/packet\n`);
    expect(us).toBeLessThan(5);
  });
});
