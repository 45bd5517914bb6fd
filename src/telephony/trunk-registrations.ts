import type { Logger } from "../lib/index.ts";
import type { SipServer, TrunkAccount, TrunkRegistration } from "../sip/index.ts";

/** The registration-mode trunks the appliance must keep registered (T7). */
export type TrunkAccounts = () => TrunkAccount[];

/**
 * Keeps one outbound registration per registration-mode trunk: `sync()` after every trunk
 * change starts new ones, restarts changed ones and stops removed ones.
 */
export class TrunkRegistrations {
  private readonly running = new Map<string, { key: string; registration: TrunkRegistration }>();

  constructor(
    private readonly sip: SipServer,
    private readonly accounts: TrunkAccounts,
    private readonly log: Logger,
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
  }

  /** States for the API and pages. */
  states(): Array<{ trunkId: string; state: string; expiresAt: number }> {
    return [...this.running].map(([trunkId, e]) => ({ trunkId, state: e.registration.current, expiresAt: e.registration.expiresAt }));
  }

  stop(): void {
    for (const entry of this.running.values()) entry.registration.stop();
    this.running.clear();
  }
}

function keyOf(a: TrunkAccount): string {
  return JSON.stringify([a.host, a.port, a.transport, a.username, a.password, a.expires, a.line]);
}
