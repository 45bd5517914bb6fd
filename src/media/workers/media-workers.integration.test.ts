import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BufferSource } from "../player/index.ts";
import { readPcmWav, repairWav } from "../recorder/index.ts";
import { PortAllocator } from "../rtp/index.ts";
import type { RtpView } from "../rtp/index.ts";
import { bridgeCalls, CallMedia } from "../session/index.ts";
import { bridgeLegs } from "./bridge-legs.ts";
import { MediaWorkers } from "./media-workers.ts";

const dir = mkdtempSync(join(tmpdir(), "mediaworkers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tone = (hz: number, secs: number) => new Int16Array(secs * 8000).map((_, i) => Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)));

function energy(samples: Int16Array, channel: number): number {
  const frames = samples.length / 2;
  let sum = 0;
  for (let i = 0; i < frames; i++) sum += Math.abs(samples[2 * i + channel]!);
  return frames === 0 ? 0 : sum / frames;
}

describe("media workers (issue 12)", () => {
  it("M4/M5/M3: MUST relay, transcode, forward DTMF and record inside a media worker, like on the main thread", async () => {
    const ports = new PortAllocator(43200, 43300);
    const workers = new MediaWorkers({ size: 2, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1 });
    try {
      await workers.start();
      const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
      const callerPhone = await CallMedia.open({ ...opts, codecs: ["PCMA", "PCMU"], telephoneEventPt: 96 });
      const agentPhone = await CallMedia.open({ ...opts, codecs: ["PCMU"] });
      const legA = await workers.get();
      const legB = await workers.get(legA);
      expect(workers.workerOf(legB)).toBe(workers.workerOf(legA));
      callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
      legB.applyAnswer(agentPhone.answerOffer(legB.offer()));
      expect(legA.format).toEqual({ codec: "PCMA", pt: 8 });

      const recordTo = join(dir, "worker.wav");
      const bridge = bridgeLegs(legA, legB, { recordTo });
      const atAgent: number[] = [];
      agentPhone.endpoint.onPacket.subscribe((p: RtpView) => atAgent.push(p.payloadType));
      const digits: string[] = [];
      legA.onDtmf.subscribe((d) => digits.push(d));
      const agentDigits: string[] = [];
      agentPhone.onDtmf.subscribe((d) => agentDigits.push(d));
      await Bun.sleep(50);
      const a = callerPhone.play(new BufferSource(tone(440, 1)));
      const b = agentPhone.play(new BufferSource(tone(1000, 1)));
      await Promise.all([a.done, b.done]);
      expect(await callerPhone.sendDtmf("1#")).toBe(true);
      await Bun.sleep(200);
      bridge.stop();
      await Bun.sleep(100);
      expect(digits).toEqual(["1", "#"]);
      expect(agentDigits).toEqual(["1", "#"]);
      expect(atAgent.filter((pt) => pt === 0).length).toBe(50);
      expect(legA.idleMs).toBeLessThan(1000);

      expect(repairWav(recordTo)!.repaired).toBe(false);
      const wav = readPcmWav(new Uint8Array(readFileSync(recordTo)))!;
      expect(wav.samples.length / 2 / 8000).toBeGreaterThan(0.9);
      expect(energy(wav.samples, 0)).toBeGreaterThan(2000);
      expect(energy(wav.samples, 1)).toBeGreaterThan(2000);

      // A prompt played by the worker reaches the phone; it ends "finished".
      const heard: number[] = [];
      callerPhone.endpoint.onPacket.subscribe((p: RtpView) => heard.push(p.payloadType));
      expect(await legA.play(new BufferSource(tone(500, 0.2))).done).toBe("finished");
      await Bun.sleep(50);
      expect(heard.filter((pt) => pt === 8).length).toBe(10);

      for (const m of [callerPhone, agentPhone, legA, legB]) m.close();
      const stats = workers.stats();
      expect(stats.length).toBe(2);
      await Bun.sleep(1100);
      expect(workers.stats().every((s) => s.alive && s.counters !== undefined)).toBe(true);
      expect(workers.stats().reduce((n, s) => n + (s.counters?.received ?? 0), 0)).toBeGreaterThan(100);
    } finally {
      workers.close();
    }
  });

  it("M4: MUST bridge a worker's leg with a leg on the main thread (a WebRTC leg's case) through the tap", async () => {
    const ports = new PortAllocator(43400, 43500);
    const workers = new MediaWorkers({ size: 1, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1 });
    try {
      await workers.start();
      const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
      const callerPhone = await CallMedia.open(opts);
      const agentPhone = await CallMedia.open(opts);
      const legA = await workers.get();
      const legB = await CallMedia.open(opts);
      callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
      legB.applyAnswer(agentPhone.answerOffer(legB.offer()));
      const bridge = bridgeCalls(legA, legB);
      const atAgent: number[] = [];
      const atCaller: number[] = [];
      agentPhone.endpoint.onPacket.subscribe((p: RtpView) => atAgent.push(p.payloadType));
      callerPhone.endpoint.onPacket.subscribe((p: RtpView) => atCaller.push(p.payloadType));
      await Bun.sleep(50);
      await Promise.all([callerPhone.play(new BufferSource(tone(440, 0.4))).done, agentPhone.play(new BufferSource(tone(800, 0.4))).done]);
      await Bun.sleep(150);
      bridge.stop();
      expect(atAgent.length).toBe(20);
      expect(atCaller.length).toBe(20);
      for (const m of [callerPhone, agentPhone, legA, legB]) m.close();
    } finally {
      workers.close();
    }
  });

  it("C10/M4: a transfer MUST reach a leg on another worker: the caller and the new agent hear each other", async () => {
    const ports = new PortAllocator(44000, 44100);
    const workers = new MediaWorkers({ size: 2, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1 });
    try {
      await workers.start();
      const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
      const [callerPhone, agentPhone, otherPhone] = await Promise.all([CallMedia.open(opts), CallMedia.open(opts), CallMedia.open(opts)]);
      const legA = await workers.get();
      const legB = await workers.get(legA);
      const legC = await workers.get();
      if (workers.workerOf(legC) === workers.workerOf(legA)) throw new Error("the third leg should be on the other worker");
      callerPhone.applyAnswer(legA.answerOffer(callerPhone.offer()));
      legB.applyAnswer(agentPhone.answerOffer(legB.offer()));
      legC.applyAnswer(otherPhone.answerOffer(legC.offer()));
      const bridge = bridgeLegs(legA, legB, { recordTo: join(dir, "transfer.wav") });
      bridge.replaceAgent(legC);
      bridge.relay(true);
      const atOther: number[] = [];
      const atCaller: number[] = [];
      otherPhone.endpoint.onPacket.subscribe((p: RtpView) => atOther.push(p.payloadType));
      callerPhone.endpoint.onPacket.subscribe((p: RtpView) => atCaller.push(p.payloadType));
      await Bun.sleep(50);
      await Promise.all([callerPhone.play(new BufferSource(tone(440, 0.4))).done, otherPhone.play(new BufferSource(tone(800, 0.4))).done]);
      await Bun.sleep(150);
      bridge.stop();
      expect(atOther.length).toBe(20);
      expect(atCaller.length).toBe(20);
      for (const m of [callerPhone, agentPhone, otherPhone, legA, legB, legC]) m.close();
    } finally {
      workers.close();
    }
  });

  it("T8: take() MUST hand out a working leg at once even when no spare is left (a burst of calls)", async () => {
    const ports = new PortAllocator(44200, 44300);
    const workers = new MediaWorkers({ size: 1, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1 });
    try {
      await workers.start();
      const legs = Array.from({ length: 5 }, () => workers.take());
      expect(legs.every((l) => l !== undefined)).toBe(true);
      const leg = legs.at(-1)!;
      const phone = await CallMedia.open({ bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" });
      phone.applyAnswer(leg.answerOffer(phone.offer()));
      const heard: number[] = [];
      phone.endpoint.onPacket.subscribe((p: RtpView) => heard.push(p.payloadType));
      expect(await leg.play(new BufferSource(tone(440, 0.1))).done).toBe("finished");
      await Bun.sleep(50);
      expect(heard.length).toBe(5);
      phone.close();
      for (const l of legs) l!.close();
    } finally {
      workers.close();
    }
    expect(ports.live).toBe(0);
  });

  it("M1: a bad SDP MUST be refused on the main thread with SdpError, the leg and its worker staying usable", async () => {
    const ports = new PortAllocator(43800, 43900);
    const workers = new MediaWorkers({ size: 1, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1 });
    try {
      await workers.start();
      const leg = await workers.get();
      for (const bad of ["", "garbage", "v=0\r\nm=audio 4000 RTP/AVP 18\r\n"]) expect(() => leg.answerOffer(bad)).toThrow();
      expect(() => leg.applyAnswer("nonsense")).toThrow();
      const phone = await CallMedia.open({ bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" });
      phone.applyAnswer(leg.answerOffer(phone.offer()));
      const heard: number[] = [];
      phone.endpoint.onPacket.subscribe((p: RtpView) => heard.push(p.payloadType));
      expect(await leg.play(new BufferSource(tone(440, 0.1))).done).toBe("finished");
      await Bun.sleep(50);
      expect(heard.length).toBe(5);
      expect(workers.stats()[0]!.restarts).toBe(0);
      phone.close();
      leg.close();
    } finally {
      workers.close();
    }
  });

  it("M5: MUST end only a crashed worker's legs (onFailed, ports back), start it again, and serve the next call", async () => {
    const ports = new PortAllocator(43600, 43700);
    const workers = new MediaWorkers({ size: 2, allocator: ports, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 1, restartDelayMs: 20 });
    try {
      await workers.start();
      const opts = { bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" };
      const phone = await CallMedia.open(opts);
      const doomed = await workers.get();
      const other = await workers.get();
      expect(workers.workerOf(other)).not.toBe(workers.workerOf(doomed));
      phone.applyAnswer(doomed.answerOffer(phone.offer()));
      const failed: string[] = [];
      doomed.onFailed.subscribe((cause) => failed.push(cause));
      other.onFailed.subscribe((cause) => failed.push(`other: ${cause}`));
      const prompt = doomed.play(new BufferSource(tone(440, 5)));
      const index = workers.workerOf(doomed);
      workers.crash(index);
      expect(await prompt.done).toBe("ended");
      expect(failed.length).toBe(1);
      expect(failed[0]).toContain(`media worker ${index}`);
      expect(await workers.whenAlive(index)).toBe(true);
      expect(workers.stats()[index]!.restarts).toBe(1);

      // The next call on the restarted worker has audio.
      const next = await workers.get();
      expect(workers.workerOf(next)).toBe(index);
      const phone2 = await CallMedia.open(opts);
      phone2.applyAnswer(next.answerOffer(phone2.offer()));
      const heard: number[] = [];
      phone2.endpoint.onPacket.subscribe((p: RtpView) => heard.push(p.payloadType));
      expect(await next.play(new BufferSource(tone(440, 0.2))).done).toBe("finished");
      await Bun.sleep(50);
      expect(heard.length).toBe(10);
      for (const m of [phone, phone2, next, other, doomed]) m.close();
    } finally {
      workers.close();
    }
    expect(ports.live).toBe(0);
  });
});
