import type { Database, Statement } from "bun:sqlite";

/** How an agent takes calls: the browser softphone or a desk phone (A5). */
export type PhoneMode = "softphone" | "desk";

/** An agent's own console settings (A3, A11). */
export interface AgentPrefs {
  /** Open the service's screen-pop URL for each incoming call (G9); off by default. */
  screenPop: boolean;
  phoneMode: PhoneMode;
  /** Notices posted after this instant (ms) are unread. */
  noticesSeenAt: number;
}

export const DEFAULT_AGENT_PREFS: AgentPrefs = { screenPop: false, phoneMode: "softphone", noticesSeenAt: 0 };

interface Row {
  screen_pop: number;
  phone_mode: PhoneMode;
  notices_seen_at: number;
}

/**
 * The agent console's own data per agent: the console password's argon2id hash (agents.password_hash,
 * never the password) and the agent's console settings.
 */
export class AgentConsoleRepo {
  private readonly hashStmt: Statement<{ password_hash: string | null }, [string, string]>;
  private readonly setHashStmt: Statement;
  private readonly prefsStmt: Statement<Row, [string, string]>;
  private readonly putPrefsStmt: Statement;

  constructor(db: Database) {
    this.hashStmt = db.prepare("SELECT password_hash FROM agents WHERE service_id = ? AND login_id = ?");
    this.setHashStmt = db.prepare("UPDATE agents SET password_hash = $hash WHERE service_id = $serviceId AND login_id = $loginId");
    this.prefsStmt = db.prepare("SELECT screen_pop, phone_mode, notices_seen_at FROM agent_prefs WHERE service_id = ? AND login_id = ?");
    this.putPrefsStmt = db.prepare(
      `INSERT INTO agent_prefs (service_id, login_id, screen_pop, phone_mode, notices_seen_at)
       VALUES ($serviceId, $loginId, $screenPop, $phoneMode, $seen)
       ON CONFLICT (service_id, login_id) DO UPDATE SET screen_pop = excluded.screen_pop,
         phone_mode = excluded.phone_mode, notices_seen_at = excluded.notices_seen_at`,
    );
  }

  /** The console password's hash; undefined when none was ever set. */
  passwordHash(serviceId: string, loginId: string): string | undefined {
    return this.hashStmt.get(serviceId, loginId)?.password_hash ?? undefined;
  }

  setPasswordHash(serviceId: string, loginId: string, hash: string): void {
    this.setHashStmt.run({ serviceId, loginId, hash });
  }

  prefs(serviceId: string, loginId: string): AgentPrefs {
    const r = this.prefsStmt.get(serviceId, loginId);
    return r ? { screenPop: r.screen_pop === 1, phoneMode: r.phone_mode, noticesSeenAt: r.notices_seen_at } : { ...DEFAULT_AGENT_PREFS };
  }

  putPrefs(serviceId: string, loginId: string, p: AgentPrefs): void {
    this.putPrefsStmt.run({ serviceId, loginId, screenPop: p.screenPop ? 1 : 0, phoneMode: p.phoneMode, seen: p.noticesSeenAt });
  }
}
