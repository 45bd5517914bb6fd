import type { Database, Statement } from "bun:sqlite";

/** One audit log entry (H5): who did what to which target, when, from where. */
export interface AuditEntry {
  id: number;
  serviceId?: string;
  loginId: string;
  /** e.g. "view", "play", "download", "export", "create", "update", "delete". */
  action: string;
  /** What was acted on, e.g. "agents/agent1" or "calls/<id>/recording". */
  target: string;
  ip?: string;
  at: number;
}

interface Row {
  id: number;
  service_id: string | null;
  login_id: string;
  action: string;
  target: string;
  ip: string | null;
  at: number;
}

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  serviceId: r.service_id ?? undefined,
  loginId: r.login_id,
  action: r.action,
  target: r.target,
  ip: r.ip ?? undefined,
  at: r.at,
});

/** Audit log (H5), append-only. */
export class AuditRepo {
  private readonly insertStmt: Statement;
  private readonly listStmt: Statement<Row, [string, number, number]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (service_id, login_id, action, target, ip, at) VALUES ($serviceId, $loginId, $action, $target, $ip, $at)`,
    );
    this.listStmt = db.prepare(
      "SELECT id, service_id, login_id, action, target, ip, at FROM audit_log WHERE service_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
    );
  }

  /** Append an entry. */
  record(e: Omit<AuditEntry, "id" | "at">, at = Date.now()): void {
    this.insertStmt.run({
      serviceId: e.serviceId ?? null,
      loginId: e.loginId,
      action: e.action,
      target: e.target.slice(0, 500),
      ip: e.ip ?? null,
      at,
    });
  }

  /** Newest first. */
  list(serviceId: string, limit = 100, offset = 0): AuditEntry[] {
    return this.listStmt.all(serviceId, limit, offset).map(toEntry);
  }
}
