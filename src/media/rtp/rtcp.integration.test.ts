import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { PortAllocator } from "./port-allocator.ts";
import { buildSenderReport, parseRtcpHeader } from "./rtcp.ts";
import { RtcpReporter } from "./rtcp-reporter.ts";
import { RtpEndpoint } from "./rtp-endpoint.ts";

describe("RTCP (M1, RFC 3550 §6)", () => {
  it("M1: MUST build a compound SR + SDES packet with 32-bit aligned lengths", () => {
    const sr = buildSenderReport({ ssrc: 0x1234, wallMs: 1_700_000_000_500, rtpTimestamp: 160, packets: 3, octets: 480, cname: "cc@10000" });
    const v = new DataView(sr.buffer);
    expect(sr.length % 4).toBe(0);
    expect(parseRtcpHeader(sr)).toEqual({ type: 200, ssrc: 0x1234 });
    expect(v.getUint32(8)).toBe(1_700_000_000 + 2_208_988_800); // NTP seconds
    expect(v.getUint32(12)).toBe(0x8000_0000); // half a second
    expect([v.getUint32(20), v.getUint32(24)]).toEqual([3, 480]);
    expect(sr[29]).toBe(202); // SDES follows the SR
    expect((v.getUint16(30) + 1) * 4 + 28).toBe(sr.length);
  });

  it("M1: MUST send sender reports from the odd port next to RTP while media goes out", async () => {
    const allocator = new PortAllocator(35000, 35010);
    const reports: Uint8Array[] = [];
    const peerRtp = await Bun.udpSocket({ hostname: "127.0.0.1", port: 35100, socket: { data: () => {} } });
    const peerRtcp = await Bun.udpSocket({ hostname: "127.0.0.1", port: 35101, binaryType: "uint8array", socket: { data: (_s, b) => void reports.push(new Uint8Array(b)) } });
    const rtp = await RtpEndpoint.open({ allocator, bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: 35100 } });
    const clock = new FakeClock();
    const reporter = await RtcpReporter.open(rtp, { clock, log: silentLogger, bindAddress: "127.0.0.1", intervalMs: 5000 });
    expect(reporter).toBeDefined();
    clock.advance(5000); // nothing sent yet: no report
    for (let i = 0; i < 10; i++) rtp.send(new Uint8Array(160), 0);
    clock.advance(5000);
    await Bun.sleep(50);
    expect(reports).toHaveLength(1);
    expect(parseRtcpHeader(reports[0]!)).toEqual({ type: 200, ssrc: rtp.ssrc });
    expect(new DataView(reports[0]!.buffer).getUint32(20)).toBe(10);
    reporter!.close();
    rtp.close();
    peerRtp.close();
    peerRtcp.close();
    expect(clock.pending).toBe(0);
    expect(allocator.live).toBe(0);
  });
});
