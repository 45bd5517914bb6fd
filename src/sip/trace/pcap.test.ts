import { describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pcapHeader, pcapRecord, readPcap, type PcapPacket } from "./pcap.ts";

const INVITE = "INVITE sip:1001@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nFrom: <sip:1002@127.0.0.1>;tag=a\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
const bytes = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("pcap writer (X6)", () => {
  it("X6: MUST write the libpcap global header (microseconds, little-endian, v2.4, Ethernet)", () => {
    expect(hex(pcapHeader())).toBe("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000");
  });

  it("X6: MUST frame a message as Ethernet/IPv4/UDP with the real addresses, ports and time", () => {
    const packet: PcapPacket = { time: 1_700_000_000_123.456, src: { address: "192.0.2.1", port: 5070 }, dst: { address: "198.51.100.2", port: 5060 }, payload: bytes("hi") };
    const r = pcapRecord(packet);
    // record header: seconds, microseconds, captured and original length (14 + 20 + 8 + 2 = 44)
    expect(hex(r.subarray(0, 16))).toBe("00f15365" + "40e20100" + "2c000000" + "2c000000");
    expect(hex(r.subarray(28, 30))).toBe("0800");
    // IPv4 header with its checksum (RFC 791), then UDP 5070 → 5060, length 10, no checksum
    expect(hex(r.subarray(30, 50))).toBe("4500001e000040004011" + "4e98" + "c0000201" + "c6336402");
    expect(hex(r.subarray(50, 58))).toBe("13ce13c4000a0000");
    expect(new TextDecoder().decode(r.subarray(58))).toBe("hi");
  });

  it("X6: MUST read back what it wrote (IPv4, IPv6, IPv4-mapped, a record cut short by a crash)", () => {
    const packets: PcapPacket[] = [
      { time: 1_700_000_000_000.5, src: { address: "127.0.0.1", port: 5070 }, dst: { address: "127.0.0.1", port: 5060 }, payload: bytes(INVITE) },
      { time: 1_700_000_000_010, src: { address: "2001:db8::1", port: 5060 }, dst: { address: "2001:db8::2", port: 40000 }, payload: bytes("SIP/2.0 100 Trying\r\n\r\n") },
      { time: 1_700_000_000_020, src: { address: "::ffff:10.0.0.1", port: 5060 }, dst: { address: "10.0.0.2", port: 5060 }, payload: bytes("x") },
    ];
    const file = Buffer.concat([pcapHeader(), ...packets.map(pcapRecord)]);
    const back = readPcap(file);
    expect(back.map((p) => [p.time, p.src, p.dst, new TextDecoder().decode(p.payload)])).toEqual([
      [1_700_000_000_000.5, { address: "127.0.0.1", port: 5070 }, { address: "127.0.0.1", port: 5060 }, INVITE],
      [1_700_000_000_010, { address: "2001:db8:0:0:0:0:0:1", port: 5060 }, { address: "2001:db8:0:0:0:0:0:2", port: 40000 }, "SIP/2.0 100 Trying\r\n\r\n"],
      [1_700_000_000_020, { address: "10.0.0.1", port: 5060 }, { address: "10.0.0.2", port: 5060 }, "x"],
    ]);
    expect(readPcap(file.subarray(0, file.length - 3))).toHaveLength(2);
  });

  it.skipIf(!Bun.which("tshark"))("X6: tshark MUST decode the SIP in the file by itself, on any port", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-pcap-"));
    try {
      const file = join(dir, "t.pcap");
      const at = Date.now();
      writeFileSync(file, Buffer.concat([pcapHeader(), pcapRecord({ time: at, src: { address: "127.0.0.1", port: 41234 }, dst: { address: "127.0.0.1", port: 35060 }, payload: bytes(INVITE) }), pcapRecord({ time: at + 1, src: { address: "::1", port: 35060 }, dst: { address: "::1", port: 41234 }, payload: bytes("SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP [::1]:41234;branch=z9hG4bK1\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n") })]));
      const run = Bun.spawnSync(["tshark", "-r", file, "-T", "fields", "-e", "sip.Method", "-e", "sip.Status-Code", "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"]);
      expect(run.exitCode, run.stderr.toString()).toBe(0);
      expect(run.stdout.toString().trim().split("\n").map((l) => l.split("\t"))).toEqual([
        ["INVITE", "", "1", "3"], // IPv4 header checksum good (1), UDP checksum absent (3)
        ["", "100", "", "1"], // IPv6: UDP checksum good
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
