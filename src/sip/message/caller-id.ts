import type { SipRequest } from "./types.ts";
import { userOf } from "./name-addr.ts";

/** The caller's number as a carrier states it (T7), and whether the caller withheld it. */
export interface CallerIdentity {
  /** The number, or "anonymous" when withheld. */
  number: string;
  withheld: boolean;
}

/** The number of a sip:, sips: or tel: URI (in a name-addr or bare); "" when there is none. */
function numberOf(value: string | undefined): string {
  if (!value) return "";
  const tel = /<?tel:([^;>\s]+)/i.exec(value);
  if (tel) return tel[1]!;
  return userOf(value);
}

/**
 * Who is calling, from a carrier's INVITE: `P-Asserted-Identity` (RFC 3325), then
 * `Remote-Party-ID` (draft-ietf-sip-privacy-04, still sent by many carriers), then `From`.
 * `Privacy: id` (RFC 3325 §9.3), RPID `privacy=full|uri`, or an anonymous user withhold the number.
 * Only trunks are trusted to assert an identity; a phone's own From is taken as it is.
 */
export function callerIdentity(request: SipRequest, trusted: boolean): CallerIdentity {
  const from = request.headers.get("from");
  const pai = trusted ? request.headers.getAll("p-asserted-identity").flatMap((v) => v.split(",")) : [];
  const rpid = trusted ? request.headers.get("remote-party-id") : undefined;
  const privacy = (request.headers.get("privacy") ?? "").toLowerCase().split(/[;,\s]+/);
  const rpidPrivate = rpid !== undefined && /;\s*privacy\s*=\s*"?(full|uri)/i.test(rpid);
  const number = numberOf(pai.find((v) => numberOf(v))) || numberOf(rpid) || numberOf(from);
  const anonymous = /^anonymous$/i.test(number) || /anonymous\.invalid/i.test(from ?? "");
  const withheld = (trusted && (privacy.includes("id") || rpidPrivate)) || anonymous || number === "";
  return { number: withheld ? "anonymous" : number, withheld };
}
