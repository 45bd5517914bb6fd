import type { HeaderList } from "./header-list.ts";

/** A SIP request (RFC 3261 §7.1). The URI stays text; parse it with `parseUri` when needed. */
export interface SipRequest {
  readonly kind: "request";
  method: string;
  uri: string;
  headers: HeaderList;
  body: string;
}

/** A SIP response (RFC 3261 §7.2). */
export interface SipResponse {
  readonly kind: "response";
  status: number;
  reason: string;
  headers: HeaderList;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Why a message was refused by the parser; `status` is the response to send when one can be sent. */
export class SipParseError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "SipParseError";
  }
}
