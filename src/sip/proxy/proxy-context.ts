import type { Clock, Logger } from "../../lib/index.ts";
import type { Endpoint } from "../transport/index.ts";
import type { ClientTransaction, ClientTransactionHandlers, ServerTransaction } from "../transaction/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";

/** What the proxy needs from the SIP server around it. */
export interface ProxyHost {
  readonly clock: Clock;
  readonly log: Logger;
  /** Start a client transaction towards `target`. */
  request(request: SipRequest, target: Endpoint, handlers: ClientTransactionHandlers): ClientTransaction;
  /** Send a message statelessly (ACK for 2xx, stray 2xx retransmissions). */
  send(message: SipRequest | SipResponse, target: Endpoint): void;
  /** Our own URI facing `target` (for Via and Record-Route). */
  localHostPort(target: Endpoint): { host: string; port: number };
  /** True when a URI names this server (Route popping, RFC 3261 §16.4). */
  isLocalUri(uri: string): boolean;
}

export type { ServerTransaction };
