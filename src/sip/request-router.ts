import type { Logger } from "../lib/index.ts";
import type { DigestAuthenticator } from "./auth/index.ts";
import { createResponse, parseNameAddr, parseUri, tagOf, type SipRequest, type SipResponse } from "./message/index.ts";
import type { UserAgent } from "./b2bua/index.ts";
import type { Proxy } from "./proxy/index.ts";
import type { Registrar } from "./registrar/index.ts";
import type { BanList } from "./security/index.ts";
import type { ServerTransaction, TransactionUser } from "./transaction/index.ts";
import type { Endpoint } from "./transport/index.ts";
import type { SipObserver } from "./sip-observer.ts";

/** Option tags (RFC 3261 §19.2) the appliance supports in Require / Proxy-Require. */
const SUPPORTED_OPTIONS = new Set(["path", "outbound", "100rel", "timer"]);

export const ALLOWED_METHODS = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, PRACK, REFER, NOTIFY";

/** Which numbers the appliance answers itself, and which sources are trusted carrier peers (T7). */
export interface CallRouting {
  /** A service number, DID or feature code ended at the appliance (B2BUA) rather than proxied. */
  isApplianceNumber(user: string): boolean;
  /** A carrier trunk authenticated by its address and port: may reach service numbers only (T9 no toll fraud). */
  isTrustedPeer(address: string, port: number): boolean;
  /** A number outside the appliance that an authenticated extension may dial through a trunk (C9). */
  isExternalNumber?(user: string): boolean;
  /**
   * The registration trunk whose Contact carried this `line` token (T7), with its numbers in the
   * forms they were entered; undefined for an unknown token.
   */
  trunkForLine?(line: string): { trunkId: string; numbers: string[] } | undefined;
  /** The entered form of `dialled` among `numbers` (national, E.164 and `tel:` forms match), if any. */
  matchNumber?(dialled: string, numbers: string[]): string | undefined;
}

export interface RequestRouterDeps {
  auth: DigestAuthenticator;
  ua: UserAgent;
  routing: CallRouting;
  registrar: Registrar;
  proxy: Proxy;
  bans: BanList;
  observer: SipObserver;
  log: Logger;
}

/**
 * The transaction user: sends each new request to the registrar, the proxy or answers it
 * itself, after digest authentication where the spec demands it (T4, T9).
 */
export class RequestRouter implements TransactionUser {
  /** Set while the appliance drains before stopping (X5): new calls get 503 with this Retry-After. */
  refuseNewCalls?: number;

  constructor(private readonly deps: RequestRouterDeps) {}

  onRequest(request: SipRequest, tx: ServerTransaction | null, source: Endpoint): void {
    if (!tx) {
      if (request.method !== "ACK") return;
      return this.deps.ua.owns(request) ? this.deps.ua.inDialog(request, null) : this.deps.proxy.ack(request);
    }
    const refused = request.method === "CANCEL" ? undefined : this.precheck(request);
    if (refused) return tx.respond(refused);
    const inDialog = tagOf(request.headers.get("to")) !== undefined;
    if (inDialog && this.deps.ua.owns(request)) return this.deps.ua.inDialog(request, tx);
    switch (request.method) {
      case "REGISTER":
        return this.register(tx, source);
      case "OPTIONS":
        return inDialog ? this.deps.proxy.inDialog(tx) : tx.respond(this.options(request));
      case "INVITE":
        if (inDialog) return this.deps.proxy.inDialog(tx);
        if (this.refuseNewCalls !== undefined) return tx.respond(this.unavailable(request, this.refuseNewCalls));
        return this.invite(tx, source);
      case "BYE":
      case "INFO":
      case "UPDATE":
      case "PRACK":
      case "REFER":
      case "NOTIFY":
        if (inDialog) return this.deps.proxy.inDialog(tx);
        return tx.respond(createResponse(request, 481));
      default: {
        const response = createResponse(request, 405, undefined, "na");
        response.headers.append("allow", ALLOWED_METHODS);
        return tx.respond(response);
      }
    }
  }

  /**
   * Checks every request passes before any authentication: Max-Forwards exhausted → 483
   * (RFC 3261 §16.3; OPTIONS may still be answered, §11), an option tag we do not support in
   * Require or Proxy-Require → 420 naming it in Unsupported (§8.2.2.3).
   */
  private precheck(request: SipRequest): SipResponse | undefined {
    const mf = request.headers.get("max-forwards");
    if (mf !== undefined && Number(mf) <= 0 && request.method !== "OPTIONS") return createResponse(request, 483);
    if (!request.headers.has("require") && !request.headers.has("proxy-require")) return undefined; // nearly every request
    const required = [...request.headers.getAll("require"), ...request.headers.getAll("proxy-require")]
      .flatMap((v) => v.split(","))
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    const unsupported = [...new Set(required.filter((t) => !SUPPORTED_OPTIONS.has(t)))];
    if (!unsupported.length) return undefined;
    const response = createResponse(request, 420);
    response.headers.append("unsupported", unsupported.join(", "));
    return response;
  }

  /** RFC 3261 §21.5.4: 503 "MAY indicate when the client should retry the request in a Retry-After header". */
  private unavailable(request: SipRequest, retryAfter: number): SipResponse {
    const response = createResponse(request, 503);
    response.headers.append("retry-after", String(retryAfter));
    return response;
  }

  onStrayResponse(response: SipResponse): void {
    this.deps.proxy.strayResponse(response);
  }

  /**
   * A new INVITE: a trusted carrier peer reaches only the appliance's numbers; anyone else
   * authenticates first, then reaches a service number (B2BUA) or an extension (proxy).
   */
  private invite(tx: ServerTransaction, source: Endpoint): void {
    const request = tx.request;
    let user = "";
    let line: string | undefined;
    try {
      const uri = parseUri(request.uri);
      user = uri.user ?? "";
      line = uri.params.get("line") ?? undefined;
    } catch {
      return tx.respond(createResponse(request, 416));
    }
    const trunk = line ? this.deps.routing.trunkForLine?.(line) : undefined;
    if (trunk) return this.fromRegisteredTrunk(tx, source, trunk, user);
    if (this.deps.routing.isTrustedPeer(source.address, source.port)) {
      if (this.deps.routing.isApplianceNumber(user)) this.deps.ua.acceptInvite(tx, source);
      else tx.respond(createResponse(request, 404, undefined, "nf"));
      return;
    }
    const caller = this.authenticate(tx, source, "proxy-authorization");
    if (!caller) return;
    const routing = this.deps.routing;
    if (routing.isApplianceNumber(user) || routing.isExternalNumber?.(user)) this.deps.ua.acceptInvite(tx, source, caller);
    else this.deps.proxy.invite(tx);
  }

  /**
   * An INVITE a carrier delivered to a registration trunk's contact (T7): trusted by the line
   * token, it reaches only that trunk's numbers. The dialled number is the Request-URI user when
   * it is one of them, else the `To` user, else the trunk's only number; a number of the
   * appliance that is not this trunk's gets 404.
   */
  private fromRegisteredTrunk(tx: ServerTransaction, source: Endpoint, trunk: { numbers: string[] }, user: string): void {
    const request = tx.request;
    const routing = this.deps.routing;
    let toUser = "";
    try {
      toUser = parseUri(parseNameAddr(request.headers.get("to")!).uri).user ?? "";
    } catch {
      toUser = "";
    }
    for (const candidate of [user, toUser].filter(Boolean)) {
      const dialled = routing.matchNumber?.(candidate, trunk.numbers);
      if (dialled) return void this.deps.ua.acceptInvite(tx, source, undefined, dialled);
      if (routing.isApplianceNumber(candidate)) return tx.respond(createResponse(request, 404, undefined, "nf"));
    }
    if (trunk.numbers.length !== 1) return tx.respond(createResponse(request, 404, undefined, "nf"));
    this.deps.ua.acceptInvite(tx, source, undefined, trunk.numbers[0]);
  }

  /** REGISTER: authenticate, then only for one's own extension (RFC 3261 §10.3 step 3). */
  private register(tx: ServerTransaction, source: Endpoint): void {
    const request = tx.request;
    const username = this.authenticate(tx, source, "authorization");
    if (!username) return;
    let aor: string | undefined;
    try {
      aor = parseUri(parseNameAddr(request.headers.get("to")!).uri).user;
    } catch {
      aor = undefined;
    }
    if (aor !== username) return tx.respond(createResponse(request, 403, "Not Your Extension", "reg"));
    tx.respond(this.deps.registrar.register(request, aor, source));
  }

  /** Returns the authenticated username, or answers with a challenge and returns undefined. */
  private authenticate(tx: ServerTransaction, source: Endpoint, header: "authorization" | "proxy-authorization"): string | undefined {
    const request = tx.request;
    const result = this.deps.auth.check(request, header);
    if (result.kind === "ok") {
      this.deps.bans.recordSuccess(source.address);
      return result.username;
    }
    if (result.kind === "failure") {
      this.deps.observer.authFailure();
      // Same wording for every kind of failure: an unknown user must look like a wrong password.
      // A ban drops later packets from the source; this one still gets its answer.
      this.deps.bans.recordFailure(source.address, `method=${request.method} user=${JSON.stringify(result.username)} why=${result.why}`);
    }
    const isProxy = header === "proxy-authorization";
    const response = createResponse(request, isProxy ? 407 : 401, undefined, "auth");
    for (const challenge of this.deps.auth.challenges(result.kind === "challenge" && result.stale, tx.id)) {
      response.headers.append(isProxy ? "proxy-authenticate" : "www-authenticate", challenge);
    }
    // A challenge is answered as a stateless UAS (RFC 3261 §8.2.7; issue 12: half the REGISTER
    // transactions were 401s held 32 s for Timer J, now T4). A failed answer keeps its transaction,
    // so a retransmission is absorbed rather than counted as a second failure towards a ban.
    if (result.kind === "challenge") tx.respondStatelessly(response);
    else tx.respond(response);
    return undefined;
  }

  private options(request: SipRequest): SipResponse {
    const response = createResponse(request, 200, undefined, "opt");
    response.headers.append("allow", ALLOWED_METHODS);
    response.headers.append("accept", "application/sdp");
    response.headers.append("supported", "path, outbound");
    return response;
  }
}
