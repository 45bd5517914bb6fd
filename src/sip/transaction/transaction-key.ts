import { BRANCH_COOKIE, parseCSeq, tagOf, topVia, type SipRequest, type SipResponse } from "../message/index.ts";

/**
 * Key of the server transaction a request belongs to (RFC 3261 §17.2.3), or undefined when
 * the top Via is missing or unparseable. ACK maps to its INVITE; CANCEL keeps its own method
 * ("the method of the request matches the one that created the transaction, except for ACK").
 */
export function serverKey(request: SipRequest, method = request.method): string | undefined {
  const via = topVia(request.headers);
  if (!via) return undefined;
  const txMethod = method === "ACK" ? "INVITE" : method;
  const branch = via.params.get("branch");
  if (branch && branch.startsWith(BRANCH_COOKIE)) {
    // "1. the branch parameter in the request is equal to the one in the top Via header field of
    // the request that created the transaction, and 2. the sent-by value in the top Via of the
    // request is equal to the one in the request that created the transaction, and 3. the method
    // of the request matches the one that created the transaction, except for ACK."
    const port = via.port ?? (via.transport === "TLS" || via.transport === "WSS" ? 5061 : 5060);
    return `${branch}|${via.host.toLowerCase()}:${port}|${txMethod}`;
  }
  // RFC 2543 peers (no magic cookie): match on Request-URI, From tag, Call-ID, CSeq number and
  // top Via, as §17.2.3 describes (the To tag is left out so the ACK finds its INVITE).
  let fromTag: string | undefined;
  try {
    fromTag = tagOf(request.headers.get("from"));
  } catch {
    fromTag = undefined;
  }
  const seq = parseCSeq(request.headers.get("cseq")).seq;
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ""}`;
  return `2543|${request.uri}|${fromTag ?? ""}|${request.headers.get("call-id") ?? ""}|${seq}|${sentBy}|${branch ?? ""}|${txMethod}`;
}

/** Key of a client transaction: top Via branch + method (RFC 3261 §17.1.3). */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/**
 * Key of the client transaction a response belongs to (RFC 3261 §17.1.3): "If the response has
 * the same value of the branch parameter in the top Via header field as the branch parameter in
 * the top Via header field of the request that created the transaction" and "If the method
 * parameter in the CSeq header field matches the method of the request that created the transaction."
 */
export function responseKey(response: SipResponse): string | undefined {
  const branch = topBranch(response);
  if (!branch) return undefined;
  const method = parseCSeq(response.headers.get("cseq")).method;
  return method ? clientKey(branch, method) : undefined;
}

/** The branch of the top Via, or undefined. */
export function topBranch(message: SipRequest | SipResponse): string | undefined {
  return topVia(message.headers)?.params.get("branch") ?? undefined;
}

/** To tag of a response, or undefined when absent or unparseable. */
export function responseToTag(response: SipResponse | undefined): string | undefined {
  if (!response) return undefined;
  try {
    return tagOf(response.headers.get("to"));
  } catch {
    return undefined;
  }
}
