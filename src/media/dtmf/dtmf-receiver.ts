import { digitOfEvent, parseTelephoneEvent } from "./telephone-event.ts";

/** The RTP fields the receiver looks at (an `RtpView` fits). */
export interface EventPacket {
  payloadType: number;
  timestamp: number;
  payload: Uint8Array;
}

/**
 * RFC 4733 receiver as a pure processor: packets in, digits out, each key press once.
 * All packets of one event carry the event's start timestamp (RFC 4733 §2.5.1.2), so a digit is reported on
 * the first packet with a new timestamp — start, update or (when those were lost) one of the three
 * retransmitted end packets (§2.5.1.4) — and every later packet with that timestamp is a duplicate.
 * Packets of an older event arriving late are dropped. A long press split into segments (§2.5.1.3: next timestamp = previous + duration) is not reported again.
 */
export class DtmfReceiver {
  private lastTs = -1;
  private lastEvent = -1;
  private lastDuration = 0;
  private lastEnded = true;

  constructor(public payloadType: number) {}

  /** Digits completed or started by this packet (zero or one); other payload types give none. */
  process(p: EventPacket): string[] {
    if (p.payloadType !== this.payloadType) return [];
    const e = parseTelephoneEvent(p.payload);
    if (!e) return [];
    if (p.timestamp === this.lastTs) {
      if (e.end) this.lastEnded = true;
      this.lastDuration = Math.max(this.lastDuration, e.duration);
      return [];
    }
    // A late retransmission of an earlier event (timestamp behind the last one, modulo 2^32): already reported.
    if (this.lastTs >= 0 && ((p.timestamp - this.lastTs) | 0) < 0) return [];
    const continued = !this.lastEnded && e.event === this.lastEvent && p.timestamp === ((this.lastTs + this.lastDuration) >>> 0);
    this.lastTs = p.timestamp;
    this.lastEvent = e.event;
    this.lastDuration = e.duration;
    this.lastEnded = e.end;
    const digit = digitOfEvent(e.event);
    return digit && !continued ? [digit] : [];
  }
}
