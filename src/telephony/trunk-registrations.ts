import type { Logger } from "../lib/index.ts";
import type { SipServer, TrunkAccount, TrunkProbe, TrunkProbeStatus, TrunkRegistration } from "../sip/index.ts";

/** The registration-mode trunks the appliance must keep registered (T7). */
export type TrunkAccounts = () => TrunkAccount[];

/** Every trunk's carrier, probed with OPTIONS (T7). */
export type TrunkTargets = () => Array<{ trunkId: string; host: string; port: number; transport: "udp" | "tcp" | "tls" }>;

/** What the pages, the API and the metrics show of a trunk now. */
export interface TrunkStatus {
  trunkId: string;
  /** Registration trunks: "registered", "registering", "failed", "stopped"; peer trunks: "peer". */
  state: string;
  expiresAt: number;
  /** The carrier's last answer to our REGISTER, or why there was none. */
  lastAnswer?: string;
  /** After a failure: when the next REGISTER goes out (ms). */
  retryAt?: number;
  /** The OPTIONS health probe (T7). */
  probe?: TrunkProbeStatus;
}

const PROBE_INTERVAL_MS = 30_000;

/**
 * Keeps one outbound registration per registration-mode trunk and one OPTIONS probe per trunk:
 * `sync()` after every trunk change starts new ones, restarts changed ones and stops removed ones.
 */
export class TrunkRegistrations {
  private readonly running = new Map<string, { key: string; registration: TrunkRegistration }>();
  private readonly probes = new Map<string, { key: string; probe: TrunkProbe }>();

  constructor(
    private readonly sip: SipServer,
    private readonly accounts: TrunkAccounts,
    private readonly log: Logger,
    private readonly targets: TrunkTargets = () => [],
  ) {}

  sync(): void {
    const wanted = new Map(this.accounts().map((a) => [a.trunkId, a]));
    for (const [trunkId, entry] of this.running) {
      const account = wanted.get(trunkId);
      if (!account || keyOf(account) !== entry.key) {
        entry.registration.stop();
        this.running.delete(trunkId);
      }
    }
    for (const [trunkId, account] of wanted) {
      if (this.running.has(trunkId)) continue;
      this.log.info({ trunk: trunkId, host: account.host }, "registering to carrier");
      this.running.set(trunkId, { key: keyOf(account), registration: this.sip.registerTrunk(account) });
    }
    const probed = new Map(this.targets().map((t) => [t.trunkId, t]));
    for (const [trunkId, entry] of this.probes) {
      const t = probed.get(trunkId);
      if (!t || JSON.stringify([t.host, t.port, t.transport]) !== entry.key) {
        entry.probe.stop();
        this.probes.delete(trunkId);
      }
    }
    for (const [trunkId, t] of probed) {
      if (this.probes.has(trunkId)) continue;
      const probe = this.sip.probeTrunk({ transport: t.transport, address: t.host, port: t.port }, PROBE_INTERVAL_MS);
      this.probes.set(trunkId, { key: JSON.stringify([t.host, t.port, t.transport]), probe });
    }
  }

  /** States for the pages, the API and the metrics. */
  states(): TrunkStatus[] {
    const out = new Map<string, TrunkStatus>();
    for (const [trunkId, e] of this.running) {
      const r = e.registration;
      out.set(trunkId, { trunkId, state: r.current, expiresAt: r.expiresAt, lastAnswer: r.lastAnswer, ...(r.retryAt ? { retryAt: r.retryAt } : {}) });
    }
    for (const [trunkId, e] of this.probes) {
      out.set(trunkId, { ...(out.get(trunkId) ?? { trunkId, state: "peer", expiresAt: 0 }), probe: e.probe.status });
    }
    return [...out.values()];
  }

  stop(): void {
    for (const entry of this.running.values()) entry.registration.stop();
    for (const entry of this.probes.values()) entry.probe.stop();
    this.running.clear();
    this.probes.clear();
  }
}

function keyOf(a: TrunkAccount): string {
  return JSON.stringify([a.host, a.port, a.transport, a.username, a.password, a.expires, a.line, a.outboundProxy]);
}
