import { createResponse, parseUri, topVia, userOf, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Registrar } from "../registrar/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { forwardCopy, hostPort, maxForwards } from "./branch-request.ts";
import { DialogTable } from "./dialog-table.ts";
import { InviteFork } from "./invite-fork.ts";
import { endpointOfTopVia, endpointOfUri } from "./next-hop.ts";
import type { ProxyHost, ServerTransaction } from "./proxy-context.ts";

export interface ProxyOptions {
  host: ProxyHost;
  registrar: Registrar;
  /** Does an extension exist (404 when not)? */
  extensionExists(extension: string): boolean;
  /** Timer C: how long a forked INVITE may ring (§16.6 step 11). */
  ringTimeoutMs?: number;
}

/**
 * Stateful proxy for calls between extensions (T6): new INVITEs are forked to every
 * registered contact; requests inside a dialog it record-routed follow the route set.
 */
export class Proxy {
  readonly dialogs = new DialogTable();

  constructor(private readonly options: ProxyOptions) {}

  /** An authenticated out-of-dialog INVITE to an extension. */
  invite(tx: ServerTransaction): void {
    const request = tx.request;
    const user = parseUri(request.uri).user ?? "";
    if (maxForwards(request) <= 0) return tx.respond(createResponse(request, 483));
    if (!this.options.extensionExists(user)) return tx.respond(createResponse(request, 404, undefined, "nf"));
    const bindings = this.options.registrar.lookup(user);
    if (bindings.length === 0) {
      // Reported like any unanswered INVITE, so the internal call has its record and its trail (C11, issue 17 point 3).
      const now = this.options.host.clock.now();
      const callId = request.headers.get("call-id") ?? "";
      this.dialogs.attempt({ callId, from: userOf(request.headers.get("from")), to: user, startedAt: now });
      this.dialogs.failed(callId, now, 480, false);
      return tx.respond(createResponse(request, 480, undefined, "na"));
    }
    new InviteFork(this.options.host, this.dialogs, tx, this.options.ringTimeoutMs ?? 180_000).start(bindings);
  }

  /** A request inside a dialog (To tag present), e.g. BYE, re-INVITE, INFO (§16.4 Route processing). */
  inDialog(tx: ServerTransaction): void {
    const request = tx.request;
    const callId = request.headers.get("call-id") ?? "";
    if (!this.dialogs.has(callId)) return tx.respond(createResponse(request, 481));
    if (maxForwards(request) <= 0) return tx.respond(createResponse(request, 483));
    const hop = this.route(request);
    const host = this.options.host;
    const copy = forwardCopy(hop.request, hop.request.uri, host.localHostPort(hop.target), hop.target);
    host.request(copy, hop.target, {
      onResponse: (response) => {
        if (response.status === 100) return;
        const up: SipResponse = { ...response, headers: response.headers.clone() };
        up.headers.removeFirst("via");
        if (request.method === "BYE" && response.status >= 200) this.dialogs.delete(callId, this.options.host.clock.now(), this.sender(request, callId));
        tx.respond(up);
      },
      onTimeout: () => {
        if (request.method === "BYE") this.dialogs.delete(callId, this.options.host.clock.now(), this.sender(request, callId));
        tx.respond(createResponse(request, 408));
      },
      onTransportError: () => tx.respond(createResponse(request, 503)),
    });
  }

  /** Which party of an established call sent this request (its From user is the caller's or not). */
  private sender(request: SipRequest, callId: string): "caller" | "callee" {
    return userOf(request.headers.get("from")) === this.dialogs.get(callId)?.from ? "caller" : "callee";
  }

  /** ACK for a 2xx: forwarded statelessly along the route set (§16.11 via §16.4). */
  ack(request: SipRequest): void {
    const callId = request.headers.get("call-id") ?? "";
    if (!this.dialogs.has(callId) || maxForwards(request) <= 0) return;
    const hop = this.route(request);
    const host = this.options.host;
    host.send(forwardCopy(hop.request, hop.request.uri, host.localHostPort(hop.target), hop.target), hop.target);
  }

  /** A response no client transaction claimed (a 2xx retransmission): forward statelessly (§16.11). */
  strayResponse(response: SipResponse): void {
    // §18.1.2: a response whose top Via is not ours is discarded (else we would reflect forged responses).
    const via = topVia(response.headers);
    if (!via) return;
    if (!this.options.host.isLocalUri(`sip:${hostPort({ host: via.host, port: via.port ?? 5060 })}`)) return;
    const copy: SipResponse = { ...response, headers: response.headers.clone() };
    copy.headers.removeFirst("via");
    const target = endpointOfTopVia(copy);
    if (target) this.options.host.send(copy, target);
  }

  /** Pop our own Route entries; the next hop is the next Route or the Request-URI (loose routing). */
  private route(request: SipRequest): { request: SipRequest; target: Endpoint } {
    const copy: SipRequest = { ...request, headers: request.headers.clone() };
    while (copy.headers.has("route")) {
      const top = copy.headers.get("route")!;
      const uri = top.replace(/^[^<]*<([^>]*)>.*$/, "$1");
      if (!this.options.host.isLocalUri(uri)) break;
      copy.headers.removeFirst("route");
    }
    const next = copy.headers.get("route");
    if (next) return { request: copy, target: endpointOfUri(next.replace(/^[^<]*<([^>]*)>.*$/, "$1")) };
    // A phone's Contact: reach it where it registered from (NAT, its own TCP/WS connection).
    const binding = this.options.registrar.findByContact(copy.uri);
    return { request: copy, target: binding ? binding.source : endpointOfUri(copy.uri) };
  }
}
