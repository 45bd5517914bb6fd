import { randomToken } from "../../lib/index.ts";
import { BRANCH_COOKIE, HeaderList, formatNameAddr, parseNameAddr, type SipRequest, type SipResponse } from "../message/index.ts";
import { endpointOfUri, viaTransport } from "../proxy/index.ts";
import type { Endpoint } from "../transport/index.ts";

/** Our address as the peer should see it (for Via and Contact). */
export type LocalHostPort = (target: Endpoint) => { host: string; port: number };

/**
 * Dialog state of RFC 3261 §12: identifiers, route set, remote target and CSeq spaces.
 * Builds requests inside the dialog (§12.2.1.1). No I/O.
 */
export class Dialog {
  localCseq: number;
  remoteCseq: number;
  /** Where in-dialog requests go: the first route, or the peer's own flow. */
  readonly target: Endpoint;

  private constructor(
    readonly callId: string,
    readonly localTag: string,
    public remoteTag: string,
    readonly localUri: string,
    readonly remoteUri: string,
    public remoteTarget: string,
    readonly routeSet: string[],
    flow: Endpoint,
    localCseq: number,
    remoteCseq: number,
    private readonly localDisplay?: string,
  ) {
    this.localCseq = localCseq;
    this.remoteCseq = remoteCseq;
    const first = routeSet[0];
    this.target = first ? { ...endpointOfUri(stripBrackets(first)), connectionId: flow.connectionId } : flow;
  }

  get id(): string {
    return `${this.callId};${this.localTag};${this.remoteTag}`;
  }

  /** UAS side, from the INVITE we answer (§12.1.1). */
  static fromInvite(invite: SipRequest, localTag: string, source: Endpoint): Dialog {
    const from = parseNameAddr(invite.headers.get("from")!);
    const to = parseNameAddr(invite.headers.get("to")!);
    const contact = invite.headers.get("contact");
    return new Dialog(
      invite.headers.get("call-id")!,
      localTag,
      from.params.get("tag") ?? "",
      to.uri,
      from.uri,
      contact ? parseNameAddr(contact).uri : from.uri,
      invite.headers.getAll("record-route"),
      source,
      1,
      cseqOf(invite),
    );
  }

  /** UAC side, from a 2xx (or 1xx with tag) to the INVITE we sent (§12.1.2). */
  static fromResponse(invite: SipRequest, response: SipResponse, flow: Endpoint): Dialog {
    const from = parseNameAddr(invite.headers.get("from")!);
    const to = parseNameAddr(response.headers.get("to")!);
    const contact = response.headers.get("contact");
    return new Dialog(
      invite.headers.get("call-id")!,
      from.params.get("tag") ?? "",
      to.params.get("tag") ?? "",
      from.uri,
      to.uri,
      contact ? parseNameAddr(contact).uri : invite.uri,
      response.headers.getAll("record-route").reverse(),
      flow,
      cseqOf(invite),
      0,
      from.displayName,
    );
  }

  /** A new request inside the dialog; `cseq` defaults to the next local number. */
  createRequest(method: string, local: LocalHostPort, contact: string, options: { cseq?: number; body?: string; contentType?: string } = {}): SipRequest {
    const cseq = options.cseq ?? ++this.localCseq;
    const hp = local(this.target);
    const headers = new HeaderList();
    headers.append("via", `SIP/2.0/${viaTransport(this.target)} ${hp.host}:${hp.port};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
    headers.append("max-forwards", "70");
    for (const route of this.routeSet) headers.append("route", route);
    headers.append("from", formatNameAddr({ displayName: this.localDisplay, uri: this.localUri, params: new Map([["tag", this.localTag]]) }));
    headers.append("to", formatNameAddr({ uri: this.remoteUri, params: new Map(this.remoteTag ? [["tag", this.remoteTag]] : []) }));
    headers.append("call-id", this.callId);
    headers.append("cseq", `${cseq} ${method}`);
    headers.append("contact", contact);
    if (options.body) headers.append("content-type", options.contentType ?? "application/sdp");
    return { kind: "request", method, uri: this.remoteTarget, headers, body: options.body ?? "" };
  }
}

function cseqOf(message: SipRequest): number {
  return Number.parseInt(message.headers.get("cseq") ?? "0", 10) || 0;
}

function stripBrackets(route: string): string {
  return route.replace(/^[^<]*<([^>]*)>.*$/, "$1");
}

/** A fresh tag for our side of a dialog. */
export function newTag(): string {
  return randomToken(12);
}
