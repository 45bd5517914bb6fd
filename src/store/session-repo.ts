import type { Database, Statement } from "bun:sqlite";
import { randomBytes } from "node:crypto";

/** A signed-in web session; `csrfToken` goes into every form of the session (X4). */
export interface WebSession {
  id: string;
  memberId: number;
  csrfToken: string;
  ip?: string;
  createdAt: number;
  expiresAt: number;
}

interface Row {
  id: string;
  member_id: number;
  csrf_token: string;
  ip: string | null;
  created_at: number;
  expires_at: number;
}

const toSession = (r: Row): WebSession => ({
  id: r.id,
  memberId: r.member_id,
  csrfToken: r.csrf_token,
  ip: r.ip ?? undefined,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Web sessions with random 256-bit ids, persisted so a restart keeps people signed in. */
export class SessionRepo {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement<Row, [string, number]>;
  private readonly deleteStmt: Statement;
  private readonly purgeStmt: Statement;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO sessions (id, member_id, csrf_token, ip, created_at, expires_at)
       VALUES ($id, $memberId, $csrfToken, $ip, $createdAt, $expiresAt)`,
    );
    this.getStmt = db.prepare(
      "SELECT id, member_id, csrf_token, ip, created_at, expires_at FROM sessions WHERE id = ? AND expires_at > ?",
    );
    this.deleteStmt = db.prepare("DELETE FROM sessions WHERE id = ?");
    this.purgeStmt = db.prepare("DELETE FROM sessions WHERE expires_at <= ?");
  }

  create(memberId: number, ttlMs: number, ip: string | undefined, now = Date.now()): WebSession {
    const s: WebSession = {
      id: randomBytes(32).toString("base64url"),
      memberId,
      csrfToken: randomBytes(24).toString("base64url"),
      ip,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    this.insertStmt.run({ ...s, ip: ip ?? null });
    return s;
  }

  /** The live session with this id, or undefined when unknown or expired. */
  get(id: string, now = Date.now()): WebSession | undefined {
    const r = this.getStmt.get(id, now);
    return r ? toSession(r) : undefined;
  }

  remove(id: string): void {
    this.deleteStmt.run(id);
  }

  purgeExpired(now = Date.now()): number {
    return this.purgeStmt.run(now).changes;
  }
}
