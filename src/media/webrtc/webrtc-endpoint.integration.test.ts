/**
 * M1 (WebRTC), M3, M4, M5 over loopback: an appliance leg made by `CallMedia.webrtc` against a werift peer in the
 * same process standing in for a browser (Chromium itself is in src/e2e/webrtc.e2e.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BufferSource } from "../player/index.ts";
import { readPcmWav } from "../recorder/index.ts";
import { PortAllocator } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { bridgeCalls, CallMedia } from "../session/index.ts";
import { WebRtcFactory } from "./webrtc-factory.ts";

const dir = mkdtempSync(join(tmpdir(), "webrtc-"));
const ports = new PortAllocator(44000, 44100);
let factory: WebRtcFactory;
const opened: CallMedia[] = [];

beforeAll(async () => {
  factory = await WebRtcFactory.start({ bindAddress: "127.0.0.1", allocator: ports });
});
afterAll(() => {
  for (const m of opened) m.close();
  rmSync(dir, { recursive: true, force: true });
});

const tone = (hz: number, secs: number) => new Int16Array(secs * 8000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)));
const webrtc = (codecs?: ("PCMU" | "PCMA")[]) => {
  const m = CallMedia.webrtc(factory, { advertisedAddress: "127.0.0.1", codecs });
  opened.push(m);
  return m;
};
const ready = (...legs: CallMedia[]) => Promise.all(legs.map((l) => l.whenReady(5000)));

/** The appliance offers (it rings a browser): INVITE with our offer, 200 OK with the browser's answer. */
async function applianceOffers(leg: CallMedia, browser: CallMedia): Promise<void> {
  await leg.prepareOffer();
  const offer = leg.offer();
  await browser.prepareAnswer(offer);
  leg.applyAnswer(browser.answerOffer(offer));
}

describe("WebRTC leg on loopback (M1)", () => {
  it("M1: MUST answer a browser's offer with a=setup:passive, one host candidate and G.711 only, and carry audio both ways over DTLS-SRTP", async () => {
    const browser = webrtc(["PCMA", "PCMU"]);
    const leg = webrtc();
    await browser.prepareOffer();
    const offer = browser.offer();
    await leg.prepareAnswer(offer);
    const answer = leg.answerOffer(offer);
    expect(answer).toContain("m=audio");
    expect(answer).toContain("UDP/TLS/RTP/SAVPF 8 101");
    expect(answer).toContain("a=setup:passive");
    expect(answer).toMatch(/a=fingerprint:sha-256 [0-9A-F:]+/);
    expect(answer.match(/^a=candidate:/gm)?.length).toBe(1);
    expect(answer).toContain(" 127.0.0.1 ");
    expect(answer).not.toMatch(/opus/i);
    browser.applyAnswer(answer);
    expect(await ready(leg, browser)).toEqual([true, true]);
    expect(leg.format).toEqual({ codec: "PCMA", pt: 8 });

    const atBrowser: RtpView[] = [];
    const atLeg: number[] = [];
    browser.endpoint.onPacket.subscribe((p) => atBrowser.push({ ...p, payload: p.payload } as RtpView));
    leg.endpoint.onPacket.subscribe((p) => atLeg.push(p.payloadType));
    await Promise.all([leg.play(new BufferSource(tone(440, 0.4))).done, browser.play(new BufferSource(tone(1000, 0.4))).done]);
    await Bun.sleep(100);
    expect(atBrowser.length).toBe(20);
    expect(new Set(atBrowser.map((p) => p.ssrc))).toEqual(new Set([leg.endpoint.ssrc]));
    for (let i = 1; i < atBrowser.length; i++) expect(atBrowser[i]!.sequenceNumber).toBe((atBrowser[i - 1]!.sequenceNumber + 1) & 0xffff);
    expect(atLeg).toEqual(new Array(20).fill(8));
  }, 20_000);

  it("M1: MUST drop and count what is sent before DTLS is up, and say when it is ready", async () => {
    const leg = webrtc();
    const browser = webrtc();
    await leg.prepareOffer();
    expect(leg.endpoint.ready).toBe(false);
    expect(leg.endpoint.send(new Uint8Array(160), 0)).toBe(false);
    expect((leg.endpoint.stats as unknown as { notReady: number }).notReady).toBe(1);
    expect(await leg.whenReady(50)).toBe(false);
    const offer = leg.offer();
    await browser.prepareAnswer(offer);
    leg.applyAnswer(browser.answerOffer(offer));
    expect(await leg.whenReady(5000)).toBe(true);
    expect(leg.endpoint.send(new Uint8Array(160), 0)).toBe(true);
  }, 20_000);

  it("M4/M5/M3: MUST bridge a plain RTP caller to a WebRTC agent leg, forward RFC 4733 keys and record both parties in stereo", async () => {
    const plain = { allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
    const callerPhone = await CallMedia.open({ ...plain, codecs: ["PCMA"], telephoneEventPt: 96 });
    const callerLeg = await CallMedia.open(plain);
    opened.push(callerPhone, callerLeg);
    callerPhone.applyAnswer(callerLeg.answerOffer(callerPhone.offer()));
    const agentLeg = webrtc();
    const browser = webrtc();
    await applianceOffers(agentLeg, browser);
    expect(await ready(agentLeg, browser)).toEqual([true, true]);

    const recordTo = join(dir, "bridged.wav");
    const bridge = bridgeCalls(callerLeg, agentLeg, { recordTo });
    const browserHeard: number[] = [];
    browser.endpoint.onPacket.subscribe((p) => browserHeard.push(p.payloadType));
    const browserDigits: string[] = [];
    const callerDigits: string[] = [];
    browser.onDtmf.subscribe((d) => browserDigits.push(d));
    callerPhone.onDtmf.subscribe((d) => callerDigits.push(d));

    await Promise.all([callerPhone.play(new BufferSource(tone(440, 1))).done, browser.play(new BufferSource(tone(1000, 1))).done]);
    expect(await callerPhone.sendDtmf("5")).toBe(true);
    expect(await browser.sendDtmf("#")).toBe(true);
    await Bun.sleep(150);
    bridge.stop();

    expect(browserDigits).toEqual(["5"]);
    expect(callerDigits).toEqual(["#"]);
    expect(browserHeard.filter((pt) => pt === 0).length).toBeGreaterThanOrEqual(48);
    const wav = readPcmWav(new Uint8Array(readFileSync(recordTo)))!;
    expect(wav.channels).toBe(2);
    const frames = wav.samples.length / 2;
    const power = (ch: number, hz: number) => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < frames; i++) {
        const v = wav.samples[i * 2 + ch]!;
        re += v * Math.cos((2 * Math.PI * hz * i) / 8000);
        im += v * Math.sin((2 * Math.PI * hz * i) / 8000);
      }
      return Math.hypot(re, im) / frames;
    };
    // Left = the caller (440 Hz), right = the WebRTC agent (1000 Hz), each only on its own channel.
    expect(power(0, 440)).toBeGreaterThan(10 * power(0, 1000));
    expect(power(1, 1000)).toBeGreaterThan(10 * power(1, 440));
  }, 20_000);

  it("T8/M7: MUST re-offer for hold and resume without werift (same ICE and fingerprint, new version and direction)", async () => {
    const leg = webrtc();
    const browser = webrtc();
    await applianceOffers(leg, browser);
    const first = leg.offer();
    const hold = leg.offer("sendonly");
    const ice = (s: string) => s.split("\r\n").filter((l) => /^a=(ice-|fingerprint|candidate)/.test(l));
    expect(ice(hold)).toEqual(ice(first));
    expect(hold).toContain("a=sendonly");
    expect(hold).toContain("a=setup:actpass");
    const held = browser.answerOffer(hold);
    expect(held).toContain("a=recvonly");
    leg.applyAnswer(held);
    expect(browser.sending).toBe(false);
    expect(leg.sending).toBe(true);
    leg.applyAnswer(browser.answerOffer(leg.offer("sendrecv")));
    expect(browser.sending).toBe(true);
    expect(Number(/^o=\S+ \S+ (\d+)/m.exec(leg.offer())![1])).toBeGreaterThan(Number(/^o=\S+ \S+ (\d+)/m.exec(first)![1]));
  }, 20_000);

  it("M1: MUST refuse an offer without G.711 (488) and give every port back on close", async () => {
    const leg = webrtc();
    const opusOnly = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=fingerprint:sha-256 AB\r\na=setup:actpass\r\na=mid:0\r\n";
    await expect(leg.prepareAnswer(opusOnly)).rejects.toMatchObject({ status: 488 });
    for (const m of opened.splice(0)) m.close();
    await Bun.sleep(300);
    expect(ports.live).toBe(0);
  }, 20_000);
});
