import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { bestCpuMs } from "../../lib/testing/best-cpu-ms.ts";
import { parseRemoteSdp, SdpError } from "./sdp-parse.ts";
import { SdpSession } from "./sdp-session.ts";

/**
 * X5 hostile input: property-based fuzzing of the SDP reader. A remote offer or answer either gives
 * a usable audio stream (a port 0-65535, a connection address, a known direction) or a typed
 * SdpError (488), never another exception, and never takes long. Runs are bounded (a second or two).
 */

const LIMIT_MS = 5;
const DIRECTIONS = ["sendrecv", "sendonly", "recvonly", "inactive"];

/** Answer `text` as the appliance does; returns what was understood, or "488". */
function answer(text: string): string {
  const session = new SdpSession({ address: "192.0.2.10", port: 20000 }, "42");
  let result;
  try {
    result = session.answer(text);
  } catch (e) {
    if (e instanceof SdpError) return "488";
    throw e;
  }
  const { remote, sdp } = result;
  expect(Number.isInteger(remote.port) && remote.port >= 0 && remote.port <= 65535).toBe(true);
  expect(typeof remote.address === "string" && remote.address.length > 0).toBe(true);
  expect(DIRECTIONS).toContain(remote.direction);
  if (remote.ptime !== undefined) expect(Number.isFinite(remote.ptime)).toBe(true);
  expect(sdp).toContain("m=audio ");
  return "ok";
}

/** Answering time in CPU ms (see `bestCpuMs`). */
function timed(text: string): number {
  return bestCpuMs(() => answer(text), LIMIT_MS);
}

const noise = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("", "-1", "65536", "99999999999999999999", "abc", "NaN", "0x10", "\x00", "1e5", " ", "::1", "[::1]"),
  fc.integer({ min: 1, max: 5000 }).map((n) => "9".repeat(n)),
);
const v = (a: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: noise });
const ip = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => `IN IP4 ${p.join(".")}`),
  fc.constantFrom("IN IP6 2001:db8::1", "IN IP6 ::ffff:192.0.2.1", "IN IP4 0.0.0.0", "IN IP4 host.example"),
);
const pt = fc.oneof(fc.constantFrom(0, 8, 9, 18, 96, 101, 127), fc.integer({ min: -5, max: 300 }));
const rtpmap = fc.tuple(pt, fc.constantFrom("PCMU", "PCMA", "telephone-event", "opus", "G722", ""), fc.constantFrom("8000", "48000/2", "", "x")).map(
  ([p, name, rate]) => `a=rtpmap:${p} ${name}/${rate}`,
);
const media = fc
  .record({
    type: fc.constantFrom("audio", "video", "AUDIO", "application"),
    port: v(fc.integer({ min: 0, max: 65535 }).map(String)),
    proto: fc.constantFrom("RTP/AVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "TCP"),
    payloads: fc.array(pt, { maxLength: 6 }),
    c: fc.option(v(ip), { nil: undefined }),
    attrs: fc.array(fc.oneof(rtpmap, v(fc.constantFrom("a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive", "a=ptime:20", "a=ptime:abc", "a=fmtp:101 0-16", "a=rtcp:9 IN IP4 0.0.0.0"))), { maxLength: 6 }),
  })
  .map((m) => [`m=${m.type} ${m.port} ${m.proto} ${m.payloads.join(" ")}`, ...(m.c ? [`c=${m.c}`] : []), ...m.attrs].join("\r\n"));
const offer = fc
  .record({
    v: v(fc.constant("0")),
    o: v(fc.nat().map((n) => `- ${n} ${n} IN IP4 192.0.2.1`)),
    c: fc.option(v(ip), { nil: undefined }),
    t: v(fc.constant("0 0")),
    media: fc.array(media, { maxLength: 3 }),
    eol: fc.constantFrom("\r\n", "\n", "\r"),
  })
  .map((s) => [`v=${s.v}`, `o=${s.o}`, "s=-", ...(s.c ? [`c=${s.c}`] : []), `t=${s.t}`, ...s.media].join(s.eol) + s.eol);

describe("X5: SDP reader under hostile input (fast-check)", () => {
  it("X5: MUST answer generated offers with a usable stream or an SdpError (488), each within 5 ms", () => {
    fc.assert(
      fc.property(offer, (text) => {
        expect(timed(text)).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 4000 },
    );
  });

  it("X5: MUST survive character edits of a valid offer", () => {
    const valid = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    expect(answer(valid)).toBe("ok");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 5 }), (edits) => {
        let text = valid;
        for (const [a, b, s] of edits) text = text.slice(0, Math.min(a, b)) + s + text.slice(Math.max(a, b) % (text.length + 1));
        expect(timed(text)).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 4000 },
    );
  });

  it("X5: MUST refuse a missing or out-of-range media port with 488, keep a numeric-looking address and encoding name as text (found by this fuzzing)", () => {
    const base = (m: string, c: string) => `v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 ${c}\r\nt=0 0\r\n${m}\r\n`;
    expect(() => parseRemoteSdp(base("m=audio 99999 RTP/AVP 0", "192.0.2.1"))).toThrow(SdpError);
    expect(() => parseRemoteSdp(base("m=audio  RTP/AVP 0", "192.0.2.1"))).toThrow(SdpError);
    expect(parseRemoteSdp(base("m=audio 4000 RTP/AVP 0", "2.1")).address).toBe("2.1");
    expect(parseRemoteSdp(base("m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 0 telephone-event/8000", "192.0.2.1")).codecs.map((c) => c.pt)).toEqual([0, 101]);
  });

  it("X5: MUST survive arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1000, unit: "binary" }), (text) => {
        expect(timed(text)).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 2000 },
    );
  });
});
