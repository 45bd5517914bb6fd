import { HeaderList } from "./header-list.ts";
import { parseNameAddr } from "./name-addr.ts";
import type { SipRequest, SipResponse } from "./types.ts";

export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  200: "OK",
  202: "Accepted",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  420: "Bad Extension",
  423: "Interval Too Brief",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  484: "Address Incomplete",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  491: "Request Pending",
  500: "Server Internal Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  603: "Decline",
};

/**
 * Build a response to a request (RFC 3261 §8.2.6): Via, From, Call-ID, CSeq copied;
 * To copied and given a tag when the status is above 100 and it has none.
 */
export function createResponse(request: SipRequest, status: number, reason?: string, toTag?: string): SipResponse {
  const headers = new HeaderList();
  for (const via of request.headers.getAll("via")) headers.append("via", via);
  const from = request.headers.get("from");
  if (from !== undefined) headers.append("from", from);
  let to = request.headers.get("to");
  if (to !== undefined && status > 100 && toTag !== undefined && !hasTag(to)) to = `${to};tag=${toTag}`;
  if (to !== undefined) headers.append("to", to);
  // RFC 3261 §12.1.1: "the UAS MUST copy all Record-Route header field values from the request
  // into the response" that establishes a dialog (1xx with a tag and 2xx to INVITE), in order.
  if (request.method === "INVITE" && status > 100 && status < 300 && toTag !== undefined) {
    for (const rr of request.headers.getAll("record-route")) headers.append("record-route", rr);
  }
  const callId = request.headers.get("call-id");
  if (callId !== undefined) headers.append("call-id", callId);
  const cseq = request.headers.get("cseq");
  if (cseq !== undefined) headers.append("cseq", cseq);
  if (status === 100) {
    const ts = request.headers.get("timestamp");
    if (ts !== undefined) headers.append("timestamp", ts);
  }
  return { kind: "response", status, reason: reason ?? REASON_PHRASES[status] ?? "Unknown", headers, body: "" };
}

function hasTag(value: string): boolean {
  if (!/tag/i.test(value)) return false; // no "tag" anywhere: no tag parameter, and no name-addr to parse
  try {
    return parseNameAddr(value).params.has("tag");
  } catch {
    return false;
  }
}

/** CSeq number and method of a message. */
export function parseCSeq(value: string | undefined): { seq: number; method: string } {
  const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(value ?? "");
  return m ? { seq: Number(m[1]), method: m[2]! } : { seq: 0, method: "" };
}
