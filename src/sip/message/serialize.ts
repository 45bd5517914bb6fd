import type { SipMessage } from "./types.ts";

/** Wire form of a message; Content-Length is always recomputed from the body. */
export function serializeMessage(message: SipMessage): string {
  // Joined into one flat string (issue 12): a string built by concatenation is a rope of its pieces,
  // and those are slices of the datagrams they came from; a response held 32 s for retransmissions
  // kept them all alive, and flattening it later cost more than joining here.
  const body = message.body;
  const lines = [message.kind === "request" ? `${message.method} ${message.uri} SIP/2.0\r\n` : `SIP/2.0 ${message.status} ${message.reason}\r\n`];
  message.headers.wireLines("content-length", lines);
  lines.push("Content-Length: ", String(body === "" ? 0 : Buffer.byteLength(body, "utf8")), "\r\n\r\n", body);
  return lines.join("");
}
