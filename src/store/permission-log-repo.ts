import type { Database, Statement } from "bun:sqlite";
import type { ServiceRole } from "./member-repo.ts";

/** One permission change (권한 변경 로그, O6): who granted or revoked which role of whom, when, from where. */
export interface PermissionChange {
  id: number;
  serviceId: string;
  action: "grant" | "revoke";
  role: ServiceRole;
  /** The member whose role changed. */
  memberLoginId: string;
  memberName: string;
  /** The member who made the change. */
  actorLoginId: string;
  ip?: string;
  at: number;
}

/** Filters of {@link PermissionLogRepo.search}; `q` matches part of the target's or actor's name or ID. */
export interface PermissionLogQuery {
  q?: string;
  fromMs?: number;
  toMs?: number;
  limit?: number;
}

interface Row {
  id: number;
  service_id: string;
  action: "grant" | "revoke";
  role: ServiceRole;
  member_login: string;
  member_name: string;
  actor_login: string;
  ip: string | null;
  at: number;
}

const toChange = (r: Row): PermissionChange => ({
  id: r.id,
  serviceId: r.service_id,
  action: r.action,
  role: r.role,
  memberLoginId: r.member_login,
  memberName: r.member_name,
  actorLoginId: r.actor_login,
  ip: r.ip ?? undefined,
  at: r.at,
});

/** Permission change log (O6), append-only. */
export class PermissionLogRepo {
  private readonly insertStmt: Statement;
  private readonly searchStmt: Statement<Row, [Record<string, string | number>]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO permission_log (service_id, action, role, member_login, member_name, actor_login, ip, at)
       VALUES ($serviceId, $action, $role, $memberLoginId, $memberName, $actorLoginId, $ip, $at)`,
    );
    this.searchStmt = db.prepare(
      `SELECT id, service_id, action, role, member_login, member_name, actor_login, ip, at FROM permission_log
       WHERE service_id = $serviceId AND at >= $fromMs AND at < $toMs
         AND ($q = '' OR instr(lower(member_login), $q) OR instr(lower(member_name), $q) OR instr(lower(actor_login), $q))
       ORDER BY at DESC, id DESC LIMIT $limit`,
    );
  }

  /** Append a change. */
  record(e: Omit<PermissionChange, "id" | "at">, at = Date.now()): void {
    this.insertStmt.run({ ...e, ip: e.ip ?? null, at });
  }

  /** The service's changes, newest first, filtered by part of a name or ID and by time [fromMs, toMs). */
  search(serviceId: string, f: PermissionLogQuery = {}): PermissionChange[] {
    return this.searchStmt
      .all({
        serviceId,
        q: (f.q ?? "").trim().toLowerCase(),
        fromMs: f.fromMs ?? 0,
        toMs: f.toMs ?? Number.MAX_SAFE_INTEGER,
        limit: f.limit ?? 20_000,
      })
      .map(toChange);
  }
}
