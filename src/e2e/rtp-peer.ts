/**
 * A caller's media end for end-to-end tests: a UDP socket on 127.0.0.1 that a SIPp carrier names in
 * its SDP, so the test itself receives what the caller hears (every RTP packet with its arrival
 * time) and talks back: once the appliance's first packet arrives, a G.711 tone goes to where it
 * came from every 20 ms (symmetric RTP). SIPp only signals; no capture privileges are needed.
 * The tone keeps real time like a phone's audio clock: a timer that fires late on a loaded machine
 * (setInterval drifts to some 40 ticks a second) sends the packets it owes at once, so the stream's
 * RTP timestamps do not fall behind the wall clock — a receiver that places audio by timestamp (the
 * recorder, M5) would otherwise find most of it "late".
 */
import type { udp } from "bun";
import { decodeG711, encodeG711 } from "../media/index.ts";
import { rms, toneShares } from "./baresip-runner.ts";

export interface ReceivedRtp {
  /** Arrival time (Date.now()). */
  at: number;
  pt: number;
  payload: Uint8Array;
}

export interface RtpPeer {
  readonly port: number;
  readonly received: ReceivedRtp[];
  /** Decoded audio (G.711 payload types 0 and 8) that arrived in [from, to), in arrival order, as -1..1 samples. */
  audio(from: number, to: number): Float64Array;
  /** The longest gap between audio packets arriving in [from, to) (ms); Infinity when none arrived. */
  longestGap(from: number, to: number): number;
  stop(): void;
}

/** Parse the fixed RTP header (RFC 3550 §5.1): payload type and where the payload starts. */
function parseRtp(b: Uint8Array): { pt: number; payload: Uint8Array } | undefined {
  if (b.length < 12 || b[0]! >> 6 !== 2) return undefined;
  let off = 12 + (b[0]! & 0x0f) * 4;
  if (b[0]! & 0x10) {
    if (b.length < off + 4) return undefined;
    off += 4 + ((b[off + 2]! << 8) | b[off + 3]!) * 4;
  }
  let end = b.length;
  if (b[0]! & 0x20) end -= b[end - 1]!;
  if (off > end) return undefined;
  return { pt: b[1]! & 0x7f, payload: b.slice(off, end) };
}

/** Open the peer; it answers with `toneHz` (PCMU, payload type 0) once the appliance starts sending. */
export async function startRtpPeer(o: { toneHz: number; amplitude?: number }): Promise<RtpPeer> {
  const received: ReceivedRtp[] = [];
  let target: { address: string; port: number } | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  /** performance.now() of the first packet, and packets generated since (sent or skipped). */
  let startedAt = 0;
  let generated = 0;
  let seq = 1;
  let ts = 0;
  let phase = 0;
  const ssrc = 0x1234abcd;
  const pcm = new Int16Array(160);
  const amp = o.amplitude ?? 8000;
  const sock: udp.Socket<"uint8array"> = await Bun.udpSocket({
    hostname: "127.0.0.1",
    binaryType: "uint8array",
    socket: {
      data(_s, buf, port, address) {
        const p = parseRtp(buf);
        if (!p) return;
        received.push({ at: Date.now(), pt: p.pt, payload: p.payload });
        if (!target) {
          target = { address, port };
          startedAt = performance.now();
          tick();
          timer = setInterval(tick, 20);
        }
      },
      // Port unreachable once the appliance has closed the leg's port: the call is over, not an error.
      error() {},
    },
  });
  /** Every 20 ms frame due by now goes out; one more than 200 ms overdue is skipped (lost, as a stalled phone's would be). */
  function tick(): void {
    const due = Math.floor((performance.now() - startedAt) / 20) + 1;
    while (generated < due) send(due - generated > 10);
  }
  function send(skip = false): void {
    if (!target) return;
    generated++;
    for (let i = 0; i < 160; i++) pcm[i] = Math.round(amp * Math.sin((phase += (2 * Math.PI * o.toneHz) / 8000)));
    const packet = new Uint8Array(12 + 160);
    packet[0] = 0x80;
    packet[1] = 0;
    packet[2] = (seq >> 8) & 0xff;
    packet[3] = seq & 0xff;
    new DataView(packet.buffer).setUint32(4, ts >>> 0);
    new DataView(packet.buffer).setUint32(8, ssrc);
    packet.set(encodeG711("PCMU", pcm), 12);
    seq = (seq + 1) & 0xffff;
    ts += 160;
    if (skip) return;
    try {
      sock.send(packet, target.port, target.address);
    } catch (e) {
      // The port unreachable of an earlier packet, raised by this send when several go out in one tick: the
      // appliance closed the leg's port (the call is over), as `error()` above.
      if ((e as { code?: string }).code !== "ECONNREFUSED") throw e;
    }
  }
  const inWindow = (from: number, to: number) => received.filter((r) => r.at >= from && r.at < to && (r.pt === 0 || r.pt === 8));
  return {
    port: sock.port,
    received,
    audio(from, to) {
      const parts = inWindow(from, to).map((r) => decodeG711(r.pt === 0 ? "PCMU" : "PCMA", r.payload));
      const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let k = 0;
      for (const p of parts) for (const v of p) out[k++] = v / 32768;
      return out;
    },
    longestGap(from, to) {
      const at = inWindow(from, to).map((r) => r.at);
      if (!at.length) return Infinity;
      let gap = at[0]! - from;
      for (let i = 1; i < at.length; i++) gap = Math.max(gap, at[i]! - at[i - 1]!);
      return Math.max(gap, to - at.at(-1)!);
    },
    stop() {
      if (timer) clearInterval(timer);
      sock.close();
    },
  };
}

/** What a stretch of received audio sounds like: its level and the share of each candidate tone. */
export function describeAudio(x: Float64Array, tones: number[]): { rms: number; seconds: number; shares: Record<number, number> } {
  return { rms: rms(x), seconds: x.length / 8000, shares: toneShares(x, 8000, tones) };
}
