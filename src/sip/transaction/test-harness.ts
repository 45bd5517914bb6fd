import { FakeClock, randomToken } from "../../lib/index.ts";
import { createResponse, HeaderList, type SipMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Endpoint, TransportName } from "../transport/index.ts";
import { TransactionLayer } from "./transaction-layer.ts";
import type { ClientTransactionHandlers, ServerTransaction, TransactionUser } from "./types.ts";

/** Test-only: a layer on a FakeClock that records every message it sends and everything the TU sees. */
export function harness(options: { failSend?: (message: SipMessage) => boolean; answer?: (request: SipRequest, tx: ServerTransaction) => void } = {}) {
  const clock = new FakeClock();
  const sent: Array<{ message: SipMessage; target: Endpoint; at: number }> = [];
  const requests: Array<{ request: SipRequest; tx: ServerTransaction | null }> = [];
  const strays: SipResponse[] = [];
  const user: TransactionUser = {
    onRequest: (request, tx) => {
      requests.push({ request, tx });
      if (tx) options.answer?.(request, tx);
    },
    onStrayResponse: (response) => strays.push(response),
  };
  const layer = new TransactionLayer({
    clock,
    user,
    send: (message, target) => {
      if (options.failSend?.(message)) throw new Error("ECONNREFUSED");
      sent.push({ message, target, at: clock.now() });
    },
  });
  return { clock, layer, sent, requests, strays, start: clock.now() };
}

/** An endpoint on a transport. */
export function peer(transport: TransportName = "udp"): Endpoint {
  return { transport, address: "192.0.2.10", port: 5060 };
}

/** A request as a phone would send it, with a fresh (or given) z9hG4bK branch. */
export function makeRequest(method: string, opts: { branch?: string; cseq?: number; callId?: string; toTag?: string } = {}): SipRequest {
  const branch = opts.branch ?? `z9hG4bK${randomToken(10)}`;
  const headers = new HeaderList()
    .append("via", `SIP/2.0/UDP 192.0.2.10:5060;branch=${branch}`)
    .append("max-forwards", "70")
    .append("route", "<sip:proxy.example.com;lr>")
    .append("from", "<sip:1001@example.com>;tag=from1")
    .append("to", `<sip:1002@example.com>${opts.toTag ? `;tag=${opts.toTag}` : ""}`)
    .append("call-id", opts.callId ?? "call-1@192.0.2.10")
    .append("cseq", `${opts.cseq ?? 1} ${method}`);
  return { kind: "request", method, uri: "sip:1002@example.com", headers, body: "" };
}

/** A response to a request with a To tag. */
export function reply(request: SipRequest, status: number): SipResponse {
  return createResponse(request, status, undefined, "totag1");
}

/** Handlers that record what the client transaction reports. */
export function recorder() {
  const seen = { responses: [] as SipResponse[], timeouts: 0, transportErrors: 0 };
  const handlers: ClientTransactionHandlers = {
    onResponse: (r) => seen.responses.push(r),
    onTimeout: () => seen.timeouts++,
    onTransportError: () => seen.transportErrors++,
  };
  return { seen, handlers };
}

/**
 * How many of the objects behind `refs` a full collection frees. The collector scans the stack
 * conservatively, so one or two may survive by chance: tests make many and expect most to go
 * (an object still reachable keeps all of them).
 */
export function collected(refs: WeakRef<object>[]): number {
  Bun.gc(true);
  return refs.filter((r) => r.deref() === undefined).length;
}
