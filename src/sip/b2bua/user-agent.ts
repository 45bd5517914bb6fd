import { Event } from "../../lib/index.ts";
import { tagOf, type SipRequest } from "../message/index.ts";
import type { ServerTransaction } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { IncomingCall } from "./incoming-call.ts";
import { OutgoingCall, type OutgoingCallOptions } from "./outgoing-call.ts";
import { termsOfRequest } from "./session-timer.ts";
import { tooSmall, type SipCall } from "./sip-call.ts";
import type { UaHost } from "./ua-host.ts";

/**
 * The appliance as a user agent (the B2BUA's two sides, T8): hands up new incoming calls
 * and makes outgoing ones; finds the call of every in-dialog request by Call-ID.
 */
export class UserAgent {
  readonly onIncomingCall = new Event<[IncomingCall]>();
  private readonly calls = new Map<string, SipCall>();
  private readonly host: UaHost;

  constructor(host: Omit<UaHost, "bind" | "unbind">) {
    this.host = {
      ...host,
      bind: (callId, call) => this.calls.set(callId, call as SipCall),
      unbind: (callId) => this.calls.delete(callId),
    };
  }

  /** Does this request belong to one of our calls? */
  owns(request: SipRequest): boolean {
    return this.calls.has(request.headers.get("call-id") ?? "");
  }

  /** A new INVITE addressed to the appliance itself (a service number); 422 when its session interval is too small (RFC 4028 §8.1). */
  acceptInvite(tx: ServerTransaction, source: Endpoint, extension?: string, dialled?: string): IncomingCall | undefined {
    const terms = termsOfRequest(tx.request);
    if (terms && "tooSmall" in terms) return void tx.respond(tooSmall(tx.request));
    const call = new IncomingCall(this.host, tx, source, extension, dialled);
    this.onIncomingCall.execute(call);
    return call;
  }

  /** A request inside one of our dialogs. */
  inDialog(request: SipRequest, tx: ServerTransaction | null): void {
    const call = this.calls.get(request.headers.get("call-id") ?? "");
    if (!call) return;
    if (!tx) {
      if (request.method === "ACK") call.handleAck(request);
      return;
    }
    if (tagOf(request.headers.get("to")) === undefined && request.method === "INVITE") return; // a retransmitted initial INVITE: the transaction absorbs it
    call.handleRequest(request, tx);
  }

  /** Start an outgoing call (an agent's phone ringing). */
  call(options: OutgoingCallOptions): OutgoingCall {
    const call = new OutgoingCall(this.host, options);
    call.start();
    return call;
  }

  /** A connection closed (a browser's WebSocket): the calls signalled over it end (`SipCall.flowLost`). */
  flowClosed(connectionId: string): void {
    for (const call of [...this.calls.values()]) if (call.flow.connectionId === connectionId) call.flowLost();
  }

  /** Calls alive now (leak checks). */
  get size(): number {
    return this.calls.size;
  }

  /** End every call (shutdown). */
  hangupAll(): void {
    for (const call of [...this.calls.values()]) call.hangup("shutdown");
  }
}
