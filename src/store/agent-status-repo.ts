import type { Database, Statement } from "bun:sqlite";

/** The persisted live state of an agent (A2): state name, away reason and since when (ms). */
export interface AgentStatusRow {
  serviceId: string;
  loginId: string;
  state: string;
  reason: string | null;
  since: number;
  /** Why the agent is in this state (issue 17). */
  cause?: string | null;
  /** When a timed state (wrap-up) ends by itself, ms. */
  until?: number | null;
  /** Unreachable: the state (and away reason) to return to when the device is back. */
  returnState?: string | null;
  returnReason?: string | null;
}

interface Row {
  service_id: string;
  login_id: string;
  state: string;
  reason: string | null;
  since: number;
  cause: string | null;
  until: number | null;
  return_state: string | null;
  return_reason: string | null;
}

const toStatus = (r: Row): AgentStatusRow => ({
  serviceId: r.service_id,
  loginId: r.login_id,
  state: r.state,
  reason: r.reason,
  since: r.since,
  cause: r.cause,
  until: r.until,
  returnState: r.return_state,
  returnReason: r.return_reason,
});

/** Repository of agents' live states with the time they entered them (time in state, D6). */
export class AgentStatusRepo {
  private readonly getStmt: Statement<Row, [string, string]>;
  private readonly listStmt: Statement<Row, [string]>;
  private readonly allStmt: Statement<Row, []>;
  private readonly setStmt: Statement;

  constructor(db: Database) {
    const cols = "service_id, login_id, state, reason, since, cause, until, return_state, return_reason";
    this.getStmt = db.prepare(`SELECT ${cols} FROM agent_status WHERE service_id = ? AND login_id = ?`);
    this.listStmt = db.prepare(`SELECT ${cols} FROM agent_status WHERE service_id = ? ORDER BY login_id`);
    this.allStmt = db.prepare(`SELECT ${cols} FROM agent_status ORDER BY service_id, login_id`);
    this.setStmt = db.prepare(
      `INSERT INTO agent_status (${cols}) VALUES ($serviceId, $loginId, $state, $reason, $since, $cause, $until, $returnState, $returnReason)
       ON CONFLICT (service_id, login_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since,
         cause = excluded.cause, until = excluded.until, return_state = excluded.return_state, return_reason = excluded.return_reason`,
    );
  }

  get(serviceId: string, loginId: string): AgentStatusRow | undefined {
    const r = this.getStmt.get(serviceId, loginId);
    return r ? toStatus(r) : undefined;
  }

  list(serviceId: string): AgentStatusRow[] {
    return this.listStmt.all(serviceId).map(toStatus);
  }

  listAll(): AgentStatusRow[] {
    return this.allStmt.all().map(toStatus);
  }

  /** Insert or replace the agent's state. */
  set(s: AgentStatusRow): void {
    this.setStmt.run({
      serviceId: s.serviceId, loginId: s.loginId, state: s.state, reason: s.reason ?? null, since: s.since,
      cause: s.cause ?? null, until: s.until ?? null, returnState: s.returnState ?? null, returnReason: s.returnReason ?? null,
    });
  }
}
