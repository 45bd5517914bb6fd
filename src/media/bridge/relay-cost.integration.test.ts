import { afterEach, describe, expect, it } from "bun:test";
import { RtpPacket } from "werift-rtp";
import { createRtpView, parseRtp, RtpEndpoint, serializeRtp } from "../rtp/index.ts";
import { MediaBridge } from "./media-bridge.ts";

const closers: { close(): void }[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

const report = (s: string) => Bun.env.MEDIA_REPORT && Bun.write(Bun.stderr, `${s}\n`);
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Send `n` RTP packets to `port` in bursts and wait until `received()` stops growing; returns CPU µs used. */
async function blast(port: number, n: number, received: () => number): Promise<number> {
  const tx = await Bun.udpSocket({ hostname: "127.0.0.1" });
  closers.push(tx);
  const pkt = serializeRtp({ payloadType: 0, marker: false, sequenceNumber: 0, timestamp: 0, ssrc: 9, payload: new Uint8Array(160) });
  const dv = new DataView(pkt.buffer);
  const t0 = cpuUs();
  for (let i = 0; i < n; i++) {
    dv.setUint16(2, i & 0xffff);
    dv.setUint32(4, i * 160);
    tx.send(pkt, port, "127.0.0.1");
    if (i % 100 === 99) await Bun.sleep(0);
  }
  let last = -1;
  while (received() !== last) {
    last = received();
    await Bun.sleep(20);
  }
  return cpuUs() - t0;
}

describe("relay cost (M4, BENCHMARKS.md media budget)", () => {
  it("M4: MUST relay real UDP packets through two endpoints with little CPU per packet (measured)", async () => {
    const n = 20_000;
    let direct = 0;
    const sink = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: () => void direct++ } });
    closers.push(sink);
    const base = await blast(sink.port, n, () => direct);

    let relayed = 0;
    const out = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data: () => void relayed++ } });
    closers.push(out);
    const a = await RtpEndpoint.open({ bindAddress: "127.0.0.1", latch: false });
    const b = await RtpEndpoint.open({ bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: out.port } });
    closers.push(a, b);
    new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
    const withRelay = await blast(a.port, n, () => relayed);
    const perPacket = (withRelay - base) / Math.max(1, relayed);
    report(`relay through the appliance: ${perPacket.toFixed(2)} µs CPU per relayed packet (receive+parse+rewrite+send), ${relayed}/${n} delivered, direct ${direct}/${n}`);
    expect(relayed).toBeGreaterThan(n * 0.9);
    expect(perPacket).toBeLessThan(30);
  });

  it("M1: hand RTP parser vs werift-rtp RtpPacket.deSerialize (measured)", () => {
    const bytes = serializeRtp({ payloadType: 0, marker: false, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(160) });
    const buf = Buffer.from(bytes);
    const v = createRtpView();
    const n = 200_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) parseRtp(bytes, v);
    const hand = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) RtpPacket.deSerialize(buf);
    const werift = ((performance.now() - t) * 1000) / n;
    report(`RTP parse: hand ${hand.toFixed(3)} µs, werift-rtp ${werift.toFixed(3)} µs per packet`);
    expect(hand).toBeLessThan(werift);
  });
});
