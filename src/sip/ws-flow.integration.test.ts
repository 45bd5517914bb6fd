/**
 * T2 / RFC 7118 for the browser softphone: a phone registered over WebSocket is called on its connection with an
 * offer that may take a moment to make (a WebRTC leg gathers first), and a closed WebSocket ends its calls and
 * removes its registrations at once (werift would keep the media "connected" ≈ 26 s).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Server } from "bun";
import { randomToken } from "../lib/index.ts";
import { createResponse, parseMessage, serializeMessage, type SipRequest, type SipResponse } from "./message/index.ts";
import type { SipServer } from "./sip-server.ts";
import { MemoryCredentialStore } from "./testing/memory-stores.ts";
import { testSipServer } from "./testing/test-server.ts";
import { buildRequest, digestAnswer } from "./testing/test-ua.ts";
import { WsTransport, type SipWsData } from "./transport/index.ts";
import type { CallEnd } from "./b2bua/index.ts";

let sip: SipServer;
let web: Server<SipWsData>;

beforeAll(async () => {
  sip = testSipServer({ credentials: new MemoryCredentialStore("cc.test").add("1001", "pw1001") });
  await sip.start();
  web = Bun.serve<SipWsData>({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request, server) {
      const ip = server.requestIP(request);
      return server.upgrade(request, { data: WsTransport.upgradeData(ip?.address ?? "", ip?.port ?? 0, false), headers: { "Sec-WebSocket-Protocol": "sip" } })
        ? undefined
        : new Response("no", { status: 400 });
    },
    websocket: sip.ws.handler,
  });
});

afterAll(() => {
  sip.stop();
  void web.stop(true);
});

/** A softphone's WebSocket: every SIP message it receives, parsed. */
async function softphone() {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws`, "sip");
  const inbox: (SipRequest | SipResponse)[] = [];
  ws.onmessage = (e) => inbox.push(parseMessage(String(e.data), { stream: true }) as SipRequest | SipResponse);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  const next = async (match: (m: SipRequest | SipResponse) => boolean, ms = 2000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const i = inbox.findIndex(match);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      await Bun.sleep(10);
    }
    return undefined;
  };
  const contact = `<sip:${randomToken(6)}@${randomToken(8)}.invalid;transport=ws>`;
  const spec = { method: "REGISTER", uri: "sip:127.0.0.1", from: "<sip:1001@127.0.0.1>;tag=w", to: "<sip:1001@127.0.0.1>", callId: randomToken(10), contact, transport: "WS" as const, sentBy: "x.invalid" };
  ws.send(buildRequest(spec));
  const challenge = (await next((m) => m.kind === "response" && m.status === 401)) as SipResponse;
  const authorization = digestAnswer({ challenge: challenge.headers.get("www-authenticate")!, method: "REGISTER", uri: spec.uri, username: "1001", password: "pw1001" });
  ws.send(buildRequest({ ...spec, cseq: 2, headers: [["Authorization", authorization]] }));
  const ok = (await next((m) => m.kind === "response" && m.headers.get("cseq") === "2 REGISTER")) as SipResponse;
  expect(ok.status).toBe(200);
  return { ws, next, send: (m: SipResponse) => ws.send(serializeMessage(m)) };
}

const binding = () => sip.registrar.lookup("1001").sort((a, b) => b.updatedAt - a.updatedAt)[0]!;

describe("SIP over WebSocket for the browser softphone (T2, RFC 7118)", () => {
  it("T2: MUST call a phone on the WebSocket it registered over, sending the INVITE once its offer is made", async () => {
    const phone = await softphone();
    expect(binding().source.transport).toBe("ws");
    let resolveOffer!: (sdp: string) => void;
    const call = sip.ua.call({ uri: binding().contact, target: binding().source, fromUser: "0101", toUser: "1001", domain: "127.0.0.1", sdp: new Promise((r) => (resolveOffer = r)), ringTimeoutMs: 5000 });
    expect(await phone.next((m) => m.kind === "request", 150)).toBeUndefined();
    resolveOffer("v=0\r\n");
    const invite = (await phone.next((m) => m.kind === "request" && m.method === "INVITE")) as SipRequest;
    expect(invite.body).toBe("v=0\r\n");
    expect(invite.headers.get("via")).toContain("SIP/2.0/WS ");
    const answered = new Promise<string>((r) => call.onAnswered.subscribe(r));
    const ok = createResponse(invite, 200, undefined, "ph");
    ok.headers.append("contact", "<sip:x@y.invalid;transport=ws>");
    ok.body = "v=1\r\n";
    phone.send(ok);
    expect(await answered).toBe("v=1\r\n");
    expect(await phone.next((m) => m.kind === "request" && m.method === "ACK")).toBeDefined();

    const ended = new Promise<CallEnd>((r) => call.onEnded.subscribe(r));
    phone.ws.close();
    expect(await ended).toEqual({ by: "remote", cause: "bye" });
    expect(sip.ua.size).toBe(0);
    expect(sip.registrar.lookup("1001")).toEqual([]);
  });

  it("T8: MUST send nothing when the call is cancelled before its offer is made, and fail the call when no offer can be made", async () => {
    const phone = await softphone();
    let resolveOffer!: (sdp: string) => void;
    const cancelled = sip.ua.call({ uri: binding().contact, target: binding().source, fromUser: "0101", toUser: "1001", domain: "127.0.0.1", sdp: new Promise((r) => (resolveOffer = r)), ringTimeoutMs: 5000 });
    cancelled.cancel();
    resolveOffer("v=0\r\n");
    expect(await phone.next((m) => m.kind === "request", 200)).toBeUndefined();

    const failed = sip.ua.call({ uri: binding().contact, target: binding().source, fromUser: "0101", toUser: "1001", domain: "127.0.0.1", sdp: Promise.reject(new Error("no port")), ringTimeoutMs: 5000 });
    expect(await new Promise<CallEnd>((r) => failed.onEnded.subscribe(r))).toEqual({ by: "system", cause: "failed" });
    phone.ws.close();
  });

  it("T2: a WebSocket closing while its phone rings MUST end the ringing call as failed", async () => {
    const phone = await softphone();
    const call = sip.ua.call({ uri: binding().contact, target: binding().source, fromUser: "0101", toUser: "1001", domain: "127.0.0.1", sdp: "v=0\r\n", ringTimeoutMs: 5000 });
    expect(await phone.next((m) => m.kind === "request" && m.method === "INVITE")).toBeDefined();
    const ended = new Promise<CallEnd>((r) => call.onEnded.subscribe(r));
    phone.ws.close();
    expect(await ended).toEqual({ by: "remote", cause: "failed" });
  });

  it("T5/T2 (issue 15): a closed WebSocket's bindings MUST be removed at once, so calls go only to the phones still connected", async () => {
    const kept = await softphone();
    const closing = await softphone();
    const flows = () => sip.registrar.lookup("1001").map((b) => b.source.connectionId);
    const closingFlow = binding().source.connectionId;
    expect(flows()).toContain(closingFlow);
    closing.ws.close();
    for (let i = 0; i < 100 && flows().includes(closingFlow); i++) await Bun.sleep(10);
    expect(flows()).not.toContain(closingFlow);
    // The newest binding is now the connected phone's: a call reaches it, and nothing is sent to the closed one.
    const call = sip.ua.call({ uri: binding().contact, target: binding().source, fromUser: "0101", toUser: "1001", domain: "127.0.0.1", sdp: "v=0\r\n", ringTimeoutMs: 5000 });
    const invite = (await kept.next((m) => m.kind === "request" && m.method === "INVITE")) as SipRequest | undefined;
    expect(invite?.headers.get("call-id")).toBe(call.callId);
    call.cancel();
    kept.ws.close();
  });
});
