import type { Database, Statement } from "bun:sqlite";

/** Which self-check a result is of (issue 17 points 4, 5). */
export type SelfCheckKind = "canary" | "reconcile";

/** One stored result; `result` is the check's own JSON (the cc layer owns its shape). */
export interface SelfCheckEntry {
  kind: SelfCheckKind;
  serviceId: string;
  at: number;
  ok: boolean;
  result: unknown;
}

/** Results kept per service and kind (older ones are pruned as new ones come). */
export const SELF_CHECK_HISTORY = 50;

interface Row {
  kind: SelfCheckKind;
  service_id: string;
  at: number;
  ok: number;
  result_json: string;
}

const toEntry = (r: Row): SelfCheckEntry => ({ kind: r.kind, serviceId: r.service_id, at: r.at, ok: r.ok === 1, result: JSON.parse(r.result_json) as unknown });

/**
 * The self-checks' results (canary calls, reconcile reports) per service, so the dashboard,
 * /metrics, the API and the command line show the latest across a restart (issue 17: never a
 * silent failure). Each service keeps its last {@link SELF_CHECK_HISTORY} of each kind.
 */
export class SelfCheckRepo {
  private readonly insertStmt: Statement;
  private readonly pruneStmt: Statement;
  private readonly latestStmt: Statement<Row, [SelfCheckKind, string]>;
  private readonly latestAllStmt: Statement<Row, [SelfCheckKind, SelfCheckKind]>;
  private readonly historyStmt: Statement<Row, [SelfCheckKind, string, number]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare("INSERT INTO self_checks (kind, service_id, at, ok, result_json) VALUES (?, ?, ?, ?, ?)");
    this.pruneStmt = db.prepare(
      `DELETE FROM self_checks WHERE kind = $kind AND service_id = $serviceId AND id <= (
         SELECT id FROM self_checks WHERE kind = $kind AND service_id = $serviceId ORDER BY id DESC LIMIT 1 OFFSET $keep)`,
    );
    const cols = "SELECT kind, service_id, at, ok, result_json FROM self_checks";
    this.latestStmt = db.prepare(`${cols} WHERE kind = ? AND service_id = ? ORDER BY id DESC LIMIT 1`);
    this.latestAllStmt = db.prepare(`${cols} WHERE kind = ? AND id IN (SELECT max(id) FROM self_checks WHERE kind = ? GROUP BY service_id) ORDER BY service_id`);
    this.historyStmt = db.prepare(`${cols} WHERE kind = ? AND service_id = ? ORDER BY id DESC LIMIT ?`);
  }

  /** Store a result and prune the service's older ones beyond `keep`. */
  record(e: SelfCheckEntry, keep = SELF_CHECK_HISTORY): void {
    this.insertStmt.run(e.kind, e.serviceId, e.at, e.ok ? 1 : 0, JSON.stringify(e.result));
    this.pruneStmt.run({ kind: e.kind, serviceId: e.serviceId, keep: Math.max(1, keep) });
  }

  /** The service's latest result of a kind, if any. */
  latest(kind: SelfCheckKind, serviceId: string): SelfCheckEntry | undefined {
    const r = this.latestStmt.get(kind, serviceId);
    return r ? toEntry(r) : undefined;
  }

  /** The latest result of a kind of every service that has one. */
  latestAll(kind: SelfCheckKind): SelfCheckEntry[] {
    return this.latestAllStmt.all(kind, kind).map(toEntry);
  }

  /** The service's results of a kind, newest first (at most `limit`). */
  history(kind: SelfCheckKind, serviceId: string, limit = SELF_CHECK_HISTORY): SelfCheckEntry[] {
    return this.historyStmt.all(kind, serviceId, limit).map(toEntry);
  }
}
