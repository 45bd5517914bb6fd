import { parseUri, parseVia, type SipResponse } from "../message/index.ts";
import type { Endpoint, TransportName } from "../transport/index.ts";

/** Where a URI points (RFC 3263 reduced to numeric hosts and the transport parameter). */
export function endpointOfUri(uri: string): Endpoint {
  const parsed = parseUri(uri);
  const transport = (parsed.params.get("transport") ?? "udp").toLowerCase() as TransportName;
  const secure = parsed.scheme === "sips";
  return {
    transport: transport === "tcp" && secure ? "tls" : transport,
    address: parsed.host,
    port: parsed.port ?? (secure ? 5061 : 5060),
  };
}

/** Where a response goes next: the top Via's received/rport, else its sent-by (RFC 3261 §18.2.2, RFC 3581). */
export function endpointOfTopVia(response: SipResponse): Endpoint | undefined {
  const top = response.headers.get("via");
  if (!top) return undefined;
  const via = parseVia(top);
  const rport = via.params.get("rport");
  return {
    transport: via.transport.toLowerCase() as TransportName,
    address: via.params.get("received") ?? via.host,
    port: rport ? Number(rport) : (via.port ?? 5060),
  };
}

/** The Via transport token for an endpoint. */
export function viaTransport(target: Endpoint): string {
  return target.transport.toUpperCase();
}
