import type { Database, Statement } from "bun:sqlite";

/** One step of a call's decision trail (issue 17 point 3); `detail` is the step's facts as JSON. */
export interface TrailRow {
  callId: string;
  seq: number;
  at: number;
  step: string;
  serviceId: string;
  agent: string | null;
  detail: unknown;
}

interface Row {
  call_id: string;
  seq: number;
  at: number;
  step: string;
  service_id: string;
  agent: string | null;
  detail: string;
}

const toTrail = (r: Row): TrailRow => ({
  callId: r.call_id, seq: r.seq, at: r.at, step: r.step, serviceId: r.service_id, agent: r.agent, detail: JSON.parse(r.detail) as unknown,
});

const COLS = "call_id, seq, at, step, service_id, agent, detail";

/**
 * The calls' decision trails (migration 025). Written in batches (one transaction per flush, not
 * one per step) so the trail stays cheap on the call path.
 */
export class TrailRepo {
  private readonly insertStmt: Statement;
  private readonly forCallStmt: Statement<Row, [string]>;
  private readonly stepSinceStmt: Statement<Row, [string, string, number]>;
  private readonly agentStmt: Statement<Row, [string, string, number, number]>;
  private readonly insertMany: (rows: readonly TrailRow[]) => void;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT OR REPLACE INTO call_trail (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.forCallStmt = db.prepare(`SELECT ${COLS} FROM call_trail WHERE call_id = ? ORDER BY seq`);
    this.stepSinceStmt = db.prepare(`SELECT ${COLS} FROM call_trail WHERE service_id = ? AND step = ? AND at >= ? ORDER BY call_id, seq`);
    this.agentStmt = db.prepare(`SELECT ${COLS} FROM call_trail WHERE service_id = ? AND agent = ? AND at >= ? ORDER BY at DESC LIMIT ?`);
    this.insertMany = db.transaction((rows: readonly TrailRow[]) => {
      for (const r of rows) this.insertStmt.run(r.callId, r.seq, r.at, r.step, r.serviceId, r.agent, JSON.stringify(r.detail));
    });
  }

  /** Write a batch of steps in one transaction. */
  append(rows: readonly TrailRow[]): void {
    if (rows.length) this.insertMany(rows);
  }

  /** A call's trail in order. */
  forCall(callId: string): TrailRow[] {
    return this.forCallStmt.all(callId).map(toTrail);
  }

  /** Every step of one kind of a service since `from` (ms), by call then order (change preview's recorded keys). */
  stepsSince(serviceId: string, step: string, from: number): TrailRow[] {
    return this.stepSinceStmt.all(serviceId, step, from).map(toTrail);
  }

  /** Steps about one agent since `from`, newest first (the console's missed offers). */
  forAgent(serviceId: string, agent: string, from: number, limit = 50): TrailRow[] {
    return this.agentStmt.all(serviceId, agent, from, limit).map(toTrail);
  }
}
