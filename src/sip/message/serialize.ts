import type { SipMessage } from "./types.ts";

/** Wire form of a message; Content-Length is always recomputed from the body. */
export function serializeMessage(message: SipMessage): string {
  const startLine =
    message.kind === "request" ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [startLine];
  for (const line of message.headers.toLines()) {
    if (!line.startsWith("Content-Length:")) lines.push(line);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(message.body, "utf8")}`);
  return lines.join("\r\n") + "\r\n\r\n" + message.body;
}
