import { randomToken } from "../../lib/index.ts";
import { BRANCH_COOKIE, createResponse, parseCSeq, type SipRequest } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { viaTransport } from "./next-hop.ts";

/** A copy of `request` for the next hop: new Request-URI, Max-Forwards less one, our Via on top (RFC 3261 §16.6). */
export function forwardCopy(request: SipRequest, uri: string, via: { host: string; port: number }, target: Endpoint): SipRequest {
  const headers = request.headers.clone();
  const mf = Number(request.headers.get("max-forwards") ?? "70");
  headers.set("max-forwards", String(mf - 1));
  headers.remove("proxy-authorization");
  headers.prepend("via", `SIP/2.0/${viaTransport(target)} ${hostPort(via)};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
  return { kind: "request", method: request.method, uri, headers, body: request.body };
}

/** The CANCEL for a forwarded INVITE: same Request-URI, top Via, From, To, Call-ID, Route (§9.1). */
export function cancelFor(invite: SipRequest): SipRequest {
  const headers = createResponse(invite, 100).headers; // copies Via(s), From, To, Call-ID, CSeq
  headers.remove("via").prepend("via", invite.headers.get("via")!);
  headers.set("cseq", `${parseCSeq(invite.headers.get("cseq")).seq} CANCEL`);
  headers.set("max-forwards", "70");
  for (const route of invite.headers.getAll("route")) headers.append("route", route);
  return { kind: "request", method: "CANCEL", uri: invite.uri, headers, body: "" };
}

export function hostPort(hp: { host: string; port: number }): string {
  return `${hp.host.includes(":") ? `[${hp.host}]` : hp.host}:${hp.port}`;
}

/** Max-Forwards of a request, 70 when absent. */
export function maxForwards(request: SipRequest): number {
  return Number(request.headers.get("max-forwards") ?? "70");
}
