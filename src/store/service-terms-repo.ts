import type { Database, Statement } from "bun:sqlite";

/** Contract terms of a service kept beside the service row (G1). */
export interface ServiceTerms {
  /** Period of use as YYYY-MM-DD, empty when open. */
  periodStart: string;
  periodEnd: string;
  /** When the licensed agent count last changed (once a day at most). */
  licencesChangedAt?: number;
}

interface Row {
  period_start: string;
  period_end: string;
  licences_changed_at: number | null;
}

/** Period of use and the last licence change per service (G1). */
export class ServiceTermsRepo {
  private readonly getStmt: Statement<Row, [string]>;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare("SELECT period_start, period_end, licences_changed_at FROM service_terms WHERE service_id = ?");
    this.putStmt = db.prepare(
      `INSERT INTO service_terms (service_id, period_start, period_end, licences_changed_at)
       VALUES ($serviceId, $periodStart, $periodEnd, $changedAt)
       ON CONFLICT (service_id) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end,
         licences_changed_at = excluded.licences_changed_at`,
    );
  }

  get(serviceId: string): ServiceTerms {
    const r = this.getStmt.get(serviceId);
    return r
      ? { periodStart: r.period_start, periodEnd: r.period_end, licencesChangedAt: r.licences_changed_at ?? undefined }
      : { periodStart: "", periodEnd: "" };
  }

  put(serviceId: string, t: ServiceTerms): void {
    this.putStmt.run({ serviceId, periodStart: t.periodStart, periodEnd: t.periodEnd, changedAt: t.licencesChangedAt ?? null });
  }
}
