import type { Database, Statement } from "bun:sqlite";

/**
 * Repository of the ARS flow of each service (C1–C4), stored as JSON. The store does not know
 * the flow's shape: cc/ivr validates it with its zod schema on the way in and out.
 */
export class FlowRepo {
  private readonly getStmt: Statement<{ flow_json: string; updated_at: number }, [string]>;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare("SELECT flow_json, updated_at FROM ivr_flows WHERE service_id = ?");
    this.putStmt = db.prepare(
      `INSERT INTO ivr_flows (service_id, flow_json, updated_at) VALUES ($serviceId, $json, $now)
       ON CONFLICT (service_id) DO UPDATE SET flow_json = excluded.flow_json, updated_at = excluded.updated_at`,
    );
  }

  /** The stored flow (parsed JSON, unvalidated), or undefined when the service has none yet. */
  get(serviceId: string): { flow: unknown; updatedAt: number } | undefined {
    const r = this.getStmt.get(serviceId);
    return r ? { flow: JSON.parse(r.flow_json) as unknown, updatedAt: r.updated_at } : undefined;
  }

  /** Store (insert or replace) the flow of a service. */
  put(serviceId: string, flow: unknown, now = Date.now()): void {
    this.putStmt.run({ serviceId, json: JSON.stringify(flow), now });
  }
}
