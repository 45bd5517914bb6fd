/**
 * Per-direction timestamp continuity for a relayed stream (RFC 3550 §5.1: timestamps advance with the sampling
 * clock; RFC 7667 §3.2.1.3 "media translator" rewriting). The outgoing endpoint keeps its own SSRC and sequence
 * numbers; this says how far its timestamp must advance for each incoming packet, or -1 to drop it.
 *
 * - first packet, or a new source SSRC, or a timestamp jump beyond `maxJump`: advance one frame, set the marker;
 * - a duplicate or late packet (sequence number not ahead, modulo 2^16): drop;
 * - otherwise: advance by the source's own timestamp delta (0 for RFC 4733 packets of one event).
 */
export class StreamRewriter {
  private ssrc = -1;
  private seq = 0;
  private ts = 0;
  /** Set by `step()`: true when this packet starts a new source (the marker bit should be set). */
  restarted = false;

  constructor(private readonly maxJump = 8000 * 10) {}

  step(ssrc: number, seq: number, ts: number, frame = 160): number {
    if (ssrc !== this.ssrc) return this.restart(ssrc, seq, ts, frame);
    const ds = (seq - this.seq) & 0xffff;
    if (ds === 0 || ds >= 0x8000) return -1;
    const dt = (ts - this.ts) >>> 0;
    if (dt > this.maxJump) return this.restart(ssrc, seq, ts, frame);
    this.seq = seq;
    this.ts = ts;
    this.restarted = false;
    return dt;
  }

  private restart(ssrc: number, seq: number, ts: number, frame: number): number {
    this.ssrc = ssrc;
    this.seq = seq;
    this.ts = ts;
    this.restarted = true;
    return frame;
  }
}
