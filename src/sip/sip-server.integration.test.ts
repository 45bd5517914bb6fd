import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { randomToken, silentLogger, systemClock } from "../lib/index.ts";
import type { SipRequest, SipResponse } from "./message/index.ts";
import { SipServer } from "./sip-server.ts";
import { MemoryBanStore, MemoryCredentialStore, MemoryLocationStore } from "./testing/memory-stores.ts";
import { digestAnswer, TestUa } from "./testing/test-ua.ts";

const REALM = "cc.test";
let server: SipServer;
const uas: TestUa[] = [];

beforeAll(async () => {
  server = new SipServer({
    bindAddress: "127.0.0.1",
    port: 0,
    realm: REALM,
    registrar: { minExpires: 60, maxExpires: 3600, defaultExpires: 600 },
    security: { rateLimitPerSecond: 1000, authFailuresBeforeBan: 5, banSeconds: 600, scannerUserAgents: ["friendly-scanner", "sipvicious"] },
    nonceSeconds: 300,
    digestAlgorithms: ["SHA-256", "MD5"],
    credentials: new MemoryCredentialStore(REALM).add("1001", "pw1001").add("1002", "pw1002"),
    locations: new MemoryLocationStore(),
    bans: new MemoryBanStore(),
    clock: systemClock,
    log: silentLogger,
  });
  await server.start();
});

afterAll(() => {
  for (const ua of uas) ua.close();
  server.stop();
});

async function ua(kind: "udp" | "tcp", host?: string): Promise<TestUa> {
  const created = kind === "udp" ? await TestUa.udp(server.port, host) : await TestUa.tcp(server.port);
  uas.push(created);
  return created;
}

/** Poll `cond` every 10 ms for at most `ms`. */
async function waitFor(cond: () => boolean, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return cond();
}

function options(phone: TestUa, extra: Array<[string, string]> = []): string {
  const callId = randomToken(10);
  phone.request({ method: "OPTIONS", uri: `sip:${REALM}`, from: "<sip:probe@cc.test>;tag=o", to: `<sip:${REALM}>`, callId, headers: extra });
  return callId;
}

/** REGISTER, answer the challenge, return the final response. */
async function register(phone: TestUa, user: string, password: string, algorithm = "MD5"): Promise<SipResponse | undefined> {
  const callId = randomToken(10);
  const spec = { method: "REGISTER", uri: `sip:${REALM}`, from: `<sip:${user}@${REALM}>;tag=r`, to: `<sip:${user}@${REALM}>`, callId, contact: `<sip:${user}@${phone.hostPort}${phone.transport === "TCP" ? ";transport=tcp" : ""}>` };
  phone.request({ ...spec, cseq: 1 });
  const challenge = await phone.response(callId, 401);
  const value = challenge?.headers.getAll("www-authenticate").find((v) => v.includes(`algorithm=${algorithm}`));
  if (!value) return challenge;
  const authorization = digestAnswer({ challenge: value, method: "REGISTER", uri: spec.uri, username: user, password });
  phone.request({ ...spec, cseq: 2, headers: [["Authorization", authorization]] });
  return (await phone.next((m) => m.kind === "response" && m.status >= 200 && m.headers.get("cseq") === "2 REGISTER" && m.headers.get("call-id") === callId)) as SipResponse | undefined;
}

describe("SipServer over real sockets", () => {
  it("T6: MUST answer OPTIONS with 200 over UDP, noting received/rport (T2)", async () => {
    const phone = await ua("udp");
    const callId = options(phone);
    const ok = await phone.response(callId, 200);
    expect(ok?.headers.get("allow")).toContain("INVITE");
    expect(ok?.headers.get("via")).toContain(`rport=${phone.localPort}`);
    expect(ok?.headers.get("via")).toContain("received=127.0.0.1");
  });

  it("T6: MUST answer OPTIONS with 200 over TCP and answer a CRLF keep-alive (T2)", async () => {
    const phone = await ua("tcp");
    expect(await phone.response(options(phone), 200)).toBeDefined();
    phone.send("\r\n\r\n");
    expect(await waitFor(() => phone.pongs > 0)).toBe(true);
    expect(await phone.response(options(phone), 200)).toBeDefined();
  });

  it("T4/T5: MUST challenge a REGISTER with 401 and bind after an authenticated one", async () => {
    const phone = await ua("udp");
    const ok = await register(phone, "1001", "pw1001");
    expect(ok?.status).toBe(200);
    expect(ok?.headers.getAll("contact")).toEqual([`<sip:1001@${phone.hostPort}>;expires=600`]);
    expect(server.registrations().find((b) => b.aor === "1001")?.source).toMatchObject({ transport: "udp", address: "127.0.0.1", port: phone.localPort });
  });

  it("T3/T4: MUST answer a retransmitted REGISTER with the same 401, and register with its nonce", async () => {
    const phone = await ua("udp");
    const callId = randomToken(10);
    const spec = { method: "REGISTER", uri: `sip:${REALM}`, from: "<sip:1001@cc.test>;tag=r", to: "<sip:1001@cc.test>", callId, contact: `<sip:1001@${phone.hostPort}>` };
    const branch = `z9hG4bK${randomToken(10)}`;
    phone.request({ ...spec, cseq: 1, branch });
    const first = (await phone.response(callId, 401))!;
    phone.request({ ...spec, cseq: 1, branch }); // the retransmission: same branch, same bytes
    const second = (await phone.response(callId, 401))!;
    expect(second.headers.getAll("www-authenticate")).toEqual(first.headers.getAll("www-authenticate"));
    phone.request({ ...spec, cseq: 2 }); // a new request: a new challenge
    const third = (await phone.response(callId, 401))!;
    expect(third.headers.get("www-authenticate")).not.toBe(first.headers.get("www-authenticate"));
    const authorization = digestAnswer({ challenge: second.headers.get("www-authenticate")!, method: "REGISTER", uri: spec.uri, username: "1001", password: "pw1001" });
    phone.request({ ...spec, cseq: 3, headers: [["Authorization", authorization]] });
    expect(await phone.response(callId, 200)).toBeDefined();
  });

  it("T5: MUST refuse to register another extension with one's own credentials (403)", async () => {
    const phone = await ua("udp");
    const callId = randomToken(10);
    const spec = { method: "REGISTER", uri: `sip:${REALM}`, from: "<sip:1002@cc.test>;tag=r", to: "<sip:1002@cc.test>", callId, contact: `<sip:1002@${phone.hostPort}>` };
    phone.request(spec);
    const challenge = (await phone.response(callId, 401))!.headers.get("www-authenticate")!;
    phone.request({ ...spec, cseq: 2, headers: [["Authorization", digestAnswer({ challenge, method: "REGISTER", uri: spec.uri, username: "1001", password: "pw1001" })]] });
    expect(await phone.response(callId, 403)).toBeDefined();
  });

  it("T6: MUST carry a call 1001 → 1002 through the proxy (407, Record-Route, 180/200, ACK, BYE)", async () => {
    const callee = await ua("tcp");
    const caller = await ua("tcp");
    // Earlier UDP tests leave transactions waiting out Timer J (32 s): count from here.
    const before = server.transactionCounts();
    expect((await register(callee, "1002", "pw1002", "SHA-256"))?.status).toBe(200);
    const callId = randomToken(12);
    const dialog = { uri: `sip:1002@${REALM}`, from: "<sip:1001@cc.test>;tag=caller", to: "<sip:1002@cc.test>", callId, contact: `<sip:1001@${caller.hostPort};transport=tcp>` };
    const branch1 = `z9hG4bK${randomToken(10)}`;
    caller.request({ ...dialog, method: "INVITE", cseq: 1, branch: branch1 });
    const challenge = (await caller.response(callId, 407, "INVITE"))!;
    caller.request({ ...dialog, method: "ACK", cseq: 1, branch: branch1, to: challenge.headers.get("to")! });
    const proxyAuthorization = digestAnswer({ challenge: challenge.headers.get("proxy-authenticate")!, method: "INVITE", uri: dialog.uri, username: "1001", password: "pw1001" });
    caller.request({ ...dialog, method: "INVITE", cseq: 2, headers: [["Proxy-Authorization", proxyAuthorization]] });

    const incoming = (await callee.requestOf("INVITE"))!;
    expect(incoming.uri).toBe(`sip:1002@${callee.hostPort};transport=tcp`);
    expect(incoming.headers.getAll("record-route")).toEqual([`<sip:127.0.0.1:${server.port};transport=tcp;lr>`]);
    expect(incoming.headers.has("proxy-authorization")).toBe(false);
    expect(incoming.headers.get("max-forwards")).toBe("69");
    callee.reply(incoming, 180, "callee");
    expect(await caller.response(callId, 180, "INVITE")).toBeDefined();
    callee.reply(incoming, 200, "callee", [["Contact", `<sip:1002@${callee.hostPort};transport=tcp>`]]);
    const answered = (await caller.response(callId, 200, "INVITE"))!;
    expect(answered.headers.getAll("via")).toHaveLength(1);

    const route: Array<[string, string]> = answered.headers.getAll("record-route").reverse().map((rr) => ["Route", rr]);
    const inDialog = { ...dialog, uri: `sip:1002@${callee.hostPort};transport=tcp`, to: answered.headers.get("to")!, headers: route };
    caller.request({ ...inDialog, method: "ACK", cseq: 2 });
    const ack = await callee.requestOf("ACK");
    expect(ack?.headers.has("route")).toBe(false);
    caller.request({ ...inDialog, method: "BYE", cseq: 3 });
    const bye = (await callee.requestOf("BYE")) as SipRequest;
    expect(bye).toBeDefined();
    callee.reply(bye, 200, "callee");
    expect(await caller.response(callId, 200, "BYE")).toBeDefined();
    // Over TCP every non-INVITE transaction ends at once; only the two INVITE transactions in
    // Accepted remain (RFC 6026 Timer L/M = 64*T1 even on reliable transports).
    const expected = { client: before.client + 1, server: before.server + 1 };
    await waitFor(() => Bun.deepEquals(server.transactionCounts(), expected));
    expect(server.transactionCounts()).toEqual(expected);
  }, 10_000);

  it("T6: MUST answer 404 for an unknown extension and 481 for a BYE of no dialog", async () => {
    const phone = await ua("tcp");
    const callId = randomToken(10);
    const base = { uri: `sip:4242@${REALM}`, from: "<sip:1001@cc.test>;tag=a", to: "<sip:4242@cc.test>", callId };
    phone.request({ ...base, method: "INVITE" });
    const challenge = (await phone.response(callId, 407))!;
    phone.request({ ...base, method: "ACK", to: challenge.headers.get("to")! });
    const answer = digestAnswer({ challenge: challenge.headers.get("proxy-authenticate")!, method: "INVITE", uri: base.uri, username: "1001", password: "pw1001" });
    phone.request({ ...base, method: "INVITE", cseq: 2, headers: [["Proxy-Authorization", answer]] });
    expect(await phone.response(callId, 404, "INVITE")).toBeDefined();
    phone.request({ ...base, method: "BYE", cseq: 3, to: "<sip:4242@cc.test>;tag=nope" });
    expect(await phone.response(callId, 481, "BYE")).toBeDefined();
  });

  it("T1: MUST answer a malformed request with 400 and keep answering OPTIONS", async () => {
    const phone = await ua("udp");
    const callId = randomToken(10);
    phone.send(`OPTIONS sip:${REALM} SIP/2.0\r\nVia: SIP/2.0/UDP ${phone.hostPort};branch=z9hG4bKbad1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`);
    expect(await phone.response(callId, 400)).toBeDefined();
    phone.send("\x00\x01 garbage \r\n\r\n");
    expect(await phone.response(options(phone), 200)).toBeDefined();
  });

  it("T1: MUST answer a malformed request with the fixed phrase 'Bad Request', never echoing its input", async () => {
    const phone = await ua("udp");
    const callId = randomToken(10);
    phone.send(`OPTIONS sip:${REALM} SIP/2.0\r\nVia: SIP/2.0/UDP ${phone.hostPort};branch=z9hG4bKbad2\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: ${callId}\r\nCSeq: 1 <script>alert(1)</script>\r\nContent-Length: 0\r\n\r\n`);
    const r = await phone.response(callId, 400);
    expect(r?.reason).toBe("Bad Request");
  });

  it("T9: MUST answer Max-Forwards: 0 with 483 before asking for credentials", async () => {
    const phone = await ua("udp");
    const callId = randomToken(10);
    phone.request({ method: "INVITE", uri: `sip:1002@${REALM}`, from: "<sip:x@cc.test>;tag=m", to: "<sip:1002@cc.test>", callId, maxForwards: 0 });
    expect(await phone.response(callId, 483)).toBeDefined();
    expect(await phone.next((m) => m.kind === "response" && m.status === 407 && m.headers.get("call-id") === callId, 200)).toBeUndefined();
  });

  it("T1: MUST answer an unknown option tag in Require or Proxy-Require with 420 naming it in Unsupported", async () => {
    const phone = await ua("udp");
    for (const header of ["Require", "Proxy-Require"]) {
      const callId = randomToken(10);
      phone.request({ method: "INVITE", uri: `sip:1002@${REALM}`, from: "<sip:x@cc.test>;tag=q", to: "<sip:1002@cc.test>", callId, headers: [[header, "path, x-nonsense"]] });
      const r = await phone.response(callId, 420);
      expect(r?.headers.get("unsupported")).toBe("x-nonsense");
    }
  });

  it("T4: MUST refuse digest credentials whose uri is not the Request-URI (a captured answer replayed elsewhere)", async () => {
    const phone = await ua("tcp");
    const callId = randomToken(10);
    const base = { uri: `sip:1002@${REALM}`, from: "<sip:1001@cc.test>;tag=u", to: "<sip:1002@cc.test>", callId };
    phone.request({ ...base, method: "INVITE" });
    const challenge = (await phone.response(callId, 407))!;
    phone.request({ ...base, method: "ACK", to: challenge.headers.get("to")! });
    const elsewhere = digestAnswer({ challenge: challenge.headers.get("proxy-authenticate")!, method: "INVITE", uri: `sip:4242@${REALM}`, username: "1001", password: "pw1001" });
    phone.request({ ...base, method: "INVITE", cseq: 2, headers: [["Proxy-Authorization", elsewhere]] });
    expect(await phone.response(callId, 407, "INVITE")).toBeDefined();
  });

  it("T9: MUST drop requests from scanner user-agents without an answer", async () => {
    const phone = await ua("udp");
    const callId = options(phone, [["User-Agent", "friendly-scanner"]]);
    expect(await phone.next((m) => m.headers.get("call-id") === callId, 300)).toBeUndefined();
  });

  it("T9: MUST ban a source after repeated authentication failures, and answer again once lifted", async () => {
    const attacker = await ua("udp", "127.0.0.2");
    const neighbour = await ua("udp");
    const answers: SipResponse[] = [];
    for (let i = 0; i < 5; i++) {
      const callId = randomToken(10);
      const user = i % 2 === 0 ? "1001" : "9999";
      const spec = { method: "REGISTER", uri: `sip:${REALM}`, from: `<sip:${user}@cc.test>;tag=r`, to: `<sip:${user}@cc.test>`, callId, contact: `<sip:${user}@${attacker.hostPort}>` };
      attacker.request(spec);
      const challenge = (await attacker.response(callId, 401))!.headers.get("www-authenticate")!;
      attacker.request({ ...spec, cseq: 2, headers: [["Authorization", digestAnswer({ challenge, method: "REGISTER", uri: spec.uri, username: user, password: "guess" })]] });
      answers.push((await attacker.response(callId, 401))!);
    }
    // T4: an unknown user gets exactly what a wrong password gets.
    const shape = (r: SipResponse) => [r.status, r.reason, [...r.headers].map(([n]) => n).join(",")];
    expect(shape(answers[1]!)).toEqual(shape(answers[0]!));
    expect(server.listBans().map((b) => b.address)).toEqual(["127.0.0.2"]);
    const silenced = options(attacker);
    expect(await attacker.next((m) => m.headers.get("call-id") === silenced, 300)).toBeUndefined();
    expect(await neighbour.response(options(neighbour), 200)).toBeDefined();
    expect(server.liftBan("127.0.0.2")).toBe(true);
    expect(await attacker.response(options(attacker), 200)).toBeDefined();
  }, 10_000);
});
