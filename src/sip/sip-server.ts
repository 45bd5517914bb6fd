import type { Clock, Logger } from "../lib/index.ts";
import { DigestAuthenticator, type CredentialStore } from "./auth/index.ts";
import { createResponse, formatVia, parseMessage, rememberTopVia, topVia, serializeMessage, SipParseError, SipRequestError, type SipMessage } from "./message/index.ts";
import { UserAgent } from "./b2bua/index.ts";
import { Proxy } from "./proxy/index.ts";
import { DevicePresence, Registrar, type Binding, type LocationStore, type PresenceOptions } from "./registrar/index.ts";
import { BanList, RateLimiter, ScannerFilter, type Ban, type BanStore } from "./security/index.ts";
import { TransactionLayer } from "./transaction/index.ts";
import { CarrierAddresses, TrunkProbe, TrunkRegistration, type TrunkAccount, type TrunkRegistrationHost } from "./trunk/index.ts";
import { TcpTransport, UdpTransport, WsTransport, type Endpoint, type Transport } from "./transport/index.ts";
import { LocalAddress } from "./local-address.ts";
import { WriteBehindLocations } from "./location-write-behind.ts";
import { RequestRouter, type CallRouting } from "./request-router.ts";
import { nullObserver, type SipObserver } from "./sip-observer.ts";
import { SipTracer } from "./trace/index.ts";

export interface SipServerOptions {
  bindAddress: string;
  externalAddress?: string;
  /** UDP and TCP port; 0 picks a free one (tests). */
  port: number;
  /** SIP over TLS (T2): port and PEM files; omitted or port 0 disables it. */
  tls?: { port: number; cert: string; key: string };
  realm: string;
  registrar: { minExpires: number; maxExpires: number; defaultExpires: number };
  security: { rateLimitPerSecond: number; authFailuresBeforeBan: number; banSeconds: number; scannerUserAgents: readonly string[] };
  nonceSeconds: number;
  /** Digest challenges offered, in preference order; MD5 only by default. */
  digestAlgorithms?: readonly ("MD5" | "SHA-256")[];
  credentials: CredentialStore;
  locations: LocationStore;
  bans: BanStore;
  clock: Clock;
  log: Logger;
  observer?: SipObserver;
  /** Numbers ended at the appliance and trusted carrier peers; by default none (pure registrar + proxy). */
  routing?: CallRouting;
  /** Largest message accepted (RFC 3261 §18.1.1 leaves it to us). */
  maxMessageSize?: number;
  /** Called before a received message is handled: the appliance opens its loop turn's database transaction here. */
  beginTurn?: () => void;
}

/**
 * The SIP side of the appliance: transports → security checks → parser → transaction layer
 * → registrar / proxy. Everything above talks to it through this class.
 */
export class SipServer {
  readonly registrar: Registrar;
  private presence?: DevicePresence;
  readonly bans: BanList;
  readonly ws: WsTransport;
  /** The appliance as a user agent: incoming calls to service numbers, outgoing calls to agents. */
  readonly ua: UserAgent;
  /** SIP message traces on demand (X6); fed at the two choke points, `inbound` and `send`. */
  readonly tracer: SipTracer;
  private readonly transactions: TransactionLayer;
  private readonly router: RequestRouter;
  private readonly proxy: Proxy;
  private readonly auth: DigestAuthenticator;
  private readonly rateLimiter: RateLimiter;
  private readonly scanners: ScannerFilter;
  private readonly local: LocalAddress;
  private readonly localNames: Set<string>;
  private readonly observer: SipObserver;
  private readonly log: Logger;
  private udp?: UdpTransport;
  private tcp?: TcpTransport;
  private tls?: TcpTransport;
  /** Carriers' host names resolved per RFC 3263 by registrations and probes; outbound INVITEs go to what they found (T7). */
  readonly carrierAddresses = new CarrierAddresses();
  private housekeeping?: ReturnType<typeof setInterval>;
  private lastRateLog = 0;
  private readonly locations: WriteBehindLocations;

  constructor(private readonly options: SipServerOptions) {
    const { clock } = options;
    this.log = options.log;
    this.observer = options.observer ?? nullObserver;
    this.tracer = new SipTracer(clock, this.log.child("trace"));
    this.local = new LocalAddress(options.bindAddress, options.externalAddress);
    this.localNames = this.local.all();
    this.rateLimiter = new RateLimiter(options.security.rateLimitPerSecond);
    this.scanners = new ScannerFilter(options.security.scannerUserAgents);
    this.bans = new BanList({
      clock,
      store: options.bans,
      log: this.log,
      failuresBeforeBan: options.security.authFailuresBeforeBan,
      banMs: options.security.banSeconds * 1000,
    });
    this.auth = new DigestAuthenticator({ realm: options.realm, clock, credentials: options.credentials, nonceLifetimeMs: options.nonceSeconds * 1000, algorithms: [...(options.digestAlgorithms ?? ["MD5"])] });
    // Bindings are written after the answer, inside the loop turn's group commit (issue 12).
    this.locations = new WriteBehindLocations(options.locations, this.log);
    this.registrar = new Registrar({ store: this.locations, clock, log: this.log, ...options.registrar });
    this.ws = new WsTransport((bytes, source) => this.inbound(bytes, source), this.log);
    // RFC 7118: a closed WebSocket takes its softphone's calls and registrations with it.
    this.ws.onClosed.subscribe((connectionId) => {
      this.ua.flowClosed(connectionId);
      const removed = this.registrar.removeFlow(connectionId);
      if (removed > 0) this.log.info({ connectionId, removed }, "WebSocket closed: its registrations removed");
    });
    const host = {
      clock,
      log: this.log,
      request: (...args: Parameters<TransactionLayer["request"]>) => this.transactions.request(...args),
      send: (message: SipMessage, target: Endpoint) => void this.send(message, target),
      localHostPort: (target: Endpoint) => ({ host: this.local.for(target.address), port: this.localEnd(target).port }),
      isLocalUri: (uri: string) => this.isLocalUri(uri),
    };
    this.proxy = new Proxy({ host, registrar: this.registrar, extensionExists: (ext) => options.credentials.lookup(ext) !== undefined });
    this.ua = new UserAgent(host);
    const routing = options.routing ?? { isApplianceNumber: () => false, isTrustedPeer: () => false };
    const router = (this.router = new RequestRouter({ ua: this.ua, routing, auth: this.auth, registrar: this.registrar, proxy: this.proxy, bans: this.bans, observer: this.observer, log: this.log }));
    this.transactions = new TransactionLayer({ clock, log: this.log, user: router, send: (message, target) => this.send(message, target) });
  }

  /** Bind UDP and TCP on the configured port (the same number for both). */
  async start(): Promise<void> {
    const onMessage = (bytes: Uint8Array, source: Endpoint) => this.inbound(bytes, source);
    this.udp = await UdpTransport.listen(this.options.bindAddress, this.options.port, onMessage, this.log);
    this.tcp = new TcpTransport(onMessage, this.log, this.options.maxMessageSize).listen(this.options.bindAddress, this.udp.port);
    const tls = this.options.tls;
    if (tls && tls.port > 0) {
      this.tls = new TcpTransport(onMessage, this.log, this.options.maxMessageSize, tls).listen(this.options.bindAddress, tls.port);
    }
    this.housekeeping = setInterval(() => this.tidy(), 2000);
    this.log.info({ udp: this.udp.port, tcp: this.tcp.port, tls: this.tls?.port }, "SIP listening");
  }

  get port(): number {
    return this.udp?.port ?? this.options.port;
  }

  /** Calls between extensions carried by the proxy: established and ended (C11, D1). */
  get internalCalls(): Pick<Proxy["dialogs"], "onEstablished" | "onEnded"> {
    return this.proxy.dialogs;
  }

  /** Our address as a peer at `address` can reach it (SDP c= lines, T10). */
  localAddressFor(address: string): string {
    return this.local.for(address);
  }

  /** Live registrations (Phones page, API). */
  registrations(): Binding[] {
    return this.registrar.all();
  }

  /** Register to a carrier and keep the registration fresh (T7). */
  /**
   * Track whether each extension's device is there (issue 17): OPTIONS probes of registered phones
   * every `intervalMs`, registration expiry and removal, WebSocket close. Call `start()` on it.
   */
  trackDevices(options: PresenceOptions): DevicePresence {
    this.presence?.stop();
    const presence = (this.presence = new DevicePresence(this.registrar, this.trunkHost(), options));
    return presence;
  }

  /** Start an OPTIONS health probe of a carrier (T7). */
  probeTrunk(target: Endpoint, intervalMs?: number): TrunkProbe {
    const probe = new TrunkProbe(this.trunkHost(), target, intervalMs);
    probe.start();
    return probe;
  }

  registerTrunk(account: TrunkAccount): TrunkRegistration {
    const registration = new TrunkRegistration(this.trunkHost(), account);
    registration.start();
    return registration;
  }

  /** What outbound registrations and probes need of the server. */
  private trunkHost(): TrunkRegistrationHost {
    return {
      clock: this.options.clock,
      log: this.log,
      request: (...args: Parameters<TransactionLayer["request"]>) => this.transactions.request(...args),
      localHostPort: (target: Endpoint) => ({ host: this.local.for(target.address), port: this.localEnd(target).port }),
      addresses: this.carrierAddresses,
    };
  }

  listBans(): Ban[] {
    return this.bans.list();
  }

  liftBan(address: string): boolean {
    return this.bans.lift(address);
  }

  transactionCounts(): { client: number; server: number } {
    return this.transactions.counts();
  }

  /**
   * Draining before a stop (X5): from now on a new INVITE is answered 503 with `Retry-After:
   * retryAfterSeconds`; calls in progress, registrations and in-dialog requests go on.
   */
  refuseNewCalls(retryAfterSeconds: number): void {
    this.router.refuseNewCalls = retryAfterSeconds;
  }

  /** Calls the appliance holds as a user agent, and calls it proxies between extensions. */
  get liveCalls(): number {
    return this.ua.size;
  }

  stop(): void {
    this.presence?.stop();
    this.ua.hangupAll();
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.transactions.close();
    this.locations.flush();
    this.tracer.closeAll();
    this.udp?.close();
    this.tcp?.close();
    this.tls?.close();
    this.ws.close();
  }

  /** Every inbound message: ban and rate checks before any parsing work (T9). */
  private inbound(bytes: Uint8Array, source: Endpoint): void {
    if (this.bans.isBanned(source.address)) return;
    const now = this.options.clock.now();
    if (!this.rateLimiter.allow(source.address, now)) {
      if (now - this.lastRateLog > 5000) {
        this.lastRateLog = now;
        this.log.warn({ security: "rate-limit", source: source.address }, `SECURITY rate-limit source=${source.address}`);
      }
      return;
    }
    if (bytes.length > (this.options.maxMessageSize ?? 65535)) return;
    let message: SipMessage;
    try {
      message = parseMessage(bytes, { stream: source.transport !== "udp" });
    } catch (error) {
      this.refuse(error, source);
      return;
    }
    if (this.tracer.on) this.tracer.capture("in", bytes, message, source, this.localEnd(source));
    if (message.kind === "request") {
      if (this.scanners.isScanner(message.headers.get("user-agent"))) {
        this.log.warn({ security: "scanner", source: source.address }, `SECURITY scanner-dropped source=${source.address} ua=${JSON.stringify(message.headers.get("user-agent"))}`);
        return;
      }
      this.observer.request(message.method);
      this.markReceived(message, source);
    }
    try {
      this.options.beginTurn?.();
      this.transactions.receive(message, source);
    } catch (error) {
      this.log.error({ err: String(error), stack: (error as Error).stack }, "error handling SIP message");
    }
  }

  /** A request we understood enough to answer gets 400 (or its own status); garbage is dropped (T1). */
  private refuse(error: unknown, source: Endpoint): void {
    if (error instanceof SipRequestError && error.partial.method !== "ACK") {
      this.markReceived(error.partial, source);
      // A fixed reason phrase: the detail goes to the log, never back to the sender (no echo of its input).
      this.log.debug({ err: error.message.slice(0, 200), source: source.address }, "refused a malformed request");
      const response = createResponse(error.partial, error.status);
      this.send(response, source);
    } else if (!(error instanceof SipParseError)) {
      this.log.error({ err: String(error) }, "parser crashed");
    } else {
      this.log.debug({ err: error.message, source: source.address }, "dropped unparseable message");
    }
  }

  /** RFC 3261 §18.2.1 and RFC 3581: note the real source in the top Via. */
  private markReceived(message: SipMessage, source: Endpoint): void {
    const top = topVia(message.headers);
    if (!top) return;
    const wantsRport = top.params.has("rport");
    if (top.host === source.address && !wantsRport) return;
    const via = { ...top, params: new Map(top.params) };
    via.params.set("received", source.address);
    if (wantsRport) via.params.set("rport", String(source.port));
    const value = formatVia(via);
    message.headers.replaceFirst("via", value);
    rememberTopVia(value, via);
  }

  /** Serialize and send; the wire form when a transport took it (the transaction layer keeps it for retransmissions). */
  private send(message: SipMessage, target: Endpoint): string | undefined {
    if (message.kind === "response") this.observer.response(message.status);
    const data = serializeMessage(message);
    const transport = this.transportFor(target.transport);
    if (!transport) {
      this.log.debug({ transport: target.transport }, "no transport for target");
      return undefined;
    }
    if (this.tracer.on) this.tracer.capture("out", data, message, target, this.localEnd(target));
    return transport.send(data, target) ? data : undefined;
  }

  /** Our side of a flow with `peer`, as a trace shows it. */
  private localEnd(peer: Endpoint): { address: string; port: number } {
    return { address: this.local.for(peer.address), port: peer.transport === "tls" ? (this.tls?.port ?? this.port) : this.port };
  }

  private transportFor(name: Endpoint["transport"]): Transport | undefined {
    switch (name) {
      case "udp":
        return this.udp;
      case "tcp":
        return this.tcp;
      case "tls":
        return this.tls;
      default:
        return this.ws;
    }
  }

  private isLocalUri(uri: string): boolean {
    const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>]+)(?::(\d+))?/i.exec(uri);
    if (!m) return false;
    const host = m[1]!.replace(/^\[|\]$/g, "");
    const port = m[2] ? Number(m[2]) : uri.toLowerCase().startsWith("sips:") ? 5061 : 5060;
    return this.localNames.has(host) && (port === this.port || port === this.tls?.port);
  }

  private tidy(): void {
    const now = this.options.clock.now();
    this.rateLimiter.sweep(now);
    this.registrar.purgeExpired();
    this.proxy.dialogs.sweep(now);
    this.bans.sync();
  }
}
