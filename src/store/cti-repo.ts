import type { Database, Statement } from "bun:sqlite";

/** CTI settings of a service (O5): tenant and whether the daily CTI log is kept. */
export interface CtiSettings {
  tenantId: string;
  tenantName: string;
  logMonitoring: boolean;
}

/** A member's CTI identity (O5): CTI ID and CTI number (the extension they take calls on). */
export interface CtiMapping {
  memberId: number;
  ctiId: string;
  ctiNumber: string;
}

/** CTI settings per service and the member ↔ CTI mapping (O5). */
export class CtiRepo {
  private readonly getStmt: Statement<{ tenant_id: string; tenant_name: string; log_monitoring: number }, [string]>;
  private readonly putStmt: Statement;
  private readonly mapStmt: Statement<{ member_id: number; cti_id: string; cti_number: string }, []>;
  private readonly byIdStmt: Statement<{ member_id: number }, [string]>;
  private readonly setMapStmt: Statement;
  private readonly unmapStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare("SELECT tenant_id, tenant_name, log_monitoring FROM cti_settings WHERE service_id = ?");
    this.putStmt = db.prepare(
      `INSERT INTO cti_settings (service_id, tenant_id, tenant_name, log_monitoring) VALUES ($serviceId, $tenantId, $tenantName, $log)
       ON CONFLICT (service_id) DO UPDATE SET tenant_id = excluded.tenant_id, tenant_name = excluded.tenant_name, log_monitoring = excluded.log_monitoring`,
    );
    this.mapStmt = db.prepare("SELECT member_id, cti_id, cti_number FROM cti_agents ORDER BY cti_id");
    this.byIdStmt = db.prepare("SELECT member_id FROM cti_agents WHERE cti_id = ?");
    this.setMapStmt = db.prepare(
      `INSERT INTO cti_agents (member_id, cti_id, cti_number) VALUES ($memberId, $ctiId, $ctiNumber)
       ON CONFLICT (member_id) DO UPDATE SET cti_id = excluded.cti_id, cti_number = excluded.cti_number`,
    );
    this.unmapStmt = db.prepare("DELETE FROM cti_agents WHERE member_id = ?");
  }

  get(serviceId: string): CtiSettings {
    const r = this.getStmt.get(serviceId);
    return { tenantId: r?.tenant_id ?? "", tenantName: r?.tenant_name ?? "", logMonitoring: r?.log_monitoring === 1 };
  }

  putSettings(serviceId: string, s: CtiSettings): void {
    this.putStmt.run({ serviceId, tenantId: s.tenantId, tenantName: s.tenantName, log: s.logMonitoring ? 1 : 0 });
  }

  /** Every mapping, by CTI ID. */
  mappings(): CtiMapping[] {
    return this.mapStmt.all().map((r) => ({ memberId: r.member_id, ctiId: r.cti_id, ctiNumber: r.cti_number }));
  }

  mappingOf(memberId: number): CtiMapping | undefined {
    return this.mappings().find((m) => m.memberId === memberId);
  }

  /** The member holding a CTI ID. */
  memberWithCtiId(ctiId: string): number | undefined {
    return this.byIdStmt.get(ctiId)?.member_id;
  }

  map(m: CtiMapping): void {
    this.setMapStmt.run(m);
  }

  unmap(memberId: number): void {
    this.unmapStmt.run(memberId);
  }
}
