import type { PcapPeer } from "./pcap.ts";

const hostPort = (p: PcapPeer) => `${p.address.includes(":") ? `[${p.address}]` : p.address}:${p.port}`;

/**
 * One message of a trace as readable text: a line with the time (UTC, milliseconds), the
 * transport, the direction and both ends, then the message as it went over the wire.
 */
export function traceText(time: number, transport: string, direction: "in" | "out", src: PcapPeer, dst: PcapPeer, message: string): string {
  const arrow = direction === "in" ? "received" : "sent";
  const body = message.endsWith("\n") ? message : `${message}\n`;
  return `=== ${new Date(time).toISOString()} ${transport.toUpperCase()} ${arrow} ${hostPort(src)} -> ${hostPort(dst)}\n${body}\n`;
}
