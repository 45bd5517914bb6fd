import type { Database, Statement } from "bun:sqlite";

/** An allowed admin address range of a service (G10), in CIDR notation. */
export interface AccessRange {
  serviceId: string;
  cidr: string;
  note: string;
}

interface Row {
  service_id: string;
  cidr: string;
  note: string;
}

const toRange = (r: Row): AccessRange => ({ serviceId: r.service_id, cidr: r.cidr, note: r.note });

/** Access management (G10): no range = reachable from anywhere. */
export class AccessRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly allStmt: Statement<Row, []>;
  private readonly clearStmt: Statement;
  private readonly insertStmt: Statement;

  constructor(private readonly db: Database) {
    this.listStmt = db.prepare("SELECT service_id, cidr, note FROM access_ranges WHERE service_id = ? ORDER BY created_at, cidr");
    this.allStmt = db.prepare("SELECT service_id, cidr, note FROM access_ranges ORDER BY service_id, created_at, cidr");
    this.clearStmt = db.prepare("DELETE FROM access_ranges WHERE service_id = ?");
    this.insertStmt = db.prepare(
      "INSERT OR IGNORE INTO access_ranges (service_id, cidr, note, created_at) VALUES ($serviceId, $cidr, $note, $now)",
    );
  }

  list(serviceId: string): AccessRange[] {
    return this.listStmt.all(serviceId).map(toRange);
  }

  /** Every service's ranges. */
  all(): AccessRange[] {
    return this.allStmt.all().map(toRange);
  }

  /** Replace the service's ranges (all or nothing). */
  replace(serviceId: string, ranges: { cidr: string; note: string }[], now = Date.now()): void {
    this.db.transaction(() => {
      this.clearStmt.run(serviceId);
      for (const r of ranges) this.insertStmt.run({ serviceId, cidr: r.cidr, note: r.note, now });
    })();
  }

  /** Remove every range of the service (undo a lock-out); returns how many were removed. */
  clear(serviceId: string): number {
    return this.clearStmt.run(serviceId).changes;
  }
}
