import { eventOfDigit, serializeTelephoneEvent } from "./telephone-event.ts";

/** One RFC 4733 packet to send, `atMs` after the event started. */
export interface DtmfPacket {
  atMs: number;
  payload: Uint8Array;
  marker: boolean;
  /** Timestamp advance from the previous RTP packet: 160 for the first packet of an event, 0 after (same timestamp). */
  timestampStep: number;
}

export interface DtmfSendOptions {
  /** Tone length, default 100 ms (RFC 4733 §2.5.1.2 updates every 50 ms or less; we send every 20 ms). */
  durationMs?: number;
  /** -dBm0, default 10. */
  volume?: number;
}

/**
 * RFC 4733 §2.5.1 sender as a pure function: the packets of one key press — a first packet with the marker bit
 * (§2.5.1.2), updates every 20 ms with growing duration, and the end packet sent three times (§2.5.1.4).
 * Returns [] for a character that is not a DTMF digit. After the event the sender's timestamp should advance
 * by `durationMs × 8` (the event's packets share one timestamp).
 */
export function dtmfPackets(digit: string, options: DtmfSendOptions = {}): DtmfPacket[] {
  const event = eventOfDigit(digit);
  if (event === undefined) return [];
  const volume = options.volume ?? 10;
  const total = Math.max(40, Math.round((options.durationMs ?? 100) / 20) * 20);
  const out: DtmfPacket[] = [];
  for (let t = 0; t < total; t += 20) {
    const duration = (t + 20) * 8;
    const end = t + 20 >= total;
    const payload = serializeTelephoneEvent({ event, end, volume, duration });
    out.push({ atMs: t, payload, marker: t === 0, timestampStep: t === 0 ? 160 : 0 });
    if (end) for (let r = 0; r < 2; r++) out.push({ atMs: t, payload, marker: false, timestampStep: 0 });
  }
  return out;
}
