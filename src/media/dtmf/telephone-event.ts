/**
 * RFC 4733 §2.3 telephone-event payload (4 bytes):
 *
 *    0                   1                   2                   3
 *   |     event     |E|R| volume    |          duration             |
 *
 * Events 0–9, 10 = "*", 11 = "#", 12–15 = "A"–"D" (RFC 4733 §3.2, Table 7); 16 (flash) is ignored here.
 */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level in -dBm0, 0–63. */
  volume: number;
  /** Duration in timestamp units (8 kHz samples) since the event's timestamp. */
  duration: number;
}

const DIGITS = "0123456789*#ABCD";

/** "0"-"9", "*", "#", "A"-"D" for events 0–15, else undefined. */
export function digitOfEvent(event: number): string | undefined {
  return event < 16 ? DIGITS[event] : undefined;
}

/** Event code of a digit (case-insensitive A–D), else undefined. */
export function eventOfDigit(digit: string): number | undefined {
  const i = DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && i >= 0 ? i : undefined;
}

export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

export function serializeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  return new Uint8Array([e.event, (e.end ? 0x80 : 0) | (e.volume & 0x3f), (e.duration >> 8) & 0xff, e.duration & 0xff]);
}
