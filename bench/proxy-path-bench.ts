/**
 * The SIP hot path of a proxied call, in-process (issue 12): the messages of `npm run bench`'s call
 * (INVITE → 407 → ACK, INVITE with Proxy-Authorization → 100 + forwarded INVITE, 180, 200, ACK, BYE,
 * 200) handed to a real `SipServer` as its UDP transport would, its answers taken where the transport
 * would send them. No sockets, no SIPp, no database: the figure is the server's own time per call
 * (parse, transactions, proxy, digest check, serialize), steady within a few per cent from run to
 * run, so a change to the hot path can be judged in seconds before `npm run bench` confirms it.
 *
 * With `--registers N`, registrations instead: N digest REGISTERs (REGISTER → 401, REGISTER with
 * Authorization → 200) of 400 extensions, each with a new Call-ID as SIPp's register.xml sends them.
 *
 * At the end it prints the heap the finished work keeps alive per operation (what is held for Timer
 * J/L/M), and with `--heap-snapshot FILE` writes a heap snapshot to look into.
 *
 * With `--phones N`, N other extensions' phones are registered before the callee's (as `npm run bench`'s
 * REGISTER phase leaves its 400 agents registered), so lookups that grow with the bindings show.
 *
 * Usage: bun bench/proxy-path-bench.ts [--calls 20000] [--registers 0] [--phones 0] [--rounds 3] [--wave 50] [--heap-snapshot FILE]
 * Calls run in waves of `--wave` calls, step by step (all INVITEs, then all 407 ACKs …), so that
 * many transactions are alive at once as under load. Every loop is bounded.
 */
import { parseChallenge, hexHash } from "../src/sip/testing/test-ua.ts";
import { benchOptions } from "./bench-options.ts";
import { testSipServer } from "../src/sip/testing/test-server.ts";
import { MemoryCredentialStore } from "../src/sip/testing/memory-stores.ts";
import type { Endpoint } from "../src/sip/transport/index.ts";
import { parseMessage, type SipMessage, type SipResponse } from "../src/sip/message/index.ts";

const options = benchOptions();
const CALLS = options.number("calls", 20_000);
const ROUNDS = options.number("rounds", 3);
const WAVE = options.number("wave", 50);
const REGISTERS = options.number("registers", 0);
const USERS = 400;
const PHONES = Math.min(USERS - 2, options.number("phones", 0)); // 1003 …: 1001 calls, 1002 answers
const REALM = "cc.bench";

const credentials = new MemoryCredentialStore(REALM);
for (let u = 1001; u <= 1000 + USERS; u++) credentials.add(String(u), `pw${u}`);
const server = testSipServer({ realm: REALM, credentials, security: { rateLimitPerSecond: 1e9, authFailuresBeforeBan: 1e9, banSeconds: 60, scannerUserAgents: [] } });
await server.start();
const port = server.port;
const host = `127.0.0.1:${port}`;
const CALLER: Endpoint = { transport: "udp", address: "127.0.0.1", port: 7001 };
const CALLEE: Endpoint = { transport: "udp", address: "127.0.0.1", port: 7002 };

// Where the UDP transport would send: collected by destination port instead.
const outbox = new Map<number, string[]>();
const udp = (server as unknown as { udp: { send(data: string, target: Endpoint): boolean } }).udp;
udp.send = (data, target) => {
  let q = outbox.get(target.port);
  if (!q) outbox.set(target.port, (q = []));
  q.push(data);
  return true;
};
const inbound = (server as unknown as { inbound(bytes: Uint8Array, source: Endpoint): void }).inbound.bind(server);
const encoder = new TextEncoder();
let serverNs = 0;
const deliver = (text: string, from: Endpoint) => {
  const bytes = encoder.encode(text);
  const t = Bun.nanoseconds();
  inbound(bytes, from);
  serverNs += Bun.nanoseconds() - t;
};
const take = (p: number): SipMessage[] => {
  const q = outbox.get(p) ?? [];
  outbox.set(p, []);
  return q.map((s) => { try { return parseMessage(s); } catch (e) { throw new Error(`${e}\n${s}`); } });
};

const lines = (...l: string[]) => `${l.join("\r\n")}\r\n`;
const withBody = (head: string[], body: string) => `${lines(...head, "Content-Type: application/sdp", `Content-Length: ${body.length}`)}\r\n${body}`;
const noBody = (head: string[]) => `${lines(...head, "Content-Length: 0")}\r\n`;
const sdp = (p: Endpoint) => `v=0\r\no=- 1 1 IN IP4 ${p.address}\r\ns=-\r\nc=IN IP4 ${p.address}\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;

// A phone registers (digest, as a phone does).
async function register(user: string, password: string, at: Endpoint): Promise<void> {
  const head = (cseq: number, extra: string[] = []) => [
    `REGISTER sip:${host} SIP/2.0`, `Via: SIP/2.0/UDP ${at.address}:${at.port};branch=z9hG4bKreg${user}-${cseq};rport`,
    `From: <sip:${user}@${host}>;tag=r1`, `To: <sip:${user}@${host}>`, `Call-ID: reg-${user}`, `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${user}@${at.address}:${at.port};transport=udp>`, "Expires: 3600", "Max-Forwards: 70", ...extra,
  ];
  deliver(noBody(head(1)), at);
  const challenge = (take(at.port)[0] as SipResponse).headers.get("www-authenticate")!;
  deliver(noBody(head(2, [`Authorization: ${answer(challenge, "REGISTER", `sip:${host}`, user, password)}`])), at);
  const ok = take(at.port)[0] as SipResponse;
  if (ok.status !== 200) throw new Error(`registration of ${user}: ${ok.status}`);
}

function answer(challenge: string, method: string, uri: string, username: string, password: string): string {
  const c = parseChallenge(challenge);
  const nonce = c.get("nonce") ?? "";
  const ha1 = hexHash("MD5", `${username}:${REALM}:${password}`);
  const ha2 = hexHash("MD5", `${method}:${uri}`);
  const cnonce = "0a4f113b";
  const response = hexHash("MD5", `${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
  return `Digest username="${username}", realm="${REALM}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`;
}

/** Copy the dialog-forming headers of a request into a response (as a UAS does). */
function reply(req: SipMessage, status: string, toTag: string, extra: string[], body?: string): string {
  const h = req.headers;
  const head = [`SIP/2.0 ${status}`, ...h.getAll("via").map((v) => `Via: ${v}`), ...h.getAll("record-route").map((r) => `Record-Route: ${r}`),
    `From: ${h.get("from")}`, `To: ${h.get("to")}${toTag ? `;tag=${toTag}` : ""}`, `Call-ID: ${h.get("call-id")}`, `CSeq: ${h.get("cseq")}`, ...extra];
  return body === undefined ? noBody(head) : withBody(head, body);
}

interface Call { n: number; callId: string; fromTag: string; branch: string; invite?: SipMessage; routes: string[] }

let rounds = 0;
async function round(calls: number): Promise<{ ns: number; messages: number }> {
  serverNs = 0;
  const roundId = (rounds++).toString(36);
  let messages = 0;
  const send = (text: string, from: Endpoint) => {
    messages++;
    deliver(text, from);
  };
  const callerInvite = (c: Call, cseq: number, extra: string[]) => withBody([
    `INVITE sip:1002@${host} SIP/2.0`, `Via: SIP/2.0/UDP ${CALLER.address}:${CALLER.port};branch=z9hG4bK${c.branch}-${cseq};rport`,
    `From: <sip:1001@${host}>;tag=${c.fromTag}`, `To: <sip:1002@${host}>`, `Call-ID: ${c.callId}`, `CSeq: ${cseq} INVITE`,
    `Contact: <sip:1001@${CALLER.address}:${CALLER.port};transport=udp>`, ...extra, "Max-Forwards: 70", "User-Agent: cc-bench",
  ], sdp(CALLER));
  for (let start = 0; start < calls; start += WAVE) {
    const wave: Call[] = [];
    for (let i = start; i < Math.min(calls, start + WAVE); i++) {
      const id = `${roundId}x${i}`;
      wave.push({ n: i, callId: `${id}@bench`, fromTag: `f${i}`, branch: id, routes: [] });
    }
    const challenges: string[] = [];
    for (const c of wave) {
      send(callerInvite(c, 1, []), CALLER);
      const r407 = take(CALLER.port).find((m) => m.kind === "response" && m.status === 407) as SipResponse;
      challenges.push(r407.headers.get("proxy-authenticate")!);
      send(noBody([`ACK sip:1002@${host} SIP/2.0`, `Via: SIP/2.0/UDP ${CALLER.address}:${CALLER.port};branch=z9hG4bK${c.branch}-1;rport`,
        `From: <sip:1001@${host}>;tag=${c.fromTag}`, `To: ${r407.headers.get("to")}`, `Call-ID: ${c.callId}`, "CSeq: 1 ACK", "Max-Forwards: 70"]), CALLER);
    }
    wave.forEach((c, i) => send(callerInvite(c, 2, [`Proxy-Authorization: ${answer(challenges[i]!, "INVITE", `sip:1002@${host}`, "1001", "pw1001")}`]), CALLER));
    const forwarded = take(CALLEE.port).filter((m) => m.kind === "request" && m.method === "INVITE");
    take(CALLER.port); // the 100s
    if (forwarded.length !== wave.length) throw new Error(`forwarded ${forwarded.length} of ${wave.length} INVITEs`);
    const byId = new Map(wave.map((c) => [c.callId, c]));
    for (const inv of forwarded) byId.get(inv.headers.get("call-id")!)!.invite = inv;
    for (const c of wave) send(reply(c.invite!, "180 Ringing", `t${c.n}`, []), CALLEE);
    for (const c of wave) send(reply(c.invite!, "200 OK", `t${c.n}`, [`Contact: <sip:1002@${CALLEE.address}:${CALLEE.port};transport=udp>`], sdp(CALLEE)), CALLEE);
    const answered = take(CALLER.port).filter((m) => m.kind === "response" && m.status === 200);
    if (answered.length !== wave.length) throw new Error(`answered ${answered.length} of ${wave.length}`);
    for (const ok of answered) byId.get(ok.headers.get("call-id")!)!.routes = ok.headers.getAll("record-route").reverse();
    const inDialog = (c: Call, method: string, cseq: number) => noBody([
      `${method} sip:1002@${CALLEE.address}:${CALLEE.port};transport=udp SIP/2.0`, `Via: SIP/2.0/UDP ${CALLER.address}:${CALLER.port};branch=z9hG4bK${c.branch}-${method};rport`,
      ...c.routes.map((r) => `Route: ${r}`), `From: <sip:1001@${host}>;tag=${c.fromTag}`, `To: <sip:1002@${host}>;tag=t${c.n}`, `Call-ID: ${c.callId}`,
      `CSeq: ${cseq} ${method}`, "Max-Forwards: 70",
    ]);
    for (const c of wave) send(inDialog(c, "ACK", 2), CALLER);
    for (const c of wave) send(inDialog(c, "BYE", 3), CALLER);
    const byes = take(CALLEE.port).filter((m) => m.kind === "request" && m.method === "BYE");
    if (byes.length !== wave.length) throw new Error(`BYEs forwarded ${byes.length} of ${wave.length}`);
    for (const bye of byes) send(reply(bye, "200 OK", "", []), CALLEE);
    const done = take(CALLER.port).filter((m) => m.kind === "response" && m.status === 200);
    if (done.length !== wave.length) throw new Error(`BYE answered ${done.length} of ${wave.length}`);
    await new Promise((r) => setImmediate(r)); // let the loop turn end (timers, group work)
  }
  return { ns: serverNs, messages };
}

/** `n` registrations in waves: every REGISTER of a wave, then every answer to its 401. */
async function registerRound(n: number): Promise<number> {
  serverNs = 0;
  const roundId = (rounds++).toString(36);
  const head = (i: number, at: Endpoint, cseq: number, extra: string[]) => {
    const user = String(1001 + (i % USERS));
    return noBody([
      `REGISTER sip:${host} SIP/2.0`, `Via: SIP/2.0/UDP ${at.address}:${at.port};branch=z9hG4bK${roundId}r${i}-${cseq};rport`,
      `From: <sip:${user}@127.0.0.1>;tag=${roundId}r${i}`, `To: <sip:${user}@127.0.0.1>`, `Call-ID: ${roundId}-${i}@bench`, `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${user}@${at.address}:${at.port};transport=UDP>`, ...extra, "Max-Forwards: 70", "Expires: 600", "User-Agent: cc-bench",
    ]);
  };
  for (let start = 0; start < n; start += WAVE) {
    const end = Math.min(n, start + WAVE);
    const challenges: string[] = [];
    for (let i = start; i < end; i++) {
      deliver(head(i, CALLER, 1, []), CALLER);
      challenges.push((take(CALLER.port)[0] as SipResponse).headers.get("www-authenticate")!);
    }
    for (let i = start; i < end; i++) {
      const user = String(1001 + (i % USERS));
      deliver(head(i, CALLER, 2, [`Authorization: ${answer(challenges[i - start]!, "REGISTER", `sip:${host}`, user, `pw${user}`)}`]), CALLER);
    }
    const oks = take(CALLER.port).filter((m) => m.kind === "response" && m.status === 200);
    if (oks.length !== end - start) throw new Error(`registered ${oks.length} of ${end - start}`);
    await new Promise((r) => setImmediate(r));
  }
  return serverNs;
}

const phones: Endpoint = { transport: "udp", address: "127.0.0.1", port: 7003 };
for (let u = 1003; u < 1003 + PHONES; u++) await register(String(u), `pw${u}`, phones);
await register("1002", "pw1002", CALLEE);
const { heapStats } = await import("bun:jsc");
const heapNow = () => {
  Bun.gc(true);
  return heapStats().heapSize;
};
const heapBefore = heapNow();
if (REGISTERS > 0) {
  await registerRound(Math.min(4000, REGISTERS)); // warm-up: JIT
  out(`registrations in-process: ${REGISTERS} per round, waves of ${WAVE}, Bun ${Bun.version}`);
  for (let r = 0; r < ROUNDS; r++) out(`  round ${r + 1}: ${(await registerRound(REGISTERS) / REGISTERS / 1000).toFixed(1)} µs per registration (server time, two REGISTERs)`);
} else {
  await round(Math.min(2000, CALLS)); // warm-up: JIT
  out(`proxy path in-process: ${CALLS} calls per round, waves of ${WAVE}, Bun ${Bun.version}`);
  for (let r = 0; r < ROUNDS; r++) {
    const { ns, messages } = await round(CALLS);
    out(`  round ${r + 1}: ${(ns / CALLS / 1000).toFixed(1)} µs per call (server time), ${(ns / messages / 1000).toFixed(2)} µs per message in`);
  }
}
// What the finished work keeps alive (its transactions held for Timer J/L/M, 32 s), per operation.
const ops = ROUNDS * (REGISTERS > 0 ? REGISTERS : CALLS);
const snapshot = options.string("heap-snapshot");
if (snapshot) await Bun.write(snapshot, JSON.stringify(Bun.generateHeapSnapshot()));
const types = Object.entries(heapStats().objectTypeCounts).sort((a, b) => b[1] - a[1]).slice(0, 8);
out(`  heap kept: ${((heapNow() - heapBefore) / ops).toFixed(0)} bytes per ${REGISTERS > 0 ? "registration" : "call"} (${ops} in the last 32 s); most objects: ${types.map(([t, n]) => `${t} ${n}`).join(", ")}`);
await server.stop();
process.exit(0);

function out(s: string): void {
  process.stdout.write(`${s}\n`);
}
