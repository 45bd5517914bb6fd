import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import fc from "fast-check";
import { randomToken, systemClock, type Logger } from "../lib/index.ts";
import { SipServer } from "./sip-server.ts";
import { MemoryBanStore, MemoryCredentialStore, MemoryLocationStore } from "./testing/memory-stores.ts";
import { TestUa } from "./testing/test-ua.ts";

/**
 * X5/T9 hostile input past the parser: structure-aware requests (IPv6 references, odd Require,
 * Max-Forwards, Expires, Contact "*", digest headers, bodies) sent to a real SipServer over UDP and
 * TCP. Nothing may reach the server's catch-all ("error handling SIP message", "parser crashed"),
 * and it still answers afterwards. Bounded: a few thousand messages, a few seconds.
 */

const REALM = "cc.test";
const errors: string[] = [];
/** Records error lines; everything else is dropped. */
const log: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (o, m) => void errors.push(`${m ?? ""} ${JSON.stringify(o).slice(0, 300)}`),
  child: () => log,
};
let server: SipServer;
const uas: TestUa[] = [];

beforeAll(async () => {
  server = new SipServer({
    bindAddress: "127.0.0.1",
    port: 0,
    realm: REALM,
    registrar: { minExpires: 60, maxExpires: 3600, defaultExpires: 600 },
    security: { rateLimitPerSecond: 1_000_000, authFailuresBeforeBan: 1_000_000, banSeconds: 1, scannerUserAgents: ["friendly-scanner"] },
    nonceSeconds: 300,
    credentials: new MemoryCredentialStore(REALM).add("1001", "pw1001"),
    locations: new MemoryLocationStore(),
    bans: new MemoryBanStore(),
    clock: systemClock,
    log,
    routing: { isApplianceNumber: (u) => u === "1588", isTrustedPeer: () => false },
  });
  await server.start();
});
afterAll(() => {
  for (const ua of uas) ua.close();
  server.stop();
});

const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,10}$/);
const hex = fc.stringMatching(/^[0-9a-f]{1,4}$/);
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
const v6 = fc.oneof(fc.array(hex, { minLength: 8, maxLength: 8 }).map((g) => g.join(":")), fc.constantFrom("::1", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1%eth0", "2001:db8:::1"));
const host = fc.oneof(v4, v6.map((a) => `[${a}]`), fc.constantFrom("cc.test", "127.0.0.1", "localhost", "[", "[]", "a..b"));
const hp = fc.tuple(host, fc.option(fc.integer({ min: 0, max: 70000 }), { nil: undefined })).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const user = fc.oneof(fc.constantFrom("1001", "1588", "100%20", "*98", ""), token);
const uri = fc.tuple(fc.constantFrom("sip", "sips", "tel"), user, hp, fc.constantFrom("", ";transport=tcp", ";lr", ";line=abc", ";maddr=[::1]")).map(([s, u, h, p]) => (s === "tel" ? `tel:${u || "+1"}` : `${s}:${u ? `${u}@` : ""}${h}${p}`));
const odd = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("\x00", "\x7f", '"', "<", ">", "[::1", ";;", "%zz"));
const value = <T extends string>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: a as fc.Arbitrary<string> }, { weight: 1, arbitrary: odd });
const extra = fc.array(
  fc.oneof(
    value(fc.constantFrom("timer", "100rel", "replaces", "foo, bar", "")).map((v) => `Require: ${v}`),
    value(fc.constantFrom("sec-agree", "")).map((v) => `Proxy-Require: ${v}`),
    value(fc.constantFrom("0", "1", "70", "255", "256")).map((v) => `Max-Forwards: ${v}`),
    value(fc.constantFrom("0", "60", "3600", "4294967296")).map((v) => `Expires: ${v}`),
    value(fc.constantFrom('Digest username="1001", realm="cc.test", nonce="x", uri="sip:cc.test", response="0"', "Basic abc", "Digest")).map((v) => `Authorization: ${v}`),
    value(fc.constantFrom('Digest username="1001"', "Digest algorithm=SHA-512")).map((v) => `Proxy-Authorization: ${v}`),
    value(uri).map((u) => `Route: <${u}>`),
    value(fc.constantFrom("application/sdp", "text/plain", "multipart/mixed;boundary=x")).map((v) => `Content-Type: ${v}`),
    value(fc.constantFrom("<sip:1001@[2001:db8::9]:5062>;expires=0", "*", "<sip:1001@127.0.0.1:5070>;+sip.instance=\"<urn:uuid:1>\"", "<sip:1001@[::1]>;reg-id=1")).map((v) => `Contact: ${v}`),
    value(fc.constantFrom("friendly-scanner", "Linphone")).map((v) => `User-Agent: ${v}`),
  ),
  { maxLength: 5 },
);
const sdp = fc.oneof(
  fc.constant(""),
  fc.constantFrom("v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 ::1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n", "v=0\r\nm=audio 99999 RTP/AVP 0\r\n"),
  fc.string({ maxLength: 200 }),
);
const request = fc
  .record({
    method: fc.constantFrom("INVITE", "REGISTER", "OPTIONS", "BYE", "ACK", "CANCEL", "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER", "INFO", "PRACK", "UPDATE", "FOO"),
    uri: value(uri),
    viaHost: value(hp),
    fromUri: value(uri),
    toUri: value(uri),
    toTag: fc.boolean(),
    cseq: fc.nat(100),
    extra,
    body: sdp,
  })
  .map((r) => (sentBy: string) => {
    const callId = randomToken(12);
    const via = `SIP/2.0/UDP ${r.viaHost};branch=z9hG4bK${randomToken(8)};rport, SIP/2.0/UDP ${sentBy};branch=z9hG4bK${randomToken(8)};rport`;
    const lines = [`${r.method} ${r.uri} SIP/2.0`, `Via: ${via}`, `From: <${r.fromUri}>;tag=f1`, `To: <${r.toUri}>${r.toTag ? ";tag=t1" : ""}`, `Call-ID: ${callId}`, `CSeq: ${r.cseq} ${r.method}`, ...r.extra, `Content-Length: ${new TextEncoder().encode(r.body).length}`];
    return `${lines.join("\r\n")}\r\n\r\n${r.body}`;
  });

describe("X5/T9: the SIP server under structure-aware hostile requests", () => {
  it("X5: MUST handle every request without reaching its catch-all, over UDP and TCP, and still answer", async () => {
    const udp = await TestUa.udp(server.port);
    const tcp = await TestUa.tcp(server.port);
    uas.push(udp, tcp);
    const samples = fc.sample(request, { numRuns: 2500 });
    for (let i = 0; i < samples.length; i++) {
      const phone = i % 5 === 0 ? tcp : udp;
      phone.send(samples[i]!(phone.hostPort));
      if (i % 100 === 0) await Bun.sleep(1); // let the server read and answer
    }
    await Bun.sleep(500);
    expect(errors).toEqual([]);
    // The requests went deep: parse errors, challenges, registrar and router answers all came back.
    const statuses = new Map<number, number>();
    for (const m of [...udp.inbox, ...tcp.inbox]) if (m.kind === "response") statuses.set(m.status, (statuses.get(m.status) ?? 0) + 1);
    for (const status of [400, 401, 407, 420, 483]) expect(statuses.get(status) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    udp.inbox.length = 0;
    const callId = randomToken(10);
    udp.request({ method: "OPTIONS", uri: `sip:${REALM}`, from: "<sip:probe@cc.test>;tag=o", to: `<sip:${REALM}>`, callId });
    expect(await udp.response(callId, 200)).toBeDefined();
  });
});
