import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { bestCpuMs } from "../../lib/testing/best-cpu-ms.ts";
import { parseNameAddr } from "./name-addr.ts";
import { parseMessage } from "./parse.ts";
import { StreamFramer } from "./stream-framer.ts";
import { SipParseError } from "./types.ts";
import { parseUri } from "./uri.ts";
import { parseVia } from "./via.ts";
import { loadCase, TORTURE_CASES } from "./testdata/torture/cases.ts";

/**
 * X5/T9 hostile input: property-based fuzzing of the SIP parser. Whatever arrives, the parser
 * answers with a parsed message or a typed SipParseError, never another exception, and never
 * takes long (5 ms per message). Runs are bounded so the file stays within a few seconds.
 */

const encoder = new TextEncoder();
const LIMIT_MS = 5;

/** Parse, and parse the headers the server reads next; anything but SipParseError escapes. */
function handle(bytes: Uint8Array, stream = false): void {
  let message;
  try {
    message = parseMessage(bytes, { stream });
  } catch (e) {
    if (e instanceof SipParseError) return;
    throw e;
  }
  for (const [name, read] of [
    ["via", parseVia],
    ["contact", parseNameAddr],
    ["from", parseNameAddr],
    ["to", parseNameAddr],
    ["route", parseNameAddr],
  ] as const) {
    for (const value of message.headers.getAll(name)) {
      try {
        const parsed = read(value);
        if ("uri" in parsed && parsed.uri !== "*") parseUri(parsed.uri);
      } catch (e) {
        if (!(e instanceof SipParseError)) throw e;
      }
    }
  }
  if (message.kind === "request") {
    try {
      parseUri(message.uri);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
    }
  }
}

/** Handling time in CPU ms (see `bestCpuMs`). */
function timed(bytes: Uint8Array, stream = false): number {
  return bestCpuMs(() => handle(bytes, stream), LIMIT_MS);
}

// ── structure-aware generator ──
const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/);
const hex = fc.stringMatching(/^[0-9a-f]{1,4}$/);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
const ipv6 = fc.oneof(
  fc.array(hex, { minLength: 8, maxLength: 8 }).map((g) => g.join(":")),
  fc.tuple(fc.array(hex, { maxLength: 3 }), fc.array(hex, { maxLength: 3 })).map(([a, b]) => `${a.join(":")}::${b.join(":")}`),
  ipv4.map((v4) => `::ffff:${v4}`),
);
const host = fc.oneof(ipv4, ipv6.map((a) => `[${a}]`), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5}){0,2}$/));
const port = fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined });
const hostport = fc.tuple(host, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const params = fc.array(fc.tuple(token, fc.option(token, { nil: undefined })), { maxLength: 3 }).map((ps) => ps.map(([k, v]) => (v === undefined ? `;${k}` : `;${k}=${v}`)).join(""));
const sipUri = fc.tuple(fc.constantFrom("sip", "sips", "tel", "http", "SIP"), fc.option(token, { nil: undefined }), hostport, params).map(
  ([scheme, user, hp, ps]) => `${scheme}:${user ? `${user}@` : ""}${hp}${ps}`,
);
/** Noise put where a value is expected: control characters, quotes, brackets, long runs. */
const noise = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("\x00", "\x7f", "\r", "\n", "\r\n ", '"', "<", ">", "[", "]", "::::", ";;", "%", "%zz", "\t"),
  fc.integer({ min: 1, max: 3000 }).map((n) => "a".repeat(n)),
);
const value = (v: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: v }, { weight: 1, arbitrary: noise });
const method = fc.constantFrom("INVITE", "REGISTER", "OPTIONS", "BYE", "ACK", "CANCEL", "MESSAGE", "NOTIFY", "inv ite", "");
const extra = fc.array(fc.tuple(fc.constantFrom("Require", "Proxy-Require", "Supported", "Max-Forwards", "Expires", "Content-Type", "X-Junk", "Route", "Record-Route", "l", "v", "m"), value(token)), { maxLength: 4 });

const request = fc
  .record({
    method,
    uri: value(sipUri),
    via: fc.array(value(fc.tuple(fc.constantFrom("UDP", "TCP", "TLS", "WS"), hostport, params).map(([t, hp, ps]) => `SIP/2.0/${t} ${hp};branch=z9hG4bK${ps}`)), { minLength: 0, maxLength: 3 }),
    from: value(sipUri.map((u) => `"Caller" <${u}>;tag=1`)),
    to: value(sipUri.map((u) => `<${u}>`)),
    contact: value(sipUri.map((u) => `<${u}>;expires=60`)),
    callId: value(token),
    cseq: value(fc.nat(0xffffffff).map((n) => `${n} INVITE`)),
    extra,
    body: fc.string({ maxLength: 200 }),
    contentLength: fc.option(fc.integer({ min: -5, max: 400 }), { nil: undefined }),
  })
  .map((r) => {
    const lines = [`${r.method} ${r.uri} SIP/2.0`, ...r.via.map((v) => `Via: ${v}`), `From: ${r.from}`, `To: ${r.to}`, `Call-ID: ${r.callId}`, `CSeq: ${r.cseq}`, `Contact: ${r.contact}`];
    for (const [n, v] of r.extra) lines.push(`${n}: ${v}`);
    if (r.contentLength !== undefined) lines.push(`Content-Length: ${r.contentLength}`);
    return encoder.encode(`${lines.join("\r\n")}\r\n\r\n${r.body}`);
  });

// ── byte mutation of the torture corpus ──
const corpus = TORTURE_CASES.map((c) => loadCase(c.name));
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), count: fc.integer({ min: 2, max: 200 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(input: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = input;
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === "flip") b = b.length === 0 ? b : b.with(at, m.byte);
    else if (m.kind === "insert") b = concat(b.subarray(0, at), m.bytes, b.subarray(at));
    else if (m.kind === "delete") b = concat(b.subarray(0, at), b.subarray(at + m.count));
    else if (m.kind === "truncate") b = b.subarray(0, at);
    else {
      // Repeat one line many times: header floods and long folded values.
      const end = b.indexOf(10, at);
      const line = b.subarray(at, end < 0 ? b.length : end + 1);
      b = concat(b.subarray(0, at), ...Array.from({ length: m.count }, () => line), b.subarray(at));
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("X5/T9: SIP parser under hostile input (fast-check)", () => {
  it("X5: MUST answer generated requests with a message or a SipParseError, each within 5 ms", () => {
    let slowest = 0;
    fc.assert(
      fc.property(request, fc.boolean(), (bytes, stream) => {
        slowest = Math.max(slowest, timed(bytes, stream));
        expect(slowest).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 6000 },
    );
  });

  it("X5: MUST survive byte mutations of the torture corpus, each within 5 ms", () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (i, ms, stream) => {
        expect(timed(mutate(corpus[i]!, ms), stream)).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 8000 },
    );
  });

  it("X5: MUST survive random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(timed(bytes)).toBeLessThan(LIMIT_MS);
      }),
      { numRuns: 4000 },
    );
  });

  it("T2: MUST frame any split of a TCP stream into the same messages, or refuse it with a RangeError", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(corpus.length - 1), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), (picks, cuts) => {
        const stream = concat(...picks.map((i) => corpus[i]!));
        const whole = frame(stream, [stream.length]);
        const pieces = frame(stream, cuts);
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it("T1: MUST read IPv6 references in Via, Contact and the Request-URI", () => {
    fc.assert(
      fc.property(ipv6, fc.integer({ min: 1, max: 65535 }), (addr, p) => {
        const text = [
          `INVITE sip:100@[${addr}]:${p};transport=udp SIP/2.0`,
          `Via: SIP/2.0/UDP [${addr}]:${p};branch=z9hG4bKfuzz;rport`,
          `From: <sip:a@[${addr}]>;tag=1`,
          `To: <sip:100@[${addr}]>`,
          "Call-ID: fuzz",
          "CSeq: 1 INVITE",
          `Contact: <sip:a@[${addr}]:${p}>`,
          "Max-Forwards: 70",
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n");
        const m = parseMessage(text);
        if (m.kind !== "request") throw new Error("not a request");
        const via = parseVia(m.headers.get("via")!);
        expect(via.host.replace(/^\[|\]$/g, "")).toBe(addr);
        expect(via.port).toBe(p);
        const contact = parseUri(parseNameAddr(m.headers.get("contact")!).uri);
        expect(contact.host.replace(/^\[|\]$/g, "")).toBe(addr);
        expect(contact.port).toBe(p);
        const ruri = parseUri(m.uri);
        expect(ruri.host.replace(/^\[|\]$/g, "")).toBe(addr);
        expect(ruri.port).toBe(p);
      }),
      { numRuns: 300 },
    );
  });
});

/** Push `stream` cut at the given lengths (cycled); the framed units, or "too large". */
function frame(stream: Uint8Array, cuts: number[]): unknown[] {
  const framer = new StreamFramer();
  const out: unknown[] = [];
  let at = 0;
  try {
    for (let i = 0; at < stream.length; i++) {
      const n = cuts[i % cuts.length]!;
      for (const u of framer.push(stream.subarray(at, at + n))) out.push(u.type === "message" ? Array.from(u.bytes) : u.type);
      at += n;
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    out.push("too large");
  }
  return out;
}
