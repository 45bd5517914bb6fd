import { afterEach, describe, expect, it } from "bun:test";
import { BufferSource, mediaClock, PromptPlayer } from "../player/index.ts";
import { MediaBridge } from "../bridge/index.ts";
import { PortAllocator } from "./port-allocator.ts";
import { RtpEndpoint } from "./rtp-endpoint.ts";
import { createRtpView, parseRtp, serializeRtp } from "./rtp-packet.ts";

const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function receiver() {
  const got: { at: number; seq: number; ts: number; len: number }[] = [];
  const v = createRtpView();
  const sock = await Bun.udpSocket({
    hostname: "127.0.0.1",
    binaryType: "uint8array",
    socket: {
      data(_s, buf) {
        if (parseRtp(buf, v)) got.push({ at: performance.now(), seq: v.sequenceNumber, ts: v.timestamp, len: v.payload.length });
      },
    },
  });
  open.push(sock);
  return { sock, got };
}

describe("RtpEndpoint on the wire (M1, M2, T10)", () => {
  it("M2: MUST pace 3 s of prompt at 20 ms on loopback: p95 jitter < 5 ms, contiguous seq, timestamp steps of 160", async () => {
    const { sock, got } = await receiver();
    const ep = await RtpEndpoint.open({ bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: sock.port } });
    open.push(ep);
    const player = new PromptPlayer(ep, mediaClock);
    const pb = player.play(new BufferSource(new Int16Array(3 * 8000).fill(1000)));
    expect(await pb.done).toBe("finished");
    await Bun.sleep(50);
    expect(got.length).toBe(150);
    const jitter: number[] = [];
    for (let i = 1; i < got.length; i++) {
      expect(got[i]!.seq).toBe((got[i - 1]!.seq + 1) & 0xffff);
      expect((got[i]!.ts - got[i - 1]!.ts) >>> 0).toBe(160);
      jitter.push(Math.abs(got[i]!.at - got[i - 1]!.at - 20));
    }
    jitter.sort((a, b) => a - b);
    const p95 = jitter[Math.floor(jitter.length * 0.95)]!;
    const p99 = jitter[Math.floor(jitter.length * 0.99)]!;
    const span = got.at(-1)!.at - got[0]!.at;
    Bun.env.MEDIA_REPORT && Bun.write(Bun.stderr, `jitter p50=${jitter[jitter.length >> 1]!.toFixed(2)} p99=${p99.toFixed(2)} max=${jitter.at(-1)!.toFixed(2)} ms, span=${span.toFixed(1)} ms\n`);
    // 150 packets: one event-loop stall (GC, JIT) moves two gaps by ~20 ms and so decides the p99.
    // The test proves pacing with p95; the p99 gate over 30 s is in src/telephony/prompt-pacing and
    // the 5 ms p99 under load is the benchmark's (bench/calls-bench.ts).
    expect(p95).toBeLessThan(5);
    expect(Math.abs(span - 149 * 20)).toBeLessThan(25);
  });

  it("T10: MUST latch to the source of the peer's packets (symmetric RTP) and survive a closed peer (ECONNREFUSED)", async () => {
    const ports = new PortAllocator(42000, 42100);
    const ep = await RtpEndpoint.open({ allocator: ports, bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: 9 } });
    open.push(ep);
    expect(ep.port % 2).toBe(0);
    expect(ports.live).toBe(1);
    const { sock, got } = await receiver();
    const heard: number[] = [];
    ep.onPacket.subscribe((p) => heard.push(p.sequenceNumber));
    const latched = new Promise((r) => ep.onLatched.subscribe(r));
    sock.send(serializeRtp({ payloadType: 0, marker: false, sequenceNumber: 5, timestamp: 0, ssrc: 1, payload: new Uint8Array(160) }), ep.port, "127.0.0.1");
    expect(await latched).toEqual({ address: "127.0.0.1", port: sock.port });
    expect(heard).toEqual([5]);
    expect(ep.send(new Uint8Array(160), 0)).toBe(true);
    await Bun.sleep(20);
    expect(got.length).toBe(1);
    sock.close();
    for (let i = 0; i < 20; i++) ep.send(new Uint8Array(160), 0);
    await Bun.sleep(20);
    for (let i = 0; i < 20; i++) ep.send(new Uint8Array(160), 0);
    expect(ep.stats.sent + ep.stats.sendErrors).toBe(41);
    expect(ep.stats.unreachable + ep.stats.sendErrors).toBeGreaterThan(0);
    ep.close();
    ep.close();
    expect(ports.live).toBe(0);
    expect(ep.send(new Uint8Array(160), 0)).toBe(false);
  });

  it("M1: MUST take the next even port when one of the range is taken", async () => {
    const blocker = await Bun.udpSocket({ hostname: "0.0.0.0", port: 42200 });
    open.push(blocker);
    const ports = new PortAllocator(42200, 42210);
    const ep = await RtpEndpoint.open({ allocator: ports });
    open.push(ep);
    expect(ep.port).toBe(42202);
    expect(ports.live).toBe(1);
  });

  it("M4: relayPacket MUST send our exact header over the packet's own buffer and give the packet back unchanged", async () => {
    const raw: Uint8Array[] = [];
    const sink = await Bun.udpSocket({ hostname: "127.0.0.1", binaryType: "uint8array", socket: { data: (_s, buf) => void raw.push(buf.slice()) } });
    open.push(sink);
    const ep = await RtpEndpoint.open({ bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: sink.port } });
    open.push(ep);
    const payload = Uint8Array.from({ length: 160 }, (_, i) => i);
    const v = createRtpView();
    // Plain 12-byte header: sent in place. One with a CSRC, and one with padding: copied (sendFrom), header dropped.
    const plain = serializeRtp({ payloadType: 8, marker: true, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload });
    const csrc = new Uint8Array([0x81, 8, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, ...payload]);
    const padded = new Uint8Array([0xa0, 8, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...payload, 0, 0, 3]);
    const seq0 = ep.sequenceNumber;
    const ts0 = ep.timestamp;
    for (const [i, pkt] of [plain, csrc, padded].entries()) {
      const before = pkt.slice();
      expect(parseRtp(pkt, v)).toBe(true);
      expect(ep.relayPacket(v, 0, i === 0, 160)).toBe(true);
      expect(pkt).toEqual(before);
    }
    await Bun.sleep(30);
    expect(raw.length).toBe(3);
    for (const [i, got] of raw.entries()) {
      const seq = (seq0 + 1 + i) & 0xffff;
      const ts = (ts0 + 160 * (i + 1)) >>> 0;
      const s = ep.ssrc;
      const header = [0x80, i === 0 ? 0x80 : 0, seq >> 8, seq & 0xff, ts >>> 24, (ts >>> 16) & 0xff, (ts >>> 8) & 0xff, ts & 0xff, s >>> 24, (s >>> 16) & 0xff, (s >>> 8) & 0xff, s & 0xff];
      expect(got).toEqual(new Uint8Array([...header, ...payload]));
    }
    expect(ep.stats).toMatchObject({ sent: 3, sentOctets: 480 });
    ep.sendEnabled = false; // held: dropped, the timestamp still advances, the buffer untouched
    const before = plain.slice();
    parseRtp(plain, v);
    expect(ep.relayPacket(v, 0, false, 160)).toBe(false);
    expect(plain).toEqual(before);
    expect(ep.timestamp).toBe((ts0 + 160 * 4) >>> 0);
  });

  it("M4/M5: a bridged packet MUST reach listeners subscribed after the bridge unchanged (header included)", async () => {
    const agent = await receiver();
    const a = await RtpEndpoint.open({ bindAddress: "127.0.0.1", latch: false });
    const b = await RtpEndpoint.open({ bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: agent.sock.port } });
    open.push(a, b);
    new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMA", pt: 8 } });
    new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
    // A tap after the bridges (a media worker posts p.data whole) and the parsed fields they saw.
    const seen: { bytes: Uint8Array; seq: number; ssrc: number }[] = [];
    a.onPacket.subscribe((p) => seen.push({ bytes: p.data.slice(), seq: p.sequenceNumber, ssrc: p.ssrc }));
    const tx = await Bun.udpSocket({ hostname: "127.0.0.1" });
    open.push(tx);
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 5; i++) {
      const pkt = serializeRtp({ payloadType: 0, marker: i === 0, sequenceNumber: 100 + i, timestamp: 160 * i, ssrc: 77, payload: new Uint8Array(160).fill(i + 1) });
      sent.push(pkt);
      tx.send(pkt, a.port, "127.0.0.1");
    }
    await Bun.sleep(50);
    expect(seen.map((s) => s.bytes)).toEqual(sent);
    expect(seen.map((s) => s.seq)).toEqual([100, 101, 102, 103, 104]);
    expect(agent.got.length).toBe(10); // once transcoded (copied), once in place
    expect(agent.got.map((g) => g.len)).toEqual(Array(10).fill(160));
  });
});
