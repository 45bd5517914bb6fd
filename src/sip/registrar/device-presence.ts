import { codeTime, Event, randomToken, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import { BRANCH_COOKIE, HeaderList, type SipRequest, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import type { Binding } from "./location-store.ts";
import type { BindingRemoval, Registrar } from "./registrar.ts";

/** What the presence tracker needs of the SIP server: a client transaction and our address toward a peer. */
export interface QualifyHost {
  clock: Clock;
  log: Logger;
  request(
    request: SipRequest,
    target: Endpoint,
    handlers: { onResponse(r: SipResponse): void; onTimeout(): void; onTransportError?(): void },
  ): unknown;
  localHostPort(target: Endpoint): { host: string; port: number };
}

export interface PresenceOptions {
  /** Milliseconds between OPTIONS probes of each registered phone (qualify); 0: no probes (registration and WebSocket only). */
  intervalMs: number;
  /**
   * An extension's own interval (ms) when its phones set one (issue 17 point 1: qualify per phone);
   * 0 = never probe it (a phone behind a NAT that drops OPTIONS); undefined = `intervalMs`. Asked at
   * each probe, so a change holds from the next one.
   */
  intervalFor?(aor: string): number | undefined;
  /** A probe unanswered this long is a miss (the transaction may still answer later); default min(5 s, interval). */
  answerTimeoutMs?: number;
  /** Consecutive misses before the phone counts as gone; default 2. */
  misses?: number;
  /** Probes in flight at once, at most; default 64. */
  maxInFlight?: number;
}

interface Probe {
  binding: Binding;
  nextAt: number;
  misses: number;
  /** The phone stopped answering (misses reached). */
  failed: boolean;
  inFlight: boolean;
}

/** Probe counters (bench, metrics). */
export interface PresenceCounts {
  sent: number;
  answered: number;
  missed: number;
  inFlight: number;
}

const keyOf = (b: Binding) => `${b.aor}\n${b.contact}`;
const isWebSocket = (b: Binding) => b.source.transport === "ws" || b.source.transport === "wss";
const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Is each extension's device really there (issue 17)? A phone is there while it has a live
 * binding that answers OPTIONS (qualify, RFC 3261 §11: any final response proves a live UA, a 404
 * or 405 too). A browser softphone is there while its WebSocket is open (RFC 7118: the binding
 * goes with the socket), so it is never probed. `onChange` says when an extension's device goes
 * or comes back, with the cause in words ("registration expired 2026-12-05T09:14:03Z",
 * "no answer to OPTIONS", "WebSocket closed"). Probes are spread over the interval and bounded
 * in flight; one timer drives them all.
 */
export class DevicePresence {
  /** (extension, reachable, cause) — fired only on a change. */
  readonly onChange = new Event<[string, boolean, string]>();
  private readonly probes = new Map<string, Probe>();
  /** Extensions reported gone. */
  private readonly gone = new Set<string>();
  private readonly counts: PresenceCounts = { sent: 0, answered: 0, missed: 0, inFlight: 0 };
  private timer?: TimerHandle;
  /** Due probes wait for a free slot (maxInFlight reached): the next answer sends them. */
  private backlog = false;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly missesAllowed: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly registrar: Registrar,
    private readonly host: QualifyHost,
    private readonly options: PresenceOptions,
  ) {
    this.missesAllowed = Math.max(1, options.misses ?? 2);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 64);
    this.unsubscribe.push(
      registrar.onRegistered.subscribe((b) => this.registered(b)),
      registrar.onRemoved.subscribe((b, why) => this.removed(b, why)),
    );
  }

  /** Start probing (every binding already registered gets its first probe within one interval). */
  start(): void {
    const now = this.host.clock.now();
    for (const b of this.registrar.all()) this.track(b, now + Math.floor(Math.random() * this.intervalOf(b.aor)));
    // A phone whose registration ran out while the appliance was stopped is gone (said once, at start).
    for (const b of this.registrar.expiredWhileStopped) this.evaluate(b.aor, `sip: registration expired ${isoSecond(b.expiresAt)}`);
    this.schedule();
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Is the extension's device there now (a live binding not failing its probes)? */
  isReachable(aor: string): boolean {
    return this.registrar.lookup(aor).some((b) => !this.probes.get(keyOf(b))?.failed);
  }

  /**
   * Treat an extension as gone until its phone answers a probe (an agent unreachable when the
   * appliance stopped: a stored binding proves nothing). Without probes (interval 0) a live
   * binding is taken at its word; returns whether the extension now counts as reachable.
   */
  suspect(aor: string): boolean {
    if (this.intervalOf(aor) <= 0 || !this.registrar.lookup(aor).some((b) => !isWebSocket(b))) return this.isReachable(aor);
    const now = this.host.clock.now();
    for (const b of this.registrar.lookup(aor)) {
      this.track(b, now);
      const p = this.probes.get(keyOf(b));
      if (p) Object.assign(p, { failed: true, nextAt: now });
    }
    this.gone.add(aor);
    return false;
  }

  /** Extensions reported gone. */
  unreachable(): string[] {
    return [...this.gone];
  }

  /** Probes sent, answered and missed so far. */
  get stats(): PresenceCounts {
    return { ...this.counts };
  }

  /** One pass: expired registrations go, due probes are sent (at most maxInFlight at once). */
  tick(): void {
    this.registrar.purgeExpired(); // fires onRemoved("expired") for each
    this.pump();
  }

  /** Send the probes that are due, while fewer than maxInFlight are out; what is left waits for an answer or the next tick. */
  private pump(): void {
    if (this.options.intervalMs <= 0 && !this.options.intervalFor) return;
    codeTime.qualify.enter(); // qualify's cost on /metrics (cc_qualify_seconds_total)
    try {
      const now = this.host.clock.now();
      this.backlog = false;
      for (const p of this.probes.values()) {
        if (p.inFlight || isWebSocket(p.binding)) continue;
        const every = this.intervalOf(p.binding.aor);
        if (every <= 0) {
          if (p.failed) this.qualifyOff(p);
          continue;
        }
        if (p.nextAt > now + every) p.nextAt = now + every; // the interval was shortened meanwhile
        if (p.nextAt > now) continue;
        if (this.counts.inFlight >= this.maxInFlight) {
          this.backlog = true;
          return;
        }
        this.send(p, now);
      }
    } finally {
      codeTime.qualify.leave();
    }
  }

  private schedule(): void {
    const every = this.options.intervalMs > 0 ? Math.min(1000, this.options.intervalMs / 4) : 1000;
    this.timer = this.host.clock.setTimeout(() => {
      try {
        this.tick();
      } catch (err) {
        this.host.log.error({ err: String(err) }, "device presence tick failed");
      }
      this.schedule();
    }, every);
  }

  private track(b: Binding, nextAt: number): void {
    if (isWebSocket(b)) return;
    const known = this.probes.get(keyOf(b));
    if (known) {
      known.binding = b;
      return;
    }
    this.probes.set(keyOf(b), { binding: b, nextAt, misses: 0, failed: false, inFlight: false });
  }

  private registered(b: Binding): void {
    const p = this.probes.get(keyOf(b));
    if (p) {
      p.binding = b;
      p.misses = 0;
      p.failed = false;
    } else this.track(b, this.host.clock.now() + this.intervalOf(b.aor));
    this.evaluate(b.aor, "sip: registered");
  }

  private removed(b: Binding, why: BindingRemoval): void {
    this.probes.delete(keyOf(b));
    const cause =
      why === "expired" ? `sip: registration expired ${isoSecond(b.expiresAt)}`
      : why === "flow-closed" ? (isWebSocket(b) ? "sip: WebSocket closed" : "sip: connection closed")
      : why === "unregistered" ? "sip: unregistered"
      : "sip: replaced by a newer registration";
    this.evaluate(b.aor, cause);
  }

  private evaluate(aor: string, cause: string): void {
    const up = this.isReachable(aor);
    if (up && this.gone.delete(aor)) this.onChange.execute(aor, true, cause);
    else if (!up && !this.gone.has(aor)) {
      this.gone.add(aor);
      this.host.log.info({ extension: aor, cause }, "device unreachable");
      this.onChange.execute(aor, false, cause);
    }
  }

  private send(p: Probe, now: number): void {
    const b = p.binding;
    const to = b.source;
    const hp = this.host.localHostPort(to);
    const headers = new HeaderList();
    headers.append("via", `SIP/2.0/${to.transport.toUpperCase()} ${hp.host}:${hp.port};branch=${BRANCH_COOKIE}${randomToken(16)};rport`);
    headers.append("max-forwards", "70");
    headers.append("from", `<sip:qualify@${hp.host}>;tag=${randomToken(8)}`);
    headers.append("to", `<sip:${b.aor}@${hp.host}>`);
    headers.append("call-id", `${randomToken(16)}@qualify`);
    headers.append("cseq", "1 OPTIONS");
    headers.append("accept", "application/sdp");
    const request: SipRequest = { kind: "request", method: "OPTIONS", uri: b.contact, headers, body: "" };
    p.inFlight = true;
    this.counts.sent++;
    this.counts.inFlight++;
    let settled = false;
    const settle = (answered: boolean) => {
      codeTime.qualify.enter();
      try {
        if (settled) {
          // A late answer still proves the phone is there.
          if (answered && this.probes.get(keyOf(b)) === p && p.failed) this.answered(p);
          return;
        }
        settled = true;
        this.host.clock.clearTimeout(timeout);
        p.inFlight = false;
        this.counts.inFlight--;
        if (answered) this.answered(p);
        else this.missed(p);
        if (this.backlog) queueMicrotask(() => this.pump());
      } finally {
        codeTime.qualify.leave();
      }
    };
    const timeout = this.host.clock.setTimeout(() => settle(false), this.answerTimeoutOf(this.intervalOf(b.aor)));
    try {
      this.host.request(request, to, {
        onResponse: (r) => {
          if (r.status >= 200) settle(true);
        },
        onTimeout: () => settle(false),
        onTransportError: () => settle(false),
      });
    } catch (err) {
      this.host.log.warn({ extension: b.aor, err: String(err) }, "OPTIONS probe not sent");
      settle(false);
    }
    void now;
  }

  /** The probe interval of an extension's bindings (ms): its phones' own, else the appliance's. */
  private intervalOf(aor: string): number {
    return this.options.intervalFor?.(aor) ?? this.options.intervalMs;
  }

  private answerTimeoutOf(intervalMs: number): number {
    return this.options.answerTimeoutMs ?? Math.min(5000, Math.max(500, intervalMs));
  }

  /** Probes of a failed phone were turned off (interval 0): a live binding is taken at its word again. */
  private qualifyOff(p: Probe): void {
    p.failed = false;
    p.misses = 0;
    this.evaluate(p.binding.aor, "sip: qualify off for this phone");
  }

  private answered(p: Probe): void {
    this.counts.answered++;
    p.misses = 0;
    p.nextAt = this.host.clock.now() + this.intervalOf(p.binding.aor);
    if (p.failed) {
      p.failed = false;
      this.evaluate(p.binding.aor, "sip: OPTIONS answered");
    }
  }

  private missed(p: Probe): void {
    if (this.probes.get(keyOf(p.binding)) !== p) return; // the binding went meanwhile
    this.counts.missed++;
    p.misses++;
    // After a miss, ask again soon (a lost UDP datagram is not a dead phone); a failed phone keeps being asked each interval.
    const every = this.intervalOf(p.binding.aor);
    p.nextAt = this.host.clock.now() + (p.failed ? every : Math.min(every, this.answerTimeoutOf(every)));
    if (!p.failed && p.misses >= this.missesAllowed) {
      p.failed = true;
      this.evaluate(p.binding.aor, `sip: no answer to OPTIONS (${p.misses} probes)`);
    }
  }
}
