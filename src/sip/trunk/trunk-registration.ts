import { Event, randomToken, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import { answerChallenge, parseDigestChallenge } from "../auth/index.ts";
import { BRANCH_COOKIE, HeaderList, parseNameAddr, type SipRequest, type SipResponse } from "../message/index.ts";
import { viaTransport } from "../proxy/index.ts";
import type { ClientTransactionHandlers } from "../transaction/index.ts";
import { isTransportError, type Endpoint } from "../transport/index.ts";
import { proxyRoute } from "./caller-headers.ts";
import type { CarrierAddresses } from "./carrier-resolver.ts";
import { TrunkRegistrationState } from "./trunk-registration-state.ts";

export interface TrunkAccount {
  trunkId: string;
  host: string;
  port: number;
  transport: "udp" | "tcp" | "tls";
  username: string;
  password: string;
  /** Requested registration interval, seconds. */
  expires?: number;
  /**
   * An unguessable token put in our Contact as the `line` URI parameter: a carrier delivers calls
   * to the registered contact (RFC 3261 §16.5), so the token comes back in the Request-URI and
   * tells the appliance that the INVITE is this trunk's, without a challenge the carrier never answers.
   */
  line?: string;
  /** host[:port] every REGISTER goes to first, named in a Route header (RFC 3261 §8.1.2); the carrier stays in the Request-URI. */
  outboundProxy?: string;
}

export interface TrunkRegistrationHost {
  readonly clock: Clock;
  readonly log: Logger;
  request(request: SipRequest, target: Endpoint, handlers: ClientTransactionHandlers): unknown;
  localHostPort(target: Endpoint): { host: string; port: number };
  /** Resolves a carrier's host name per RFC 3263 (SRV, then A/AAAA) and remembers it for INVITEs; without it the name is sent to as it is. */
  readonly addresses?: CarrierAddresses;
}

const MIN_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 600_000;

/**
 * Keeps the appliance registered to a carrier (T7): digest auth, refresh before expiry,
 * exponential backoff when the carrier fails. Time comes from the injected clock.
 */
export class TrunkRegistration {
  readonly onStateChange = new Event<[TrunkRegistrationState]>();
  private state = TrunkRegistrationState.Idle;
  private readonly callId = `${randomToken(16)}@cc`;
  private readonly fromTag = randomToken(10);
  private cseq = 0;
  private timer?: TimerHandle;
  private failures = 0;
  expiresAt = 0;
  /** The carrier's last final answer ("200 OK", "403 Forbidden") or why there was none, for the trunk page. */
  lastAnswer?: string;
  /** When the next attempt goes out after a failure (ms), 0 otherwise. */
  retryAt = 0;
  /** Where REGISTERs go now: the outbound proxy or the carrier, resolved afresh for each registration. */
  private target?: Endpoint;

  constructor(
    private readonly host: TrunkRegistrationHost,
    private readonly account: TrunkAccount,
  ) {}

  get current(): TrunkRegistrationState {
    return this.state;
  }

  start(): void {
    if (this.state === TrunkRegistrationState.Registering) return;
    void this.register();
  }

  stop(): void {
    this.clearTimer();
    this.setState(TrunkRegistrationState.Stopped);
  }

  /** Resolve where to send (RFC 3263 §4), then REGISTER; a name that resolves to nothing is a failure to retry. */
  private async register(): Promise<void> {
    this.clearTimer();
    this.setState(TrunkRegistrationState.Registering);
    const { transport, host, port, outboundProxy } = this.account;
    const proxy = outboundProxy ? proxyRoute(outboundProxy, transport) : undefined;
    const next = { transport, host: proxy?.host ?? host, port: proxy?.port ?? port };
    const addresses = this.host.addresses;
    const found = addresses ? await addresses.refresh(next) : { transport, address: next.host, port: next.port };
    if (this.state !== TrunkRegistrationState.Registering) return; // stopped meanwhile
    if (!found) return this.fail(`no address for ${next.host}`);
    this.target = found;
    this.send();
  }

  private send(authorization?: string): void {
    this.clearTimer();
    this.setState(TrunkRegistrationState.Registering);
    const target = this.target!;
    const hp = this.host.localHostPort(target);
    const aor = `sip:${this.account.username}@${this.account.host}`;
    const headers = new HeaderList();
    headers.append("via", `SIP/2.0/${viaTransport(target)} ${hp.host}:${hp.port};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
    headers.append("max-forwards", "70");
    if (this.account.outboundProxy) {
      const route = proxyRoute(this.account.outboundProxy, this.account.transport);
      if (route) headers.append("route", route.route);
    }
    headers.append("from", `<${aor}>;tag=${this.fromTag}`);
    headers.append("to", `<${aor}>`);
    headers.append("call-id", this.callId);
    headers.append("cseq", `${++this.cseq} REGISTER`);
    const line = this.account.line ? `;line=${this.account.line}` : "";
    headers.append("contact", `<sip:${this.account.username}@${hp.host}:${hp.port};transport=${target.transport}${line}>`);
    headers.append("expires", String(this.account.expires ?? 3600));
    if (authorization) headers.append(authorization.startsWith("proxy:") ? "proxy-authorization" : "authorization", authorization.replace(/^proxy:/, ""));
    const uri = `sip:${this.account.host}:${this.account.port}`;
    const request: SipRequest = { kind: "request", method: "REGISTER", uri, headers, body: "" };
    this.host.request(request, target, {
      onResponse: (response) => this.onResponse(request, response, authorization !== undefined),
      onTimeout: () => this.fail("timeout"),
      onTransportError: () => this.fail("transport error"),
    });
  }

  private onResponse(request: SipRequest, response: SipResponse, answered: boolean): void {
    if (response.status < 200 || this.state === TrunkRegistrationState.Stopped) return;
    if ((response.status === 401 || response.status === 407) && !answered) {
      const header = response.status === 401 ? "www-authenticate" : "proxy-authenticate";
      const challenge = response.headers.getAll(header).map(parseDigestChallenge).find((c) => c !== undefined);
      if (!challenge) return this.fail(`${response.status} without a Digest challenge`);
      const value = answerChallenge(challenge, "REGISTER", request.uri, this.account.username, this.account.password);
      return this.send(response.status === 407 ? `proxy:${value}` : value);
    }
    if (isTransportError(response)) return this.fail("transport error"); // made up by our transport at once (issue 16)
    if (response.status >= 300) return this.fail(`${response.status} ${response.reason}`);
    const granted = grantedExpires(response, this.account.expires ?? 3600);
    this.failures = 0;
    this.lastAnswer = `${response.status} ${response.reason}`;
    this.retryAt = 0;
    this.expiresAt = this.host.clock.now() + granted * 1000;
    this.setState(TrunkRegistrationState.Registered);
    this.timer = this.host.clock.setTimeout(() => void this.register(), Math.max(5, granted * 0.9) * 1000);
  }

  private fail(why: string): void {
    if (this.state === TrunkRegistrationState.Stopped) return;
    this.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.failures - 1));
    this.host.log.warn({ trunk: this.account.trunkId, why, retryInMs: delay }, "trunk registration failed");
    this.lastAnswer = why;
    this.retryAt = this.host.clock.now() + delay;
    this.setState(TrunkRegistrationState.Failed);
    this.timer = this.host.clock.setTimeout(() => void this.register(), delay);
  }

  private setState(next: TrunkRegistrationState): void {
    if (next === this.state) return;
    this.state = next;
    this.onStateChange.execute(next);
  }

  private clearTimer(): void {
    if (this.timer) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function grantedExpires(response: SipResponse, asked: number): number {
  for (const contact of response.headers.getAll("contact")) {
    const e = parseNameAddr(contact).params.get("expires");
    if (e) return Number(e);
  }
  const header = response.headers.get("expires");
  return header ? Number(header) : asked;
}
