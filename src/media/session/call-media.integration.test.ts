import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeG711 } from "../codec/index.ts";
import { BufferSource } from "../player/index.ts";
import { readPcmWav, repairWav } from "../recorder/index.ts";
import { PortAllocator } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { bridgeCalls } from "./bridge-calls.ts";
import { CallMedia } from "./call-media.ts";

const dir = mkdtempSync(join(tmpdir(), "callmedia-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tone = (hz: number, secs: number) => new Int16Array(secs * 8000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)));

describe("CallMedia + bridgeCalls on loopback (M1–M5)", () => {
  it("M4/M5/M3: MUST relay a caller and an agent through the appliance, forward DTMF and record both in stereo", async () => {
    const ports = new PortAllocator(43000, 43100);
    const opts = { allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const callerPhone = await CallMedia.open({ ...opts, codecs: ["PCMA", "PCMU"], telephoneEventPt: 96 });
    const agentPhone = await CallMedia.open({ ...opts, codecs: ["PCMU"] });
    const legA = await CallMedia.open(opts);
    const legB = await CallMedia.open(opts);
    expect(ports.live).toBe(4);
    callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
    legB.applyAnswer(agentPhone.answerOffer(legB.offer()));
    expect(legA.format).toEqual({ codec: "PCMA", pt: 8 });
    expect(legB.format).toEqual({ codec: "PCMU", pt: 0 });
    expect(legA.telephoneEventPt).toBe(96); // the answer keeps the offer's payload type (RFC 3264 §6.1)
    expect(legB.telephoneEventPt).toBe(101);

    const recordTo = join(dir, "bridged.wav");
    const bridge = bridgeCalls(legA, legB, { recordTo });
    const atAgent: { seq: number; ts: number; ssrc: number; pt: number }[] = [];
    agentPhone.endpoint.onPacket.subscribe((p: RtpView) => atAgent.push({ seq: p.sequenceNumber, ts: p.timestamp, ssrc: p.ssrc, pt: p.payloadType }));
    const agentDigits: string[] = [];
    const legADigits: string[] = [];
    agentPhone.onDtmf.subscribe((d) => agentDigits.push(d));
    legA.onDtmf.subscribe((d) => legADigits.push(d));

    const a = callerPhone.play(new BufferSource(tone(440, 1)));
    const b = agentPhone.play(new BufferSource(tone(1000, 1)));
    await Promise.all([a.done, b.done]);
    expect(await callerPhone.sendDtmf("12#")).toBe(true);
    await Bun.sleep(100);
    bridge.stop();

    expect(agentDigits).toEqual(["1", "2", "#"]);
    expect(legADigits).toEqual(["1", "2", "#"]);
    const audio = atAgent.filter((p) => p.pt === 0);
    expect(audio.length).toBe(50);
    expect(new Set(atAgent.map((p) => p.ssrc))).toEqual(new Set([legB.endpoint.ssrc]));
    for (let i = 1; i < atAgent.length; i++) expect(atAgent[i]!.seq).toBe((atAgent[i - 1]!.seq + 1) & 0xffff);
    expect(atAgent.filter((p) => p.pt === 101).length).toBe(21);

    expect(repairWav(recordTo)!.repaired).toBe(false);
    const wav = readPcmWav(new Uint8Array(readFileSync(recordTo)))!;
    expect(wav.channels).toBe(2);
    const frames = wav.samples.length / 2;
    expect(frames / 8000).toBeGreaterThan(0.9);
    let l = 0;
    let r = 0;
    for (let i = 0; i < frames; i++) {
      l += Math.abs(wav.samples[2 * i]!);
      r += Math.abs(wav.samples[2 * i + 1]!);
    }
    expect(l / frames).toBeGreaterThan(2000);
    expect(r / frames).toBeGreaterThan(2000);

    for (const m of [callerPhone, agentPhone, legA, legB]) m.close();
    expect(ports.live).toBe(0);
  });
});

describe("bridgeCalls and a re-INVITE (M4, T8)", () => {
  it("M4/T8: a re-INVITE that changes a bridged leg's codec MUST take effect at once, both ways", async () => {
    const ports = new PortAllocator(43100, 43200);
    const opts = { allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const callerPhone = await CallMedia.open({ ...opts, codecs: ["PCMU", "PCMA"] });
    const agentPhone = await CallMedia.open({ ...opts, codecs: ["PCMU"] });
    const legA = await CallMedia.open(opts);
    const legB = await CallMedia.open(opts);
    callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
    legB.applyAnswer(agentPhone.answerOffer(legB.offer()));
    const bridge = bridgeCalls(legA, legB);
    // The caller's phone moves to PCMA mid-call.
    callerPhone.preferCodec("PCMA");
    callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
    expect(legA.format).toEqual({ codec: "PCMA", pt: 8 });
    const atCaller: number[] = [];
    const atAgent: Int16Array[] = [];
    callerPhone.endpoint.onPacket.subscribe((p: RtpView) => atCaller.push(p.payloadType));
    agentPhone.endpoint.onPacket.subscribe((p: RtpView) => p.payloadType === 0 && atAgent.push(decodeG711("PCMU", p.payload)));
    await Promise.all([callerPhone.play(new BufferSource(tone(440, 0.5))).done, agentPhone.play(new BufferSource(tone(1000, 0.5))).done]);
    await Bun.sleep(60);
    bridge.stop();
    expect(atCaller.length).toBe(25);
    expect(new Set(atCaller)).toEqual(new Set([8]));
    expect(atAgent.length).toBe(25);
    const level = atAgent.reduce((sum, frame) => sum + frame.reduce((s, v) => s + Math.abs(v), 0), 0) / (25 * 160);
    expect(level).toBeGreaterThan(4000); // the caller's tone (amplitude 8000, mean |sin| ≈ 0.64), transcoded PCMA → PCMU
    for (const m of [callerPhone, agentPhone, legA, legB]) m.close();
  });
});

describe("CallMedia in-band DTMF (M3, a plus)", () => {
  it("M3: MUST report DTMF tones inside the audio when the peer has no RFC 4733, and RFC 4733 alone once it has", async () => {
    const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const phone = await CallMedia.open(opts);
    const leg = await CallMedia.open({ ...opts, inbandDtmf: true });
    const noEvents = phone.offer().replace(/ 101\r\n/, "\r\n").replace(/a=(rtpmap|fmtp):101.*\r\n/g, "");
    phone.applyAnswer(leg.answerOffer(noEvents));
    const digits: string[] = [];
    leg.onDtmf.subscribe((d) => digits.push(d));
    const pcm = new Int16Array(8000 * 0.6);
    const key = (at: number, lo: number, hi: number) => {
      for (let i = 0; i < 800; i++) pcm[at + i] = Math.round(6000 * Math.sin((2 * Math.PI * lo * i) / 8000) + 5000 * Math.sin((2 * Math.PI * hi * i) / 8000));
    };
    key(800, 770, 1336); // "5"
    key(2400, 941, 1477); // "#"
    await phone.play(new BufferSource(pcm)).done;
    await Bun.sleep(50);
    expect(digits).toEqual(["5", "#"]);
    phone.close();
    leg.close();
  });
});

describe("CallMedia hold (C10, RFC 3264 §8.4)", () => {
  it("C10: MUST stop sending while the peer holds us (sendonly) and resume after; our hold offer is sendonly", async () => {
    const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const phone = await CallMedia.open(opts);
    const leg = await CallMedia.open(opts);
    phone.applyAnswer(leg.answerOffer(phone.offer()));
    let heard = 0;
    phone.endpoint.onPacket.subscribe(() => heard++);
    const held = leg.answerOffer(phone.offer("sendonly"));
    expect(held).toContain("a=recvonly");
    expect(leg.sending).toBe(false);
    await leg.play(new BufferSource(new Int16Array(1600))).done;
    await Bun.sleep(30);
    expect(heard).toBe(0);
    leg.answerOffer(phone.offer("sendrecv"));
    expect(leg.sending).toBe(true);
    await leg.play(new BufferSource(new Int16Array(1600))).done;
    await Bun.sleep(30);
    expect(heard).toBe(10);
    expect(phone.idleMs).toBeLessThan(1000);
    expect(leg.idleMs).toBe(Infinity);
    const hold = leg.offer("sendonly");
    expect(hold).toContain("a=sendonly");
    leg.applyAnswer(phone.answerOffer(hold));
    expect(leg.sending).toBe(true); // hold music still flows to the held peer
    phone.close();
    leg.close();
  });

  it("M1 (issue 15): silence MUST count only while the peer should send — from the answer or its last packet, not while held", async () => {
    const ports = new PortAllocator(43200, 43220);
    const opts = { allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const phone = await CallMedia.open(opts);
    const leg = await CallMedia.open(opts);
    try {
      expect(leg.silentMs()).toBe(0); // no SDP yet
      const t0 = performance.now();
      phone.applyAnswer(leg.answerOffer(phone.offer()));
      expect(leg.silentMs(t0 + 5000)).toBe(0); // it never sent anything yet: not a vanished peer
      await phone.play(new BufferSource(tone(440, 0.1))).done;
      await Bun.sleep(50);
      const last = leg.endpoint.stats.lastReceivedAt;
      expect(last).toBeGreaterThan(t0);
      expect(Math.round(leg.silentMs(last + 3000))).toBe(3000);
      // The phone holds (a=sendonly): it need not send, so nothing counts.
      leg.answerOffer(phone.offer("sendonly"));
      expect(leg.silentMs(last + 60_000)).toBe(0);
      // Resumed: counted afresh from the resume, not from the last packet before the hold.
      const resumed = performance.now();
      leg.answerOffer(phone.offer("sendrecv"));
      expect(leg.silentMs(resumed + 1000)).toBeLessThanOrEqual(1000);
      // We hold the phone (our a=sendonly, its a=recvonly): it sends nothing and that is fine.
      leg.applyAnswer(phone.answerOffer(leg.offer("sendonly")));
      expect(leg.silentMs(resumed + 60_000)).toBe(0);
    } finally {
      phone.close();
      leg.close();
    }
  });
});
