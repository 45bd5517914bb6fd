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

/** A change anywhere in the organization (O6): a service role, or the organization's own (`org-admin`, service ""). */
export type OrgPermissionChange = Omit<PermissionChange, "role"> & { role: ServiceRole | "org-admin" };

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
  private readonly searchAllStmt: Statement<Row, [Record<string, string | number>]>;

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
    this.searchAllStmt = db.prepare(
      `SELECT id, service_id, action, role, member_login, member_name, actor_login, ip, at FROM permission_log
       WHERE at >= $fromMs AND at < $toMs AND ($serviceId = '*' OR service_id = $serviceId)
         AND ($q = '' OR instr(lower(member_login), $q) OR instr(lower(member_name), $q) OR instr(lower(actor_login), $q)
              OR instr(lower(coalesce(ip, '')), $q) OR instr(lower(service_id), $q) OR instr(action, $q) OR instr(role, $q))
       ORDER BY at DESC, id DESC LIMIT $limit`,
    );
  }

  /** Append a change. */
  record(e: Omit<OrgPermissionChange, "id" | "at">, at = Date.now()): void {
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

  /**
   * Every change of the organization (O6), newest first: `q` matches part of the name, ID, actor,
   * IP, service or action; `serviceId` narrows to one service ("" = the organization's own role).
   */
  searchAll(f: PermissionLogQuery & { serviceId?: string } = {}): OrgPermissionChange[] {
    return this.searchAllStmt
      .all({
        serviceId: f.serviceId ?? "*",
        q: (f.q ?? "").trim().toLowerCase(),
        fromMs: f.fromMs ?? 0,
        toMs: f.toMs ?? Number.MAX_SAFE_INTEGER,
        limit: f.limit ?? 20_000,
      })
      .map(toChange) as OrgPermissionChange[];
  }
}
