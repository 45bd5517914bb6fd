import { describe, expect, it } from "bun:test";
import { RtpPacket } from "werift-rtp";
import { PortAllocator } from "./port-allocator.ts";
import { createRtpView, parseRtp, serializeRtp } from "./rtp-packet.ts";

describe("RTP packet (RFC 3550 §5.1)", () => {
  it("M1: MUST parse and serialize symmetrically, agreeing with werift-rtp", () => {
    const payload = new Uint8Array(160).fill(0xd5);
    const bytes = serializeRtp({ payloadType: 8, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload });
    const v = createRtpView();
    expect(parseRtp(bytes, v)).toBe(true);
    expect(v).toMatchObject({ payloadType: 8, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef });
    expect(v.payload).toEqual(payload);
    const w = RtpPacket.deSerialize(Buffer.from(bytes));
    expect(w.header.sequenceNumber).toBe(65535);
    expect(w.header.timestamp).toBe(0xfffffff0);
    expect(w.header.ssrc).toBe(0xdeadbeef);
    expect(new Uint8Array(w.payload)).toEqual(payload);
  });

  it("M1: MUST skip CSRCs, header extension and padding, and reject RTCP and short packets", () => {
    const bytes = serializeRtp({ payloadType: 0, marker: false, sequenceNumber: 7, timestamp: 1234, ssrc: 42, payload: new Uint8Array([1, 2, 3]) });
    const withCsrc = new Uint8Array([0x81, 0, 0, 7, 0, 0, 4, 0xd2, 0, 0, 0, 42, 9, 9, 9, 9, 1, 2, 3]);
    const withExt = new Uint8Array([0x90, 0, 0, 7, 0, 0, 4, 0xd2, 0, 0, 0, 42, 0xbe, 0xde, 0, 1, 5, 5, 5, 5, 1, 2, 3]);
    const padded = new Uint8Array([0xa0, 0, 0, 7, 0, 0, 4, 0xd2, 0, 0, 0, 42, 1, 2, 3, 0, 0, 3]);
    const v = createRtpView();
    for (const b of [bytes, withCsrc, withExt, padded]) {
      expect(parseRtp(b, v)).toBe(true);
      expect([...v.payload]).toEqual([1, 2, 3]);
      expect(v.timestamp).toBe(1234);
    }
    expect(parseRtp(new Uint8Array([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0]), v)).toBe(false);
    expect(parseRtp(new Uint8Array(11).fill(0x80), v)).toBe(false);
    expect(parseRtp(new Uint8Array(12), v)).toBe(false);
  });
});

describe("PortAllocator", () => {
  it("M1: MUST hand out even ports of the range, release them on close and count live ports", () => {
    const a = PortAllocator.fromRange("10001-10008");
    expect(a.capacity).toBe(3);
    const ports = [a.allocate(), a.allocate(), a.allocate()];
    expect(ports).toEqual([10002, 10004, 10006]);
    expect(a.allocate()).toBeUndefined();
    expect(a.live).toBe(3);
    a.release(10004);
    expect(a.allocate()).toBe(10004);
    for (const p of ports) a.release(p!);
    expect(a.live).toBe(0);
    expect(() => PortAllocator.fromRange("x")).toThrow(RangeError);
  });
});
