import type { Database, Statement } from "bun:sqlite";
import { randomBytes } from "node:crypto";

/** A signed-in agent console (A1); `csrfToken` goes into every form and script request of it (X4). */
export interface AgentSession {
  id: string;
  serviceId: string;
  loginId: string;
  csrfToken: string;
  ip?: string;
  createdAt: number;
  expiresAt: number;
}

interface Row {
  id: string;
  service_id: string;
  login_id: string;
  csrf_token: string;
  ip: string | null;
  created_at: number;
  expires_at: number;
}

const toSession = (r: Row): AgentSession => ({
  id: r.id,
  serviceId: r.service_id,
  loginId: r.login_id,
  csrfToken: r.csrf_token,
  ip: r.ip ?? undefined,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

const COLS = "id, service_id, login_id, csrf_token, ip, created_at, expires_at";

/** Agent console sessions with random 256-bit ids, persisted so a restart keeps agents signed in. */
export class AgentSessionRepo {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<Row, [string]>;
  private readonly liveStmt: Statement<Row, [string, string, number]>;
  private readonly expiredStmt: Statement<Row, [number]>;
  private readonly deleteStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO agent_sessions (${COLS}) VALUES ($id, $serviceId, $loginId, $csrfToken, $ip, $createdAt, $expiresAt)`,
    );
    this.getStmt = db.prepare(`SELECT ${COLS} FROM agent_sessions WHERE id = ?`);
    this.liveStmt = db.prepare(
      `SELECT ${COLS} FROM agent_sessions WHERE service_id = ? AND login_id = ? AND expires_at > ? ORDER BY created_at`,
    );
    this.expiredStmt = db.prepare(`SELECT ${COLS} FROM agent_sessions WHERE expires_at <= ?`);
    this.deleteStmt = db.prepare("DELETE FROM agent_sessions WHERE id = ?");
  }

  create(a: { serviceId: string; loginId: string; ip?: string }, ttlMs: number, now = Date.now()): AgentSession {
    const s: AgentSession = {
      id: randomBytes(32).toString("base64url"),
      serviceId: a.serviceId,
      loginId: a.loginId,
      csrfToken: randomBytes(24).toString("base64url"),
      ip: a.ip,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    this.insertStmt.run({ ...s, ip: s.ip ?? null });
    return s;
  }

  /** The session with this id, expired or not (the console tells an expired session apart). */
  get(id: string): AgentSession | undefined {
    const r = this.getStmt.get(id);
    return r ? toSession(r) : undefined;
  }

  /** The agent's sessions that have not expired, oldest first. */
  live(serviceId: string, loginId: string, now = Date.now()): AgentSession[] {
    return this.liveStmt.all(serviceId, loginId, now).map(toSession);
  }

  /** Sessions past their end (not yet removed). */
  expired(now = Date.now()): AgentSession[] {
    return this.expiredStmt.all(now).map(toSession);
  }

  remove(id: string): void {
    this.deleteStmt.run(id);
  }
}
