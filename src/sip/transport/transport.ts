import type { Endpoint } from "./endpoint.ts";

/** What every transport hands up: one whole message's bytes and where it came from. */
export type InboundHandler = (bytes: Uint8Array, source: Endpoint) => void;

/** A listening transport that can also send. Sends never throw: failures return false. */
export interface Transport {
  readonly name: Endpoint["transport"];
  readonly port: number;
  send(data: string | Uint8Array, target: Endpoint): boolean;
  close(): void;
}

/**
 * The reason phrase of the 503 a transport hands up for a request it could not deliver (a connection
 * refused, a TLS peer not trusted; RFC 3261 §8.1.3.1: "treated as ... a 503"). Its sender can tell it
 * from a 503 the peer itself sent (an OPTIONS probe: the peer is down, not answering).
 */
export const TRANSPORT_ERROR_REASON = "Transport Error";

/** Is this the 503 a transport made up for a request it could not deliver? */
export function isTransportError(response: { status: number; reason: string }): boolean {
  return response.status === 503 && response.reason === TRANSPORT_ERROR_REASON;
}
