import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNameAddr } from "../../name-addr.ts";
import { parseUri } from "../../uri.ts";
import { parseVia } from "../../via.ts";
import type { SipMessage } from "../../types.ts";

/**
 * What the server must do with a torture message:
 * - `valid`: parse it and process it normally (the TU may still refuse it, see `note`);
 * - `reject-400` / `reject-NNN`: answer that status (requests only);
 * - `drop`: unparseable garbage or a broken response: no answer at all.
 */
export type TortureExpect = "valid" | "reject-400" | `reject-${number}` | "drop";

/** One case of our torture corpus, modelled on RFC 4475 (SIP) and RFC 5118 (IPv6). */
export interface TortureCase {
  readonly name: string;
  /** File name in this folder (literal CRLF bytes). */
  readonly file: string;
  readonly expect: TortureExpect;
  /** The RFC case it is modelled on. */
  readonly modelledOn: string;
  readonly note?: string;
  /** For valid cases: facts read from the parsed message, compared with `want`. */
  readonly observe?: (message: SipMessage) => Record<string, unknown>;
  readonly want?: Record<string, unknown>;
}

const req = (m: SipMessage) => {
  if (m.kind !== "request") throw new Error("expected a request");
  return m;
};
const res = (m: SipMessage) => {
  if (m.kind !== "response") throw new Error("expected a response");
  return m;
};
const tag = (m: SipMessage, h: string) => parseNameAddr(m.headers.get(h)!).params.get("tag");

function valid(name: string, modelledOn: string, observe?: TortureCase["observe"], want?: Record<string, unknown>, note?: string): TortureCase {
  return { name, file: `${name}.sip`, expect: "valid", modelledOn, observe, want, note };
}
function reject(name: string, status: number, modelledOn: string, note: string): TortureCase {
  return { name, file: `${name}.sip`, expect: status === 400 ? "reject-400" : `reject-${status}`, modelledOn, note };
}
function drop(name: string, modelledOn: string, note: string): TortureCase {
  return { name, file: `${name}.sip`, expect: "drop", modelledOn, note };
}

/** The whole corpus; another suite replays it over UDP and TCP against the running server. */
export const TORTURE_CASES: readonly TortureCase[] = [
  // ── valid: RFC 4475 §3.1.1 ──
  valid("wsinv", "RFC 4475 §3.1.1.1 wsinv", (m) => ({
    method: req(m).method, toTag: tag(m, "to"), fromTag: tag(m, "from"), cseq: m.headers.get("cseq"),
    vias: m.headers.getAll("via").map((v) => parseVia(v).params.get("branch")), mf: m.headers.get("max-forwards"),
    folded: m.headers.get("NewHeaderNobodyKnows"), contactQ: parseNameAddr(m.headers.get("contact")!).params.get("q"),
    bodyStart: m.body.slice(0, 4),
  }), {
    method: "INVITE", toTag: "77aa01x", fromTag: "4hh8sz", cseq: "0017 INVITE", vias: ["z9hG4bKwsTort01", "z9hG4bKwsTort02"],
    mf: "0069", folded: "a value that continues on the next line and the one after", contactQ: "0.33", bodyStart: "v=0\r",
  }),
  valid("intmeth", "RFC 4475 §3.1.1.2 intmeth", (m) => ({
    method: req(m).method, user: parseUri(req(m).uri).user, password: parseUri(req(m).uri).password, fromTag: tag(m, "from"),
  }), {
    method: "!odd-Method0123456789_*+`.%indeed'~", user: "1_odd.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
    password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", fromTag: "_token~1'+`*%!-.",
  }),
  valid("esc01", "RFC 4475 §3.1.1.3 esc01", (m) => ({ user: parseUri(req(m).uri).user, to: parseUri(m.headers.get("to")!).user }), {
    user: "sips:user@example.com", to: "agent",
  }),
  valid("escnull", "RFC 4475 §3.1.1.4 escnull", (m) => ({ to: parseUri(m.headers.get("to")!).user, contacts: m.headers.getAll("contact").length }), {
    to: "null-\u0000-null", contacts: 2,
  }),
  valid("esc02", "RFC 4475 §3.1.1.5 esc02", (m) => ({ method: req(m).method, contacts: m.headers.getAll("contact").length, display: parseNameAddr(m.headers.get("to")!).displayName }), {
    method: "RE%47IST%45R", contacts: 2, display: "%Z%45",
  }, "C%6Fntact is an unknown header, not Contact; the TU answers the unknown method 405/501"),
  valid("lwsdisp", "RFC 4475 §3.1.1.6 lwsdisp", (m) => ({ display: parseNameAddr(m.headers.get("from")!).displayName }), { display: "caller" }),
  valid("longreq", "RFC 4475 §3.1.1.7 longreq", (m) => ({ vias: m.headers.getAll("via").length, toPort: parseUri(parseNameAddr(m.headers.get("to")!).uri).port }), {
    vias: 31, toPort: 6000,
  }),
  valid("dblreq", "RFC 4475 §3.1.1.8 dblreq", (m) => ({ method: req(m).method, body: m.body }), { method: "REGISTER", body: "" },
    "the INVITE after Content-Length: 0 is ignored trailing octets of the datagram"),
  valid("semiuri", "RFC 4475 §3.1.1.9 semiuri", (m) => ({ user: parseUri(req(m).uri).user, host: parseUri(req(m).uri).host, accept: m.headers.getAll("accept").length }), {
    user: "user;par=u@example.net", host: "cc.example.kr", accept: 6,
  }),
  valid("transports", "RFC 4475 §3.1.1.10 transports", (m) => ({ transports: m.headers.getAll("via").map((v) => parseVia(v).transport) }), {
    transports: ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP", "WSS"],
  }),
  valid("mpart01", "RFC 4475 §3.1.1.11 mpart01", (m) => ({
    ends: m.body.trimEnd().endsWith("--7a9cbec02ceef655--"), fullBody: Buffer.byteLength(m.body) === Number(m.headers.get("content-length")),
  }), { ends: true, fullBody: true }),
  valid("unreason", "RFC 4475 §3.1.1.12 unreason", (m) => ({ status: res(m).status, reason: res(m).reason }), {
    status: 200, reason: "= 2**3 * 5**2 но сто девяносто девять - простое 상담원 연결됨",
  }),
  valid("noreason", "RFC 4475 §3.1.1.13 noreason", (m) => ({ status: res(m).status, reason: res(m).reason }), { status: 100, reason: "" }),
  // ── valid: RFC 4475 §3.3 (application semantics are the TU's business) ──
  valid("unksm2", "RFC 4475 §3.3.2 unksm2", (m) => ({ to: parseNameAddr(m.headers.get("to")!).uri }), { to: "isbn:2983792873" },
    "unknown schemes in To/From/Contact are accepted"),
  valid("bext01", "RFC 4475 §3.3.3 bext01", undefined, undefined, "the UAS answers 420 Bad Extension listing Unsupported"),
  valid("invut", "RFC 4475 §3.3.4 invut", undefined, undefined, "the UAS answers 415 Unsupported Media Type"),
  valid("regaut01", "RFC 4475 §3.3.5 regaut01", undefined, undefined, "the registrar challenges with 401"),
  valid("zeromf", "RFC 4475 §3.3.8 zeromf", (m) => ({ mf: m.headers.get("max-forwards") }), { mf: "0" },
    "a proxy answers 483; OPTIONS addressed to us is answered"),
  valid("cparam01", "RFC 4475 §3.3.10 cparam01", (m) => ({ contact: parseNameAddr(m.headers.get("contact")!).params.has("unknownparam") }), { contact: true },
    "without <>, ;unknownparam is a header parameter, not a URI one"),
  valid("cparam02", "RFC 4475 §3.3.11 cparam02", (m) => ({ uri: parseNameAddr(m.headers.get("contact")!).uri }), { uri: "sip:+19725552222@gw1.example.net;unknownparam" }),
  valid("regescrt", "RFC 4475 §3.3.12 regescrt", (m) => ({ headers: parseUri(parseNameAddr(m.headers.get("contact")!).uri).headers }), {
    headers: "Route=%3Csip:sip.example.com%3E",
  }),
  valid("inv2543", "RFC 4475 §3.4.1 inv2543", (m) => ({ branch: parseVia(m.headers.get("via")!).params.get("branch") ?? null }), { branch: null },
    "RFC 2543 peer: no branch, no From tag"),
  valid("compact", "RFC 3261 §7.3.3 compact forms", (m) => ({
    callId: m.headers.get("call-id"), contact: m.headers.has("contact"), supported: m.headers.getAll("supported"),
    subject: m.headers.get("subject"), event: m.headers.get("event"), allowEvents: m.headers.getAll("allow-events"), ctype: m.headers.get("content-type"),
  }), {
    callId: "compact.call.id@192.0.2.44", contact: true, supported: ["timer", "100rel"], subject: "compact forms everywhere",
    event: "presence", allowEvents: ["talk", "hold"], ctype: "application/sdp",
  }),
  valid("utf8disp", "RFC 3261 §25.1 display-name (tolerance)", (m) => ({
    from: parseNameAddr(m.headers.get("from")!).displayName, to: parseNameAddr(m.headers.get("to")!).displayName,
  }), { from: "홍길동", to: "상담센터" }, "unquoted UTF-8 display names are outside the ABNF but sent by some desk phones: tolerated"),
  valid("clshort", "RFC 3261 §18.3 (Content-Length smaller than the datagram)", (m) => ({ body: m.body }), { body: "Hello" }),
  valid("bcast", "RFC 4475 §3.3.7 bcast", (m) => ({ status: res(m).status, received: parseVia(m.headers.get("via")!).params.get("received") }), {
    status: 200, received: "255.255.255.255",
  }, "a proxy must not forward to the broadcast address"),
  // ── valid: RFC 5118 ──
  valid("ipv6-good", "RFC 5118 §4.1 ipv6-good", (m) => ({ host: parseUri(req(m).uri).host, via: parseVia(m.headers.get("via")!).host }), { host: "2001:db8::10", via: "2001:db8::9:1" }),
  valid("ipv6-port-ambiguous", "RFC 5118 §4.2 port-ambiguous", (m) => ({ host: parseUri(req(m).uri).host, port: parseUri(req(m).uri).port ?? null }), { host: "2001:db8::10:5070", port: null }),
  valid("ipv6-port-unambiguous", "RFC 5118 §4.3 port-unambiguous", (m) => ({ host: parseUri(req(m).uri).host, port: parseUri(req(m).uri).port }), { host: "2001:db8::10", port: 5070 }),
  valid("ipv6-via-noport", "RFC 5118 §4.4 via1-ipv6", (m) => {
    const v = parseVia(m.headers.get("via")!);
    return { host: v.host, port: v.port ?? null, received: v.params.get("received") };
  }, { host: "2001:db8::9:1", port: null, received: "[2001:db8::9:255]" }),
  valid("ipv6-via-port", "RFC 5118 §4.5 via2-ipv6", (m) => {
    const v = parseVia(m.headers.get("via")!);
    return { host: v.host, port: v.port, rport: v.params.get("rport") };
  }, { host: "2001:db8::9:1", port: 6050, rport: "6050" }),
  valid("ipv4-mapped", "RFC 5118 §4.6 ipv4-mapped", (m) => ({ via: parseVia(m.headers.get("via")!).host }), { via: "::ffff:192.0.2.10" }),
  valid("ipv6-mult-ip", "RFC 5118 §4.7 mult-ip-in-header", (m) => ({ vias: m.headers.getAll("via").map((v) => parseVia(v).host), contacts: m.headers.getAll("contact").length }), {
    vias: ["2001:db8::9:1", "192.0.2.1", "2001:db8::9:255"], contacts: 2,
  }),
  valid("ipv6-sdp", "RFC 5118 §4.8 ipv6-in-sdp", (m) => ({ c: m.body.includes("c=IN IP6 2001:db8::20") }), { c: true }),
  valid("ipv6-2-colons", "RFC 5118 §4.10 ipv6-correct-abnf-2-colons", (m) => ({ host: parseUri(req(m).uri).host }), { host: "2001:db8::192.0.2.1" }),
  // ── invalid requests: answered ──
  reject("badinv01", 400, "RFC 4475 §3.1.2.1 badinv01", "empty parameters (;;) in From, Via and Contact"),
  reject("clerr", 400, "RFC 4475 §3.1.2.2 clerr", "Content-Length larger than the body"),
  reject("ncl", 400, "RFC 4475 §3.1.2.3 ncl", "negative Content-Length"),
  reject("clbad", 400, "RFC 3261 §20.14", "non-numeric Content-Length"),
  reject("scalar02", 400, "RFC 4475 §3.1.2.4 scalar02", "CSeq, Max-Forwards and Expires out of range"),
  reject("quotbal", 400, "RFC 4475 §3.1.2.6 quotbal", "unterminated quoted display name"),
  reject("ltgtruri", 400, "RFC 4475 §3.1.2.7 ltgtruri", "Request-URI enclosed in <>"),
  reject("lwsruri", 400, "RFC 4475 §3.1.2.8 lwsruri", "LWS inside the Request-URI"),
  reject("lwsstart", 400, "RFC 4475 §3.1.2.9 lwsstart", "several SP between Request-Line elements"),
  reject("trws", 400, "RFC 4475 §3.1.2.10 trws", "SP at the end of the Request-Line"),
  reject("escruri", 400, "RFC 4475 §3.1.2.11 escruri", "escaped headers in the Request-URI"),
  reject("regbadct", 400, "RFC 4475 §3.1.2.13 regbadct", "addr-spec with ? not enclosed in <>"),
  reject("badaspec", 400, "RFC 4475 §3.1.2.14 badaspec", "spaces inside <> around the addr-spec"),
  reject("baddn", 400, "RFC 4475 §3.1.2.15 baddn", "non-token characters (comma) in an unquoted display name"),
  reject("badvers", 505, "RFC 4475 §3.1.2.16 badvers", "SIP/7.0"),
  reject("mismatch01", 400, "RFC 4475 §3.1.2.17 mismatch01", "CSeq method INVITE on an OPTIONS"),
  reject("mismatch02", 400, "RFC 4475 §3.1.2.18 mismatch02", "unknown method with a CSeq INVITE"),
  reject("insuf", 400, "RFC 4475 §3.3.1 insuf", "no Call-ID, From or To"),
  reject("unksm", 416, "RFC 4475 §3.3.2 unksm", "unknown Request-URI scheme"),
  reject("multi01", 400, "RFC 4475 §3.3.6 multi01", "two To, From, Call-ID and CSeq"),
  reject("mcl01", 400, "RFC 4475 §3.3.7 mcl01", "two Content-Length"),
  reject("dupfrom", 400, "RFC 3261 §7.3.1", "duplicate From"),
  reject("dupcallid", 400, "RFC 3261 §7.3.1", "Call-ID twice (long and compact form)"),
  reject("badmf", 400, "RFC 3261 §20.22", "Max-Forwards 256"),
  reject("badmf2", 400, "RFC 3261 §20.22", "Max-Forwards not a number"),
  reject("badexp", 400, "RFC 3261 §20.19", "Expires: soon"),
  reject("badcseq", 400, "RFC 3261 §20.16", "CSeq number not a number"),
  reject("hdrnocolon", 400, "RFC 3261 §7.3", "header line without a colon"),
  reject("badport", 400, "RFC 3261 §19.1.1", "Request-URI port 70000"),
  reject("badport2", 400, "RFC 3261 §19.1.1", "Request-URI port 50x0"),
  reject("ipv6-bad", 400, "RFC 5118 §4.1 ipv6-bad", "IPv6 Request-URI host without brackets"),
  reject("ipv6-3-colons", 400, "RFC 5118 §4.9 ipv6-bug-abnf-3-colons", "three colons in an IPv6 reference"),
  reject("ipv6-unterminated", 400, "RFC 5118 §4 (unterminated reference)", "[ without ]"),
  reject("ipv6-via-bad", 400, "RFC 5118 §4 (bad Via reference)", "non-hex IPv6 in the Via sent-by"),
  // ── dropped: no answer ──
  drop("scalarlg", "RFC 4475 §3.1.2.5 scalarlg", "response with an overlarge CSeq"),
  drop("bigcode", "RFC 4475 §3.1.2.19 bigcode", "response with status 4294967301"),
  drop("novia", "RFC 3261 §18.2.1", "request without Via: nowhere to send an answer"),
  drop("garbage", "RFC 3261 §7", "text that is not SIP"),
  drop("httpreq", "RFC 3261 §7", "an HTTP request on the SIP port"),
  drop("binary", "RFC 3261 §7", "binary noise"),
];

const DIR = import.meta.dir;

/** Bytes of one case, exactly as stored (literal CRLF). */
export function loadCase(name: string): Uint8Array {
  const found = TORTURE_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no torture case ${name}`);
  return new Uint8Array(readFileSync(join(DIR, found.file)));
}

/** The status a `reject-*` case expects, or undefined for valid and drop. */
export function expectedStatus(c: TortureCase): number | undefined {
  return c.expect.startsWith("reject-") ? Number(c.expect.slice(7)) : undefined;
}
