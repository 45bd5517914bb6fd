import { findHeaderEnd } from "./parse.ts";

/** What a stream framer hands up: one whole message's bytes, or a keep-alive ping. */
export type FramedUnit = { type: "message"; bytes: Uint8Array } | { type: "ping" } | { type: "pong" };

/**
 * Cuts a TCP/TLS byte stream into SIP messages using Content-Length (RFC 3261 §18.3),
 * and recognizes RFC 5626 §3.5.1 keep-alives (CRLFCRLF ping, CRLF pong). Pure: no I/O.
 */
export class StreamFramer {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(private readonly maxMessageSize = 65535) {}

  /** Feed bytes; returns complete units. Throws RangeError when a message exceeds the size limit. */
  push(chunk: Uint8Array): FramedUnit[] {
    this.buffer = concat(this.buffer, chunk);
    const units: FramedUnit[] = [];
    for (;;) {
      let crlfs = 0;
      while (crlfs + 1 < this.buffer.length && this.buffer[crlfs] === 13 && this.buffer[crlfs + 1] === 10) crlfs += 2;
      if (crlfs > 0) {
        units.push(crlfs >= 4 ? { type: "ping" } : { type: "pong" });
        this.buffer = this.buffer.subarray(crlfs);
        // A lone CR at the end may be the start of another CRLF: wait for more.
      }
      if (this.buffer.length === 0) break;
      const headEnd = findHeaderEnd(this.buffer);
      if (headEnd < 0) {
        if (this.buffer.length > this.maxMessageSize) throw new RangeError("SIP message headers too large");
        break;
      }
      const length = contentLength(this.buffer.subarray(0, headEnd));
      const total = headEnd + 4 + length;
      if (total > this.maxMessageSize) throw new RangeError("SIP message too large");
      if (this.buffer.length < total) break;
      units.push({ type: "message", bytes: this.buffer.slice(0, total) });
      this.buffer = this.buffer.subarray(total);
    }
    return units;
  }

  get buffered(): number {
    return this.buffer.length;
  }
}

const CL_RE = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im;

function contentLength(head: Uint8Array): number {
  const m = CL_RE.exec(new TextDecoder().decode(head));
  return m ? Number(m[1]) : 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
