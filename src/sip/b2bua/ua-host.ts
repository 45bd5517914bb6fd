import type { Clock, Logger } from "../../lib/index.ts";
import type { SipMessage, SipRequest } from "../message/index.ts";
import type { ClientTransaction, ClientTransactionHandlers } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";

/** What a user-agent call needs from the SIP server around it. */
export interface UaHost {
  readonly clock: Clock;
  readonly log: Logger;
  request(request: SipRequest, target: Endpoint, handlers: ClientTransactionHandlers): ClientTransaction;
  send(message: SipMessage, target: Endpoint): void;
  localHostPort(target: Endpoint): { host: string; port: number };
  /** Remember / forget a dialog so in-dialog requests find their call. */
  bind(callId: string, call: unknown): void;
  unbind(callId: string): void;
}
