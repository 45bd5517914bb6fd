import { describe, expect, it } from "bun:test";
import { parseMessage } from "./parse.ts";
import { StreamFramer } from "./stream-framer.ts";
import { loadCase } from "./testdata/torture/cases.ts";

const enc = new TextEncoder();
const text = (u: { type: string; bytes?: Uint8Array }) => (u.bytes ? new TextDecoder().decode(u.bytes) : u.type);

describe("T2: StreamFramer (RFC 3261 §18.3, RFC 5626 §3.5.1)", () => {
  it("T2: MUST reassemble a message split across chunks, byte by byte", () => {
    const msg = loadCase("ipv6-sdp");
    const framer = new StreamFramer();
    const units = [];
    for (let i = 0; i < msg.length; i++) units.push(...framer.push(msg.subarray(i, i + 1)));
    expect(units).toHaveLength(1);
    expect(units[0]!.type).toBe("message");
    expect(parseMessage((units[0] as { bytes: Uint8Array }).bytes, { stream: true }).body).toContain("c=IN IP6");
    expect(framer.buffered).toBe(0);
  });

  it("T2: MUST cut several messages out of one chunk using Content-Length", () => {
    const a = loadCase("compact");
    const b = loadCase("ipv6-good");
    const c = loadCase("mpart01");
    const all = new Uint8Array([...a, ...b, ...c, ...b.subarray(0, 20)]);
    const framer = new StreamFramer();
    const units = framer.push(all);
    expect(units.map((u) => u.type)).toEqual(["message", "message", "message"]);
    expect((units[2] as { bytes: Uint8Array }).bytes).toEqual(c);
    expect(framer.buffered).toBe(20);
    const rest = framer.push(b.subarray(20));
    expect(rest).toHaveLength(1);
  });

  it("T2: MUST report CRLFCRLF as a ping and CRLF as a pong, around messages", () => {
    const framer = new StreamFramer();
    const units = framer.push(new Uint8Array([...enc.encode("\r\n\r\n"), ...loadCase("ipv6-good"), ...enc.encode("\r\n")]));
    expect(units.map(text).map((t) => (t.startsWith("REGISTER") ? "message" : t))).toEqual(["ping", "message", "pong"]);
  });

  it("T2: MUST refuse a message larger than the size limit, and endless headers", () => {
    const framer = new StreamFramer(1000);
    expect(() => framer.push(loadCase("longreq"))).toThrow(RangeError);
    const big = new StreamFramer(1000);
    expect(() => big.push(enc.encode("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n"))).toThrow(RangeError);
    const endless = new StreamFramer(1000);
    expect(() => endless.push(enc.encode(`OPTIONS sip:a@b SIP/2.0\r\nX: ${"y".repeat(1200)}`))).toThrow(RangeError);
  });

  it("T2: MUST understand the compact l: form", () => {
    const framer = new StreamFramer();
    const units = framer.push(enc.encode("MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabcOPTIONS"));
    expect(units.map(text)).toEqual(["MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc"]);
    expect(framer.buffered).toBe(7);
  });
});
