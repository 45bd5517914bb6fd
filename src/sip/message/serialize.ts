import type { SipMessage } from "./types.ts";

/** Wire form of a message; Content-Length is always recomputed from the body. */
export function serializeMessage(message: SipMessage): string {
  // One string built in order (issue 12: every message sent passes here; an array of lines joined cost twice as much).
  const startLine =
    message.kind === "request" ? `${message.method} ${message.uri} SIP/2.0\r\n` : `SIP/2.0 ${message.status} ${message.reason}\r\n`;
  const body = message.body;
  const length = body === "" ? 0 : Buffer.byteLength(body, "utf8");
  return `${startLine}${message.headers.wire("content-length")}Content-Length: ${length}\r\n\r\n${body}`;
}
