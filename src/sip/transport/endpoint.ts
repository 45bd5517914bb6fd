/** Transports a SIP message can arrive on or leave by (RFC 3261 §18, RFC 7118). */
export type TransportName = "udp" | "tcp" | "tls" | "ws" | "wss";

/**
 * Where a message came from or goes to. For connection-oriented transports
 * `connectionId` names the flow, so answers and calls to a phone reuse its connection.
 */
export interface Endpoint {
  transport: TransportName;
  address: string;
  port: number;
  connectionId?: string;
}

/** True for transports that retransmit themselves (no Timer A/E/G; I/J/K are zero). */
export function isReliable(transport: TransportName): boolean {
  return transport !== "udp";
}

