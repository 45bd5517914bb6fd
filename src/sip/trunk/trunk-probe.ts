import { randomToken, type TimerHandle } from "../../lib/index.ts";
import { BRANCH_COOKIE, HeaderList, type SipRequest } from "../message/index.ts";
import { viaTransport } from "../proxy/index.ts";
import { isTransportError, type Endpoint } from "../transport/index.ts";
import type { TrunkRegistrationHost } from "./trunk-registration.ts";

/** What an OPTIONS probe last learnt of a carrier (T7): reachable or not, how fast, what it said. */
export interface TrunkProbeStatus {
  state: "unknown" | "up" | "down";
  /** Round-trip time of the last answer, ms. */
  rttMs?: number;
  /** The carrier's last answer ("200 OK", "404 Not Found") or why there was none ("timeout"). */
  lastAnswer?: string;
  checkedAt?: number;
}

/**
 * An OPTIONS health probe of one carrier (RFC 3261 §11, T7): sent every `intervalMs`; any final
 * answer means the carrier's SIP server is there (a 404 or 405 still proves it), no answer means
 * it is down. Time comes from the host's clock.
 */
export class TrunkProbe {
  status: TrunkProbeStatus = { state: "unknown" };
  private timer?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly host: TrunkRegistrationHost,
    private readonly target: Endpoint,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    void this.probe();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.host.clock.clearTimeout(this.timer);
  }

  /** Resolve the carrier afresh (RFC 3263; outbound INVITEs use what is found), then probe; a name that resolves to nothing is down. */
  private async probe(): Promise<void> {
    const addresses = this.host.addresses;
    if (!addresses) return this.send(this.target);
    const found = await addresses.refresh({ host: this.target.address, port: this.target.port, transport: this.target.transport });
    if (this.stopped) return;
    if (found) return this.send(found);
    this.status = { state: "down", lastAnswer: `no address for ${this.target.address}`, checkedAt: this.host.clock.now() };
    this.timer = this.host.clock.setTimeout(() => void this.probe(), this.intervalMs);
  }

  private send(to: Endpoint): void {
    if (this.stopped) return;
    const hp = this.host.localHostPort(to);
    const headers = new HeaderList();
    headers.append("via", `SIP/2.0/${viaTransport(to)} ${hp.host}:${hp.port};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
    headers.append("max-forwards", "70");
    headers.append("from", `<sip:probe@${hp.host}>;tag=${randomToken(8)}`);
    headers.append("to", `<sip:${this.target.address}:${this.target.port}>`);
    headers.append("call-id", `${randomToken(16)}@cc`);
    headers.append("cseq", "1 OPTIONS");
    headers.append("accept", "application/sdp");
    const request: SipRequest = { kind: "request", method: "OPTIONS", uri: `sip:${this.target.address}:${this.target.port}`, headers, body: "" };
    const sentAt = this.host.clock.now();
    const done = (status: TrunkProbeStatus) => {
      if (this.stopped) return;
      this.status = { ...status, checkedAt: this.host.clock.now() };
      this.timer = this.host.clock.setTimeout(() => void this.probe(), this.intervalMs);
    };
    this.host.request(request, to, {
      onResponse: (r) => {
        // A 503 our transport made up (connection refused, TLS peer not trusted) is no answer from the carrier.
        if (isTransportError(r)) return done({ state: "down", lastAnswer: "transport error" });
        if (r.status >= 200) done({ state: "up", rttMs: this.host.clock.now() - sentAt, lastAnswer: `${r.status} ${r.reason}` });
      },
      onTimeout: () => done({ state: "down", lastAnswer: "timeout" }),
      onTransportError: () => done({ state: "down", lastAnswer: "transport error" }),
    });
  }
}
