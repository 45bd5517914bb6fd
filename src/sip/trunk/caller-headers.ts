/** How a trunk presents the caller on an outbound INVITE (T7): what the carrier expects. */
export interface CallerPresentation {
  /** The service's number (its caller ID); "anonymous" or `withheld` hides it. */
  callerId: string;
  /** The From user: the service's number, or the trunk's account when the carrier wants that. */
  fromUser: "number" | "account";
  /** The trunk's account (registration user name). */
  account?: string;
  /** Send P-Asserted-Identity with the service's number (RFC 3325 §9.1). */
  assertIdentity: boolean;
  /** The carrier's domain (host part of the identities). */
  domain: string;
  withheld?: boolean;
}

/**
 * From user and extra headers of an outbound INVITE to a carrier. A withheld caller goes out as
 * `anonymous` in From with `Privacy: id` (RFC 3323 §4.2, RFC 3325 §9.3): the carrier still learns
 * the number from P-Asserted-Identity, for billing and emergency use, and must not pass it on.
 */
export function callerHeaders(p: CallerPresentation): { fromUser: string; headers: [string, string][] } {
  const withheld = p.withheld === true || p.callerId === "anonymous";
  const headers: [string, string][] = [];
  const number = p.callerId === "anonymous" ? "" : p.callerId;
  if (p.assertIdentity && number) headers.push(["p-asserted-identity", `<sip:${number}@${p.domain}>`]);
  if (withheld) headers.push(["privacy", "id"]);
  const fromUser = withheld ? "anonymous" : p.fromUser === "account" && p.account ? p.account : number;
  return { fromUser, headers };
}

/** A Route header for an outbound proxy given as `host[:port]` (RFC 3261 §8.1.2, loose routing). */
export function proxyRoute(outboundProxy: string, transport: string): { route: string; host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(outboundProxy.trim());
  if (!m) return undefined;
  const host = m[1]!;
  const port = m[2] ? Number(m[2]) : 5060;
  const t = transport === "udp" ? "" : `;transport=${transport}`;
  return { route: `<sip:${host}:${port}${t};lr>`, host: host.replace(/^\[(.*)\]$/, "$1"), port };
}
