import { HeaderList, parseCSeq, type SipRequest, type SipResponse } from "../message/index.ts";

/**
 * Build the ACK a client INVITE transaction sends for a 300-699 response (RFC 3261 §17.1.1.3):
 * "The ACK request constructed by the client transaction MUST contain values for the Call-ID,
 * From, and Request-URI that are equal to the values of those header fields in the request
 * passed to the transport by the client transaction ... The To header field in the ACK MUST
 * equal the To header field in the response being acknowledged ... The ACK MUST contain a
 * single Via header field, and this MUST be equal to the top Via header field of the original
 * request ... The CSeq header field in the ACK MUST contain the same value for the sequence
 * number as was present in the original request, but the method parameter MUST be equal to
 * "ACK" ... If the INVITE request whose response is being acknowledged had Route header
 * fields, those header fields MUST appear in the ACK."
 */
export function createNonTwoXxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new HeaderList();
  const via = invite.headers.get("via");
  if (via !== undefined) headers.append("via", via);
  for (const route of invite.headers.getAll("route")) headers.append("route", route);
  const maxForwards = invite.headers.get("max-forwards");
  headers.append("max-forwards", maxForwards ?? "70");
  const from = invite.headers.get("from");
  if (from !== undefined) headers.append("from", from);
  const to = response.headers.get("to") ?? invite.headers.get("to");
  if (to !== undefined) headers.append("to", to);
  const callId = invite.headers.get("call-id");
  if (callId !== undefined) headers.append("call-id", callId);
  headers.append("cseq", `${parseCSeq(invite.headers.get("cseq")).seq} ACK`);
  return { kind: "request", method: "ACK", uri: invite.uri, headers, body: "" };
}
