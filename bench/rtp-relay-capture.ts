/**
 * Reads a capture (classic pcap from dumpcap -P, on lo) of a relay's RTP and measures what the relay adds when
 * the payloads cannot be compared — SRTP hides them on a WebRTC leg, but leaves the RTP header in clear
 * (RFC 3711 §3.1). For each call the input and output streams are known by port (the bench knows which ports
 * belong to which call); the relay rewrites timestamps by a constant offset per stream (the bridge's
 * `StreamRewriter`), found by vote, so each output packet is paired with the input packet it relays:
 * latency = out time − in time, added jitter = |latency − previous packet's latency| (RFC 3550's D taken
 * between input and output). Loss = gaps in the output streams' sequence numbers.
 */
import { readFileSync } from "node:fs";

export interface RtpStream {
  src: number;
  dst: number;
  ssrc: number;
  /** Capture time (s), RTP timestamp and sequence number of each audio packet (PT 0/8), in order. */
  t: number[];
  ts: number[];
  seq: number[];
}

/** Audio RTP packets (version 2, PT 0 or 8: no RTCP, STUN, DTLS or telephone-events) grouped by src>dst#ssrc. */
export function readRtpCapture(path: string, skipSeconds: number): RtpStream[] {
  const buf = readFileSync(path);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const linktype = dv.getUint32(20, le);
  const l2 = linktype === 1 ? 14 : linktype === 113 ? 16 : linktype === 0 ? 4 : 14;
  const streams = new Map<string, RtpStream>();
  let off = 24;
  let start = NaN;
  while (off + 16 <= buf.length) {
    const t = dv.getUint32(off, le) + dv.getUint32(off + 4, le) / (nano ? 1e9 : 1e6);
    const incl = dv.getUint32(off + 8, le);
    const p = off + 16;
    off = p + incl;
    if (off > buf.length) break;
    if (Number.isNaN(start)) start = t;
    if (t < start + skipSeconds) continue;
    const ip = p + l2;
    if (buf[ip]! >> 4 !== 4 || buf[ip + 9] !== 17) continue;
    const udp = ip + (buf[ip]! & 0x0f) * 4;
    if (udp + 20 > p + incl) continue;
    const rtp = udp + 8;
    const pt = buf[rtp + 1]! & 0x7f;
    if (buf[rtp]! >> 6 !== 2 || (pt !== 0 && pt !== 8)) continue;
    const src = dv.getUint16(udp);
    const dst = dv.getUint16(udp + 2);
    const ssrc = dv.getUint32(rtp + 8);
    const key = `${src}>${dst}#${ssrc}`;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { src, dst, ssrc, t: [], ts: [], seq: [] }));
    s.t.push(t);
    s.ts.push(dv.getUint32(rtp + 4));
    s.seq.push(dv.getUint16(rtp + 2));
  }
  return [...streams.values()];
}

/** Packets missing from a stream: gaps in its (extended) sequence numbers. */
export function lostIn(s: RtpStream): number {
  const seen = new Set<number>();
  let ext = s.seq[0] ?? 0;
  for (const q of s.seq) {
    let d = q - (ext & 0xffff);
    if (d < -32768) d += 65536;
    else if (d > 32768) d -= 65536;
    ext += d;
    seen.add(ext);
  }
  if (!seen.size) return 0;
  const min = Math.min(...seen);
  const max = Math.max(...seen);
  return max - min + 1 - seen.size;
}

/** Latency (ms) of each output packet paired with the input packet it relays, and the added jitter (ms). */
export function pairByTimestamp(input: RtpStream, output: RtpStream): { lats: number[]; adds: number[] } | undefined {
  const votes = new Map<number, number>();
  for (let k = 0; k < Math.min(200, output.t.length); k++) {
    for (let j = 0; j < input.t.length; j++) {
      const d = output.t[k]! - input.t[j]!;
      if (d >= 0 && d < 0.1) {
        const off = (output.ts[k]! - input.ts[j]!) >>> 0;
        votes.set(off, (votes.get(off) ?? 0) + 1);
      }
    }
  }
  let offset = -1;
  let best = 0;
  for (const [o, n] of votes) if (n > best) (offset = o), (best = n);
  if (offset < 0 || best < 10) return undefined;
  const inAt = new Map<number, number>();
  input.ts.forEach((ts, j) => inAt.set(ts, input.t[j]!));
  const lats: number[] = [];
  const adds: number[] = [];
  let prev = NaN;
  let prevSeq = -1;
  for (let k = 0; k < output.t.length; k++) {
    const tIn = inAt.get((output.ts[k]! - offset) >>> 0);
    if (tIn === undefined) {
      prev = NaN;
      continue;
    }
    const lat = (output.t[k]! - tIn) * 1000;
    lats.push(lat);
    if (!Number.isNaN(prev) && output.seq[k] === ((prevSeq + 1) & 0xffff)) adds.push(Math.abs(lat - prev));
    prev = lat;
    prevSeq = output.seq[k]!;
  }
  return { lats, adds };
}

export function percentile(sorted: Float64Array, q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}
