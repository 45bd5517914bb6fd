/**
 * M1/T2 in the telephony layer: a phone registered over WebSocket (the browser softphone) is rung with a WebRTC
 * offer and its media comes up over DTLS-SRTP; a WebRTC INVITE to a service number is answered with WebRTC; a desk
 * phone keeps plain RTP. A werift `CallMedia` on a real WebSocket stands in for the browser (Chromium: src/e2e).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Server } from "bun";
import { randomToken, silentLogger, systemClock } from "../lib/index.ts";
import { BufferSource, CallMedia, PortAllocator, WebRtcFactory } from "../media/index.ts";
import { WsTransport, type SipServer, type SipWsData } from "../sip/index.ts";
import { createResponse, parseMessage, serializeMessage, type SipRequest, type SipResponse } from "../sip/message/index.ts";
import { MemoryCredentialStore } from "../sip/testing/memory-stores.ts";
import { testSipServer } from "../sip/testing/test-server.ts";
import { buildRequest, digestAnswer, TestUa } from "../sip/testing/test-ua.ts";
import type { CallLeg, EndReason } from "./call-leg.ts";
import { Switchboard } from "./switchboard.ts";

const tone = new Int16Array(8000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
const allocator = new PortAllocator(32000, 32200);
let sip: SipServer;
let board: Switchboard;
let web: Server<SipWsData>;
let browserSide: WebRtcFactory;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  sip = testSipServer({
    credentials: new MemoryCredentialStore("cc.test").add("1001", "pw1001").add("1002", "pw1002"),
    routing: { isApplianceNumber: (user) => user === "15880000", isTrustedPeer: () => true },
  });
  await sip.start();
  board = new Switchboard({ sip, allocator, bindAddress: "127.0.0.1", prompts: async (_r, loop) => new BufferSource(tone, loop), clock: systemClock, log: silentLogger });
  await board.start();
  browserSide = await WebRtcFactory.start({ bindAddress: "127.0.0.1" });
  web = Bun.serve<SipWsData>({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request, server) =>
      server.upgrade(request, { data: WsTransport.upgradeData("127.0.0.1", server.requestIP(request)?.port ?? 0, false), headers: { "Sec-WebSocket-Protocol": "sip" } }) ? undefined : new Response("no", { status: 400 }),
    websocket: sip.ws.handler,
  });
});

afterAll(() => {
  for (const c of cleanups) c();
  board.close();
  sip.stop();
  void web.stop(true);
});

/** A browser softphone's signalling: a WebSocket to /ws that registered `ext`. */
async function softphone(ext: string, password: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws`, "sip");
  cleanups.push(() => ws.close());
  const inbox: (SipRequest | SipResponse)[] = [];
  ws.onmessage = (e) => inbox.push(parseMessage(String(e.data), { stream: true }) as SipRequest | SipResponse);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  const next = async (match: (m: SipRequest | SipResponse) => boolean, ms = 3000) => {
    for (const until = Date.now() + ms; Date.now() < until; await Bun.sleep(10)) {
      const i = inbox.findIndex(match);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
    }
    return undefined;
  };
  const spec = { method: "REGISTER", uri: "sip:127.0.0.1", from: `<sip:${ext}@127.0.0.1>;tag=w`, to: `<sip:${ext}@127.0.0.1>`, callId: randomToken(10), contact: `<sip:${randomToken(6)}@x.invalid;transport=ws>`, transport: "WS" as const, sentBy: "x.invalid" };
  ws.send(buildRequest(spec));
  const challenge = (await next((m) => m.kind === "response" && m.status === 401)) as SipResponse;
  ws.send(buildRequest({ ...spec, cseq: 2, headers: [["Authorization", digestAnswer({ challenge: challenge.headers.get("www-authenticate")!, method: "REGISTER", uri: spec.uri, username: ext, password })]] }));
  expect(((await next((m) => m.kind === "response" && m.headers.get("cseq") === "2 REGISTER")) as SipResponse).status).toBe(200);
  return { ws, next, send: (text: string) => ws.send(text) };
}

const browserMedia = () => {
  const m = CallMedia.webrtc(browserSide, { advertisedAddress: "127.0.0.1" });
  cleanups.push(() => m.close());
  return m;
};
const heard = (m: CallMedia) => {
  const got = { packets: 0 };
  m.endpoint.onPacket.subscribe(() => got.packets++);
  return got;
};

describe("WebRTC legs toward browser softphones (M1, T2)", () => {
  it("M1: MUST ring a softphone registered over WebSocket with a WebRTC offer, bring DTLS-SRTP up and end the leg when its WebSocket closes", async () => {
    const phone = await softphone("1001", "pw1001");
    const leg = board.dialExtension("1001", { callerId: "0101", ringTimeoutMs: 5000 });
    const invite = (await phone.next((m) => m.kind === "request" && m.method === "INVITE")) as SipRequest;
    expect(invite.body).toContain("m=audio");
    expect(invite.body).toContain("UDP/TLS/RTP/SAVPF 0 8 101");
    expect(invite.body).toContain("a=setup:actpass");
    expect(invite.body).toMatch(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
    const browser = browserMedia();
    await browser.prepareAnswer(invite.body);
    const ok = createResponse(invite, 200, undefined, "br");
    ok.headers.append("contact", "<sip:b@x.invalid;transport=ws>");
    ok.headers.append("content-type", "application/sdp");
    ok.body = browser.answerOffer(invite.body);
    const answered = new Promise<void>((r) => leg.onAnswered.subscribe(r));
    phone.send(serializeMessage(ok));
    await answered;
    expect(await browser.whenReady(5000)).toBe(true);
    const atBrowser = heard(browser);
    await leg.play({ kind: "tone", tone: "ringback" }).done.catch(() => {});
    const playing = leg.play({ kind: "tone", tone: "hold" }, { loop: true });
    await Bun.sleep(500);
    playing.stop();
    expect(atBrowser.packets).toBeGreaterThan(15);

    const ended = new Promise<EndReason>((r) => leg.onEnded.subscribe(r));
    phone.ws.close();
    expect(await ended).toEqual({ by: "remote", cause: "bye" });
    expect(board.liveLegs()).toBe(0);
  }, 20_000);

  it("M1: MUST answer a browser's WebRTC INVITE to a service number with a=setup:passive and play to it once DTLS is up", async () => {
    const phone = await softphone("1002", "pw1002");
    const browser = browserMedia();
    await browser.prepareOffer();
    const legs: CallLeg[] = [];
    const unsubscribe = board.onInboundCall.subscribe((leg) => {
      legs.push(leg);
      void leg.answer().then(() => leg.play({ kind: "tone", tone: "hold" }, { loop: true }));
    });
    const callId = randomToken(10);
    phone.send(buildRequest({ method: "INVITE", uri: "sip:15880000@127.0.0.1", from: "<sip:1002@127.0.0.1>;tag=b", to: "<sip:15880000@127.0.0.1>", callId, contact: "<sip:b@x.invalid;transport=ws>", transport: "WS", sentBy: "x.invalid", headers: [["Content-Type", "application/sdp"]], body: browser.offer() }));
    const ok = (await phone.next((m) => m.kind === "response" && m.status === 200)) as SipResponse;
    unsubscribe();
    phone.send(buildRequest({ method: "ACK", uri: "sip:15880000@127.0.0.1", from: "<sip:1002@127.0.0.1>;tag=b", to: ok.headers.get("to")!, callId, transport: "WS", sentBy: "x.invalid" }));
    expect(ok.body).toContain("a=setup:passive");
    expect(ok.body).toContain("UDP/TLS/RTP/SAVPF 0 101");
    browser.applyAnswer(ok.body);
    const atBrowser = heard(browser);
    expect(await browser.whenReady(5000)).toBe(true);
    await Bun.sleep(500);
    // The prompt waited for DTLS, so nothing of it was lost before.
    expect((legs[0] as unknown as { media: CallMedia }).media.endpoint.stats).toMatchObject({ notReady: 0 });
    expect(atBrowser.packets).toBeGreaterThan(15);
    legs[0]!.hangup();
  }, 20_000);

  it("M1: MUST keep offering plain RTP/AVP to a desk phone registered over UDP", async () => {
    const desk = await TestUa.udp(sip.port);
    cleanups.push(() => desk.close());
    const spec = { method: "REGISTER", uri: "sip:cc.test", from: "<sip:1002@cc.test>;tag=r", to: "<sip:1002@cc.test>", callId: randomToken(10), contact: `<sip:1002@${desk.hostPort}>` };
    desk.request(spec);
    const challenge = (await desk.response(spec.callId, 401))!.headers.get("www-authenticate")!;
    desk.request({ ...spec, cseq: 2, headers: [["Authorization", digestAnswer({ challenge, method: "REGISTER", uri: spec.uri, username: "1002", password: "pw1002" })]] });
    await desk.response(spec.callId, 200);
    const leg = board.dialExtension("1002", { callerId: "0101", ringTimeoutMs: 3000 });
    const invite = (await desk.next((m) => m.kind === "request" && m.method === "INVITE")) as SipRequest;
    expect(invite.body).toContain("RTP/AVP");
    expect(invite.body).not.toContain("fingerprint");
    leg.hangup();
  }, 20_000);
});
