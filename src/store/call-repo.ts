import type { Database, Statement } from "bun:sqlite";

/** How a call ended (C11); "ivr" = ended in the ARS without reaching a queue. */
export type CallResult = "answered" | "abandoned" | "callback" | "after-hours" | "failed" | "interrupted" | "ivr";

/** A call detail record (C11): one caller's call through ARS, queue and agent. Times in ms. */
export interface CallRecord {
  callId: string;
  serviceId: string;
  direction: "inbound" | "outbound" | "internal";
  from: string;
  to: string;
  sipCallId: string | null;
  startedAt: number;
  queueId: string | null;
  queuedAt: number | null;
  /** First offer to an agent. */
  offeredAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  /** Login id of the agent who answered. */
  agent: string | null;
  hangupBy: "caller" | "agent" | "system" | null;
  result: CallResult | null;
  recordingPath: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  /** Consultation type (G7), set with the notes. */
  type: string | null;
}

/** One leg of a call: the caller's, or one offer to an agent (C11). */
export interface CallLegRecord {
  legId: string;
  callId: string;
  role: "caller" | "agent";
  /** Number or extension of the party. */
  party: string;
  agent: string | null;
  createdAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endBy: string | null;
  endCause: string | null;
}

const CALL_COLS: Record<keyof CallRecord, string> = {
  callId: "call_id",
  serviceId: "service_id",
  direction: "direction",
  from: "from_number",
  to: "to_number",
  sipCallId: "sip_call_id",
  startedAt: "started_at",
  queueId: "queue_id",
  queuedAt: "queued_at",
  offeredAt: "offered_at",
  answeredAt: "answered_at",
  endedAt: "ended_at",
  agent: "agent_login",
  hangupBy: "hangup_by",
  result: "result",
  recordingPath: "recording_path",
  waitSeconds: "wait_seconds",
  talkSeconds: "talk_seconds",
  type: "type",
};

const LEG_COLS: Record<keyof CallLegRecord, string> = {
  legId: "leg_id",
  callId: "call_id",
  role: "role",
  party: "party",
  agent: "agent_login",
  createdAt: "created_at",
  answeredAt: "answered_at",
  endedAt: "ended_at",
  endBy: "end_by",
  endCause: "end_cause",
};

const select = (cols: Record<string, string>) =>
  Object.entries(cols)
    .map(([k, c]) => `${c} AS "${k}"`)
    .join(", ");

/** Repository of call detail records and their legs. */
export class CallRepo {
  private readonly getStmt: Statement<CallRecord, [string]>;
  private readonly rangeStmt: Statement<CallRecord, [string, number, number]>;
  private readonly openStmt: Statement<CallRecord, []>;
  private readonly legsStmt: Statement<CallLegRecord, [string]>;
  private readonly insertCall: Statement;
  private readonly insertLeg: Statement;
  private readonly updates = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    const cs = select(CALL_COLS);
    this.getStmt = db.prepare(`SELECT ${cs} FROM calls WHERE call_id = ?`);
    this.rangeStmt = db.prepare(
      `SELECT ${cs} FROM calls WHERE service_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at, call_id`,
    );
    this.openStmt = db.prepare(`SELECT ${cs} FROM calls WHERE ended_at IS NULL ORDER BY started_at`);
    this.legsStmt = db.prepare(`SELECT ${select(LEG_COLS)} FROM call_legs WHERE call_id = ? ORDER BY created_at, leg_id`);
    const cc = Object.values(CALL_COLS);
    this.insertCall = db.prepare(
      `INSERT INTO calls (${cc.join(", ")}) VALUES (${Object.keys(CALL_COLS).map((k) => `$${k}`).join(", ")})`,
    );
    const lc = Object.values(LEG_COLS);
    this.insertLeg = db.prepare(
      `INSERT INTO call_legs (${lc.join(", ")}) VALUES (${Object.keys(LEG_COLS).map((k) => `$${k}`).join(", ")})`,
    );
  }

  create(c: CallRecord): void {
    this.insertCall.run({ ...c });
  }

  get(callId: string): CallRecord | undefined {
    return this.getStmt.get(callId) ?? undefined;
  }

  /** Calls of a service started in [from, to) (ms), oldest first. */
  list(serviceId: string, from: number, to: number): CallRecord[] {
    return this.rangeStmt.all(serviceId, from, to);
  }

  /** Calls never closed (crash recovery). */
  listOpen(): CallRecord[] {
    return this.openStmt.all();
  }

  update(callId: string, patch: Partial<Omit<CallRecord, "callId">>): void {
    this.patch("calls", "call_id", CALL_COLS, callId, patch);
  }

  addLeg(l: CallLegRecord): void {
    this.insertLeg.run({ ...l });
  }

  updateLeg(legId: string, patch: Partial<Omit<CallLegRecord, "legId" | "callId">>): void {
    this.patch("call_legs", "leg_id", LEG_COLS, legId, patch);
  }

  legs(callId: string): CallLegRecord[] {
    return this.legsStmt.all(callId);
  }

  private patch(table: string, key: string, cols: Record<string, string>, id: string, patch: object): void {
    const keys = Object.keys(patch).filter((k) => k in cols && (patch as Record<string, unknown>)[k] !== undefined);
    if (!keys.length) return;
    const sig = `${table}:${keys.join(",")}`;
    let stmt = this.updates.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE ${table} SET ${keys.map((k) => `${cols[k]} = $${k}`).join(", ")} WHERE ${key} = $id`);
      this.updates.set(sig, stmt);
    }
    const params: Record<string, unknown> = { id };
    for (const k of keys) params[k] = (patch as Record<string, unknown>)[k];
    stmt.run(params as never);
  }
}
