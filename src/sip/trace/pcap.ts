/**
 * libpcap capture files (https://wiki.wireshark.org/Development/LibpcapFileFormat), written by
 * hand: a 24-byte global header, then one record per SIP message wrapped in synthetic
 * Ethernet / IPv4 or IPv6 / UDP headers carrying the real addresses and ports, so Wireshark and
 * tshark decode it as SIP. Pure functions, no I/O; `readPcap` is the symmetric reader.
 */
import { parseAddress } from "../../lib/index.ts";

/** One side of a captured message. */
export interface PcapPeer {
  address: string;
  port: number;
}

/** A message as it went over the wire (TCP, TLS and WebSocket messages are framed as UDP too). */
export interface PcapPacket {
  /** Milliseconds since the epoch (fractions keep microseconds). */
  time: number;
  src: PcapPeer;
  dst: PcapPeer;
  payload: Uint8Array;
}

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
/** snaplen: larger than any SIP message we accept (65535) plus the synthetic headers. */
const SNAPLEN = 262_144;
const ETH = 14;
const UDP = 8;
/** An IPv4 datagram is at most 65535 bytes: longer payloads are cut (never happens with our 64 KB limit). */
const MAX_V4_PAYLOAD = 65_535 - 20 - UDP;

/** The global header: microsecond timestamps, little-endian, Ethernet link type. */
export function pcapHeader(): Uint8Array {
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC_MICROSECONDS, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  // thiszone and sigfigs stay 0 (timestamps are UTC).
  v.setUint32(16, SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  return out;
}

/** Address bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6; unknown text becomes 0.0.0.0. */
export function addressBytes(address: string): Uint8Array {
  const a = parseAddress(address.replace(/^\[|\]$/g, ""));
  const size = a?.bits === 128 ? 16 : 4;
  const out = new Uint8Array(size);
  let n = a?.value ?? 0n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** An IPv4 address in IPv6 form (::ffff:a.b.c.d), when the two sides of a packet differ in family. */
function mapped(v4: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(v4, 12);
  return out;
}

/** The Internet checksum (RFC 1071) over `parts`, as one's complement of the one's complement sum. */
function checksum(parts: Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (odd === undefined) odd = p[i]!;
      else {
        sum += (odd << 8) | p[i]!;
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One record: record header + Ethernet + IP + UDP + the SIP message. */
export function pcapRecord(p: PcapPacket): Uint8Array {
  let src = addressBytes(p.src.address);
  let dst = addressBytes(p.dst.address);
  if (src.length !== dst.length) [src, dst] = [src.length === 4 ? mapped(src) : src, dst.length === 4 ? mapped(dst) : dst];
  const v6 = src.length === 16;
  const payload = v6 ? p.payload : p.payload.subarray(0, MAX_V4_PAYLOAD);
  const ipLength = v6 ? 40 : 20;
  const frame = ETH + ipLength + UDP + payload.length;
  const out = new Uint8Array(16 + frame);
  const v = new DataView(out.buffer);
  const micros = Math.round(p.time * 1000);
  v.setUint32(0, Math.floor(micros / 1_000_000), true);
  v.setUint32(4, micros % 1_000_000, true);
  v.setUint32(8, frame, true);
  v.setUint32(12, frame, true);

  // Ethernet: locally administered MACs, 02:..:01 for the sender, 02:..:02 for the receiver.
  out.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 16);
  v.setUint16(28, v6 ? 0x86dd : 0x0800);

  const ip = 30;
  const udpLength = UDP + payload.length;
  if (v6) {
    v.setUint32(ip, 0x60000000);
    v.setUint16(ip + 4, udpLength);
    out[ip + 6] = 17; // next header: UDP
    out[ip + 7] = 64; // hop limit
    out.set(src, ip + 8);
    out.set(dst, ip + 24);
  } else {
    out[ip] = 0x45;
    v.setUint16(ip + 2, 20 + udpLength);
    v.setUint16(ip + 6, 0x4000); // don't fragment
    out[ip + 8] = 64; // TTL
    out[ip + 9] = 17; // protocol: UDP
    out.set(src, ip + 12);
    out.set(dst, ip + 16);
    v.setUint16(ip + 10, checksum([out.subarray(ip, ip + 20)]));
  }
  const udp = ip + ipLength;
  v.setUint16(udp, p.src.port);
  v.setUint16(udp + 2, p.dst.port);
  v.setUint16(udp + 4, udpLength);
  out.set(payload, udp + UDP);
  if (v6) {
    // The UDP checksum is mandatory over IPv6 (RFC 8200 §8.1): pseudo-header + UDP header + data.
    const pseudo = new Uint8Array(40);
    pseudo.set(src, 0);
    pseudo.set(dst, 16);
    new DataView(pseudo.buffer).setUint32(32, udpLength);
    pseudo[39] = 17;
    v.setUint16(udp + 6, checksum([pseudo, out.subarray(udp, udp + udpLength)]) || 0xffff);
  }
  return out;
}

/** Format address bytes back to text (IPv6 without zero compression). */
function addressText(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":");
}

/** Read a capture written by {@link pcapHeader} and {@link pcapRecord} (tests, tools). */
export function readPcap(bytes: Uint8Array): PcapPacket[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || v.getUint32(0, true) !== MAGIC_MICROSECONDS) throw new Error("not a little-endian microsecond pcap file");
  if (v.getUint32(20, true) !== LINKTYPE_ETHERNET) throw new Error("not an Ethernet capture");
  const out: PcapPacket[] = [];
  let at = 24;
  while (at + 16 <= bytes.length) {
    const length = v.getUint32(at + 8, true);
    if (at + 16 + length > bytes.length) break; // a record cut short by a crash
    const time = v.getUint32(at, true) * 1000 + v.getUint32(at + 4, true) / 1000;
    const frame = at + 16;
    const v6 = v.getUint16(frame + 12) === 0x86dd;
    const ip = frame + ETH;
    const udp = ip + (v6 ? 40 : 20);
    const src = bytes.subarray(v6 ? ip + 8 : ip + 12, v6 ? ip + 24 : ip + 16);
    const dst = bytes.subarray(v6 ? ip + 24 : ip + 16, v6 ? ip + 40 : ip + 20);
    out.push({
      time,
      src: { address: addressText(src), port: v.getUint16(udp) },
      dst: { address: addressText(dst), port: v.getUint16(udp + 2) },
      payload: bytes.slice(udp + UDP, udp + v.getUint16(udp + 4)),
    });
    at = frame + length;
  }
  return out;
}
