import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { randomToken, silentLogger, systemClock } from "../lib/index.ts";
import { BufferSource, PortAllocator, parseRemoteSdp } from "../media/index.ts";
import type { SipServer } from "../sip/index.ts";
import { MemoryCredentialStore } from "../sip/testing/memory-stores.ts";
import { testSipServer } from "../sip/testing/test-server.ts";
import { digestAnswer, TestUa } from "../sip/testing/test-ua.ts";
import type { CallLeg } from "./call-leg.ts";
import type { SipCallLeg } from "./sip-call-leg.ts";
import { Switchboard } from "./switchboard.ts";

/** A second of 1 kHz tone stands in for every prompt. */
const tone = new Int16Array(8000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));

let sip: SipServer;
let board: Switchboard;
const allocator = new PortAllocator(31000, 31200);

beforeAll(async () => {
  sip = testSipServer({
    credentials: new MemoryCredentialStore("cc.test").add("1001", "pw1001"),
    // The test UA plays the carrier: a trusted peer that may reach the service number only.
    routing: { isApplianceNumber: (user) => user === "15880000", isTrustedPeer: (address) => address === "127.0.0.2" },
  });
  await sip.start();
  board = new Switchboard({ sip, allocator, bindAddress: "127.0.0.1", prompts: async (_ref, loop) => new BufferSource(tone, loop), clock: systemClock, log: silentLogger });
  await board.start();
});

afterAll(() => {
  board.close();
  sip.stop();
});

function offer(port: number): string {
  return ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", `m=audio ${port} RTP/AVP 8 0 101`, "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv", ""].join("\r\n");
}

/** RFC 4733 packets for one digit: start, two updates, three end packets, one timestamp. */
function dtmfPackets(event: number, seq: number, ts: number): Uint8Array[] {
  const packets: Uint8Array[] = [];
  const durations = [160, 320, 480, 640, 640, 640];
  durations.forEach((duration, i) => {
    const p = new Uint8Array(16);
    const v = new DataView(p.buffer);
    p[0] = 0x80;
    p[1] = (i === 0 ? 0x80 : 0) | 101;
    v.setUint16(2, seq + i);
    v.setUint32(4, ts);
    v.setUint32(8, 0x1234);
    p[12] = event;
    p[13] = (i >= 3 ? 0x80 : 0) | 10;
    v.setUint16(14, duration);
    packets.push(p);
  });
  return packets;
}

describe("Switchboard (T8, M1–M3)", () => {
  it("T8/M2/M3: MUST end a carrier call at the appliance, play audio, hear RFC 4733 DTMF and clean up after BYE", async () => {
    let received = 0;
    const rtp = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: () => void received++ } });
    const ua = await TestUa.udp(sip.port, "127.0.0.2");
    const legs: CallLeg[] = [];
    const digits: string[] = [];
    const unsubscribe = board.onInboundCall.subscribe((leg) => {
      legs.push(leg);
      leg.onDtmf.subscribe((d) => digits.push(d));
      void leg.answer().then(() => leg.play({ kind: "prompt", id: "greeting", language: "ko" }, { loop: true }));
    });
    const callId = `${randomToken(10)}@carrier`;
    const from = "<sip:01012345678@127.0.0.1>;tag=carrier";
    ua.request({ method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: "<sip:15880000@127.0.0.1>", callId, contact: `<${ua.contactUri}>`, headers: [["Content-Type", "application/sdp"]], body: offer(rtp.port) });
    const ok = await ua.response(callId, 200, "INVITE", 3000);
    expect(ok).toBeDefined();
    const answer = parseRemoteSdp(ok!.body);
    expect(answer.payloads[0]).toBe(8); // PCMA, the offer's first choice
    expect(answer.telephoneEventPt).toBe(101);
    const to = ok!.headers.get("to")!;
    ua.request({ method: "ACK", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 1 });
    await Bun.sleep(600);
    expect(received).toBeGreaterThanOrEqual(20); // ~50 packets/s of prompt
    for (const p of dtmfPackets(5, 100, 8000)) rtp.send(p, answer.port, "127.0.0.1");
    await Bun.sleep(150);
    expect(digits).toEqual(["5"]);
    ua.request({ method: "BYE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 2 });
    expect(await ua.response(callId, 200, "BYE", 2000)).toBeDefined();
    await Bun.sleep(50);
    expect(legs[0]!.state).toBe("ended");
    expect(board.liveLegs()).toBe(0);
    expect(sip.ua.size).toBe(0);
    // T8: no leaked RTP ports: only the spare pool of 4 ready endpoints holds ports.
    expect(allocator.live).toBe(4);
    expect(sip.transactionCounts().client).toBe(0);
    const before = received;
    await Bun.sleep(100);
    expect(received).toBe(before); // no RTP after the call ended
    unsubscribe();
    ua.close();
    rtp.close();
  });
});

/** Register `user` from a test phone with digest auth; the phone's RTP socket is returned too. */
async function phone(user: string, password: string) {
  const ua = await TestUa.udp(sip.port);
  const callId = randomToken(10);
  const spec = { method: "REGISTER", uri: "sip:cc.test", from: `<sip:${user}@cc.test>;tag=r`, to: `<sip:${user}@cc.test>`, callId, contact: `<sip:${user}@${ua.hostPort}>` };
  ua.request({ ...spec, cseq: 1 });
  const challenge = (await ua.response(callId, 401))!.headers.get("www-authenticate")!;
  ua.request({ ...spec, cseq: 2, headers: [["Authorization", digestAnswer({ challenge, method: "REGISTER", uri: spec.uri, username: user, password })]] });
  expect(await ua.response(callId, 200)).toBeDefined();
  return ua;
}

/** Answer an INVITE the appliance sent to a test phone, with SDP for `rtpPort`. */
function answerInvite(ua: TestUa, invite: { headers: { get(n: string): string | undefined; getAll(n: string): string[] } }, rtpPort: number): string {
  const body = offer(rtpPort).replace("RTP/AVP 8 0 101", "RTP/AVP 0 101");
  const lines = ["SIP/2.0 200 OK", ...invite.headers.getAll("via").map((v) => `Via: ${v}`), `From: ${invite.headers.get("from")}`, `To: ${invite.headers.get("to")};tag=agent`, `Call-ID: ${invite.headers.get("call-id")}`, `CSeq: ${invite.headers.get("cseq")}`, `Contact: <${ua.contactUri}>`, "Content-Type: application/sdp", `Content-Length: ${Buffer.byteLength(body)}`, "", body];
  ua.send(lines.join("\r\n"));
  return `${invite.headers.get("to")};tag=agent`;
}

describe("agent legs (T8)", () => {
  it("T8: MUST ring an extension, end the leg as busy on 486 and leave nothing behind", async () => {
    const agent = await phone("1001", "pw1001");
    const leg = board.dialExtension("1001", { callerId: "01012345678", ringTimeoutMs: 5000 });
    const invite = await agent.requestOf("INVITE", 2000);
    expect(invite?.uri).toContain(`${agent.localPort}`);
    const ended = new Promise((resolve) => leg.onEnded.subscribe(resolve));
    agent.reply(invite!, 486, "busy");
    expect(await ended).toMatchObject({ by: "remote", cause: "busy", status: 486 });
    await Bun.sleep(50);
    expect(board.liveLegs()).toBe(0);
    expect(sip.ua.size).toBe(0);
    expect(allocator.live).toBe(4);
    agent.close();
  });

  it("T8/M4: MUST bridge a caller and an answering agent through the appliance and hang up the agent when the caller leaves", async () => {
    const agent = await phone("1001", "pw1001");
    const agentRtp: number[] = [];
    const callerRtp: number[] = [];
    const agentSock = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: (_s, b) => void agentRtp.push(b[1]! & 0x7f) } });
    const callerSock = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: (_s, b) => void callerRtp.push(b[1]! & 0x7f) } });
    const carrier = await TestUa.udp(sip.port, "127.0.0.2");
    let lateOutcome: string | undefined;
    let callerLeg: CallLeg | undefined;
    const unsubscribe = board.onInboundCall.subscribe((caller) => {
      callerLeg = caller;
      void caller.answer().then(() => {
        const agentLeg = board.dialExtension("1001", { callerId: caller.from, ringTimeoutMs: 5000 });
        agentLeg.onAnswered.subscribe(() => {
          // A prompt still loading when the agent answers must never start over the bridge.
          const late = caller.play({ kind: "prompt", id: "connecting", language: "en" }, { loop: true });
          board.bridge(caller, agentLeg);
          void late.done.then((outcome) => (lateOutcome = outcome));
        });
        caller.onEnded.subscribe(() => agentLeg.hangup());
      });
    });
    const callId = `${randomToken(10)}@carrier`;
    const from = "<sip:0109@127.0.0.2>;tag=c";
    carrier.request({ method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: "<sip:15880000@127.0.0.1>", callId, contact: `<${carrier.contactUri}>`, headers: [["Content-Type", "application/sdp"]], body: offer(callerSock.port) });
    const ok = await carrier.response(callId, 200, "INVITE", 3000);
    const to = ok!.headers.get("to")!;
    carrier.request({ method: "ACK", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 1 });
    const invite = await agent.requestOf("INVITE", 2000);
    answerInvite(agent, invite!, agentSock.port);
    const agentAnswer = parseRemoteSdp(invite!.body); // the appliance's side of the agent leg
    expect(agentAnswer.port).toBeGreaterThan(0);
    expect(await agent.requestOf("ACK", 2000)).toBeDefined();
    // Each side sends PCMU/PCMA audio to the appliance; the other side receives it re-stamped (M4).
    const callerSide = parseRemoteSdp(ok!.body);
    const packet = (pt: number, seq: number) => {
      const p = new Uint8Array(172);
      p[0] = 0x80;
      p[1] = pt;
      new DataView(p.buffer).setUint16(2, seq);
      return p;
    };
    for (let i = 0; i < 10; i++) {
      callerSock.send(packet(8, i), callerSide.port, "127.0.0.1");
      agentSock.send(packet(0, i), agentAnswer.port, "127.0.0.1");
      await Bun.sleep(20);
    }
    await Bun.sleep(100);
    expect(agentRtp.filter((pt) => pt === 0).length).toBeGreaterThanOrEqual(8); // caller's PCMA transcoded to the agent's PCMU
    expect(lateOutcome).toBe("stopped");
    expect((callerLeg as SipCallLeg).media.player.playing).toBe(false);
    expect(callerRtp.filter((pt) => pt === 8).length).toBeGreaterThanOrEqual(8);
    carrier.request({ method: "BYE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 2 });
    expect(await carrier.response(callId, 200, "BYE", 2000)).toBeDefined();
    const bye = await agent.requestOf("BYE", 2000);
    expect(bye).toBeDefined();
    agent.reply(bye!, 200, "agent");
    await Bun.sleep(100);
    expect(board.liveLegs()).toBe(0);
    expect(sip.ua.size).toBe(0);
    expect(allocator.live).toBe(4);
    unsubscribe();
    for (const c of [agent, carrier]) c.close();
    agentSock.close();
    callerSock.close();
  });

  it("T8: MUST put a leg on hold and resume it with re-INVITEs (a=sendonly, then a=sendrecv)", async () => {
    const carrier = await TestUa.udp(sip.port, "127.0.0.2");
    const rtp = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: () => {} } });
    let leg: CallLeg | undefined;
    const unsubscribe = board.onInboundCall.subscribe((l) => {
      leg = l;
      void l.answer();
    });
    const callId = `${randomToken(10)}@hold`;
    const from = "<sip:0107@127.0.0.2>;tag=h";
    carrier.request({ method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: "<sip:15880000@127.0.0.1>", callId, contact: `<${carrier.contactUri}>`, headers: [["Content-Type", "application/sdp"]], body: offer(rtp.port) });
    const ok = await carrier.response(callId, 200, "INVITE", 3000);
    const to = ok!.headers.get("to")!;
    carrier.request({ method: "ACK", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 1 });
    await Bun.sleep(50);
    for (const [action, direction] of [["hold", "a=sendonly"], ["resume", "a=sendrecv"]] as const) {
      const done = action === "hold" ? leg!.hold() : leg!.resume();
      const reinvite = await carrier.requestOf("INVITE", 2000);
      expect(reinvite?.body).toContain(direction);
      const answer = offer(rtp.port).replace("RTP/AVP 8 0 101", "RTP/AVP 8 101").replace("a=sendrecv", direction === "a=sendonly" ? "a=recvonly" : "a=sendrecv");
      const lines = ["SIP/2.0 200 OK", ...reinvite!.headers.getAll("via").map((v) => `Via: ${v}`), `From: ${reinvite!.headers.get("from")}`, `To: ${reinvite!.headers.get("to")}`, `Call-ID: ${callId}`, `CSeq: ${reinvite!.headers.get("cseq")}`, `Contact: <${carrier.contactUri}>`, "Content-Type: application/sdp", `Content-Length: ${Buffer.byteLength(answer)}`, "", answer];
      carrier.send(lines.join("\r\n"));
      await done;
      expect(await carrier.requestOf("ACK", 2000)).toBeDefined();
    }
    carrier.request({ method: "BYE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 2 });
    expect(await carrier.response(callId, 200, "BYE", 2000)).toBeDefined();
    unsubscribe();
    carrier.close();
    rtp.close();
  });

  it("M1 (issue 15): a G.722 caller's agent MUST be offered G.722 first, and two G.722 legs MUST be bridged untranscoded", async () => {
    const agent = await phone("1001", "pw1001");
    const carrier = await TestUa.udp(sip.port, "127.0.0.2");
    const callerSock = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: () => {} } });
    const atAgent: Uint8Array[] = [];
    const agentSock = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: (_s, b) => void atAgent.push(b) } });
    let agentLeg: CallLeg | undefined;
    const unsubscribe = board.onInboundCall.subscribe((caller) => {
      void caller.answer().then(() => {
        const leg = board.dialExtension("1001", { callerId: caller.from, ringTimeoutMs: 5000, codecOf: caller });
        agentLeg = leg;
        leg.onAnswered.subscribe(() => board.bridge(caller, leg));
        caller.onEnded.subscribe(() => leg.hangup());
      });
    });
    const callId = `${randomToken(10)}@g722`;
    const from = "<sip:0108@127.0.0.2>;tag=g";
    const g722 = offer(callerSock.port).replace("RTP/AVP 8 0 101", "RTP/AVP 9 0 101").replace("a=rtpmap:8 PCMA/8000", "a=rtpmap:9 G722/8000");
    carrier.request({ method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: "<sip:15880000@127.0.0.1>", callId, contact: `<${carrier.contactUri}>`, headers: [["Content-Type", "application/sdp"]], body: g722 });
    const ok = await carrier.response(callId, 200, "INVITE", 3000);
    expect(parseRemoteSdp(ok!.body).payloads[0]).toBe(9);
    const to = ok!.headers.get("to")!;
    carrier.request({ method: "ACK", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 1 });
    const invite = await agent.requestOf("INVITE", 2000);
    expect(parseRemoteSdp(invite!.body).payloads).toEqual([9, 0, 8, 101]); // the caller's G.722 first
    const body = g722.replace(`m=audio ${callerSock.port}`, `m=audio ${agentSock.port}`).replace("RTP/AVP 9 0 101", "RTP/AVP 9 101");
    const lines = ["SIP/2.0 200 OK", ...invite!.headers.getAll("via").map((v) => `Via: ${v}`), `From: ${invite!.headers.get("from")}`, `To: ${invite!.headers.get("to")};tag=agent`, `Call-ID: ${invite!.headers.get("call-id")}`, `CSeq: ${invite!.headers.get("cseq")}`, `Contact: <${agent.contactUri}>`, "Content-Type: application/sdp", `Content-Length: ${Buffer.byteLength(body)}`, "", body];
    agent.send(lines.join("\r\n"));
    expect(await agent.requestOf("ACK", 2000)).toBeDefined();
    await Bun.sleep(50);
    expect(agentLeg?.state).toBe("answered");
    // The caller's G.722 frames reach the agent byte for byte, still payload type 9.
    const callerPort = parseRemoteSdp(ok!.body).port;
    const payload = new Uint8Array(160).map((_, i) => (i * 37) & 0xff);
    for (let n = 0; n < 5; n++) {
      const p = new Uint8Array(172);
      p.set([0x80, 9, 0, n, 0, 0, 0, n * 160, 0, 0, 0x12, 0x34]);
      p.set(payload, 12);
      callerSock.send(p, callerPort, "127.0.0.1");
      await Bun.sleep(20);
    }
    await Bun.sleep(100);
    const relayed = atAgent.filter((b) => (b[1]! & 0x7f) === 9);
    expect(relayed.length).toBeGreaterThanOrEqual(4);
    expect([...relayed.at(-1)!.subarray(12)]).toEqual([...payload]);
    carrier.request({ method: "BYE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to, callId, cseq: 2 });
    expect(await carrier.response(callId, 200, "BYE", 2000)).toBeDefined();
    unsubscribe();
    carrier.close();
    agent.close();
    callerSock.close();
    agentSock.close();
  });

  it("T8 (issue 15): a delayed offer's ACK without an answer MUST end the call with a BYE (nothing to send media to)", async () => {
    const carrier = await TestUa.udp(sip.port, "127.0.0.2");
    const ended: unknown[] = [];
    const unsubscribe = board.onInboundCall.subscribe((leg) => {
      leg.onEnded.subscribe((r) => ended.push(r));
      void leg.answer();
    });
    const callId = `${randomToken(10)}@late`;
    const from = "<sip:0106@127.0.0.2>;tag=l";
    carrier.request({ method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: "<sip:15880000@127.0.0.1>", callId, contact: `<${carrier.contactUri}>` });
    const ok = await carrier.response(callId, 200, "INVITE", 3000);
    expect(parseRemoteSdp(ok!.body).payloads).toEqual([0, 8, 9, 101]); // our offer in the 200 OK
    carrier.request({ method: "ACK", uri: `sip:15880000@127.0.0.1:${sip.port}`, from, to: ok!.headers.get("to")!, callId, cseq: 1 });
    const bye = await carrier.requestOf("BYE", 2000);
    expect(bye?.headers.get("call-id")).toBe(callId);
    await Bun.sleep(50);
    expect(ended).toEqual([{ by: "local", cause: "failed" }]);
    unsubscribe();
    carrier.close();
  });
});
