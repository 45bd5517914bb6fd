import type { Database, Statement } from "bun:sqlite";

/** Who an audit entry is about: a member of the pages, a named API key, the command line, an agent or the appliance. */
export type AuditActorKind = "member" | "api-key" | "cli" | "agent" | "system";

/** One audit log entry (H5): who did what to which target, when, from where, and what it changed. */
export interface AuditEntry {
  id: number;
  serviceId?: string;
  /** The member's login id, the API key's name, "(command line)" … */
  loginId: string;
  actorKind: AuditActorKind;
  /** e.g. "view", "play", "download", "export", "create", "update", "delete". */
  action: string;
  /** What was acted on, e.g. "agents/agent1" or "calls/<id>/recording". */
  target: string;
  ip?: string;
  at: number;
  /** The changed object before and after (JSON), for changes. */
  before?: unknown;
  after?: unknown;
}

interface Row {
  id: number;
  service_id: string | null;
  login_id: string;
  actor_kind: string;
  action: string;
  target: string;
  ip: string | null;
  at: number;
  before_json: string | null;
  after_json: string | null;
}

const json = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  serviceId: r.service_id ?? undefined,
  loginId: r.login_id,
  actorKind: r.actor_kind as AuditActorKind,
  action: r.action,
  target: r.target,
  ip: r.ip ?? undefined,
  at: r.at,
  before: json(r.before_json),
  after: json(r.after_json),
});

const COLUMNS = "id, service_id, login_id, actor_kind, action, target, ip, at, before_json, after_json";
/** Before/after snapshots are capped so one huge flow cannot bloat the log. */
const MAX_JSON = 20_000;
const encode = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v).slice(0, MAX_JSON));

/** Audit log (H5), append-only: there is no update or delete. */
export class AuditRepo {
  private readonly insertStmt: Statement;
  private readonly listStmt: Statement<Row, [string, number, number]>;
  private readonly countStmt: Statement<{ n: number }, [string, string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (service_id, login_id, actor_kind, action, target, ip, at, before_json, after_json)
       VALUES ($serviceId, $loginId, $actorKind, $action, $target, $ip, $at, $before, $after)`,
    );
    this.listStmt = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE service_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`);
    this.countStmt = db.prepare("SELECT count(*) AS n FROM audit_log WHERE service_id = ? AND action = ?");
  }

  /** Append an entry. */
  record(e: Omit<AuditEntry, "id" | "at" | "actorKind"> & { actorKind?: AuditActorKind }, at = Date.now()): void {
    this.insertStmt.run({
      serviceId: e.serviceId ?? null,
      loginId: e.loginId,
      actorKind: e.actorKind ?? "member",
      action: e.action,
      target: e.target.slice(0, 500),
      ip: e.ip ?? null,
      at,
      before: encode(e.before),
      after: encode(e.after),
    });
  }

  /** Newest first. */
  list(serviceId: string, limit = 100, offset = 0): AuditEntry[] {
    return this.listStmt.all(serviceId, limit, offset).map(toEntry);
  }

  /** How many entries of one action a service has (e.g. "play"). */
  countAction(serviceId: string, action: string): number {
    return this.countStmt.get(serviceId, action)?.n ?? 0;
  }
}
