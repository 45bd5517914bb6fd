import type { Database, Statement } from "bun:sqlite";

/** One agent state change (O5, O7). */
export interface AgentStateChange {
  serviceId: string;
  loginId: string;
  state: string;
  reason: string | null;
  at: number;
  /** Why it changed (issue 17): agent, admin, rule, SIP event, restart, media … */
  cause?: string | null;
}

interface Row {
  service_id: string;
  login_id: string;
  state: string;
  reason: string | null;
  at: number;
  cause: string | null;
}

const toChange = (r: Row): AgentStateChange => ({ serviceId: r.service_id, loginId: r.login_id, state: r.state, reason: r.reason, at: r.at, cause: r.cause });

/** Append-only log of agent state changes. */
export class AgentStateLogRepo {
  private readonly addStmt: Statement;
  private readonly listStmt: Statement<Row, [string, number, number]>;
  private readonly beforeStmt: Statement<Row, [string, string, number]>;
  private readonly agentStmt: Statement<Row, [string, string, number, number]>;

  constructor(db: Database) {
    this.agentStmt = db.prepare(
      "SELECT service_id, login_id, state, reason, at, cause FROM agent_state_log WHERE service_id = ? AND login_id = ? AND at >= ? AND at < ? ORDER BY at, id",
    );
    this.addStmt = db.prepare("INSERT INTO agent_state_log (service_id, login_id, state, reason, at, cause) VALUES ($serviceId, $loginId, $state, $reason, $at, $cause)");
    this.listStmt = db.prepare("SELECT service_id, login_id, state, reason, at, cause FROM agent_state_log WHERE service_id = ? AND at >= ? AND at < ? ORDER BY at, id");
    this.beforeStmt = db.prepare(
      "SELECT service_id, login_id, state, reason, at, cause FROM agent_state_log WHERE service_id = ? AND login_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1",
    );
  }

  /** One agent's changes in [from, to), oldest first (the day's timeline, issue 17). */
  forAgent(serviceId: string, loginId: string, from: number, to: number): AgentStateChange[] {
    return this.agentStmt.all(serviceId, loginId, from, to).map(toChange);
  }

  record(c: AgentStateChange): void {
    this.addStmt.run({ serviceId: c.serviceId, loginId: c.loginId, state: c.state, reason: c.reason, at: c.at, cause: c.cause ?? null });
  }

  /** A service's changes in [from, to), oldest first. */
  list(serviceId: string, from: number, to: number): AgentStateChange[] {
    return this.listStmt.all(serviceId, from, to).map(toChange);
  }

  /** The agent's last change before `at` (the state they were in then). */
  lastBefore(serviceId: string, loginId: string, at: number): AgentStateChange | undefined {
    const r = this.beforeStmt.get(serviceId, loginId, at);
    return r ? toChange(r) : undefined;
  }
}
