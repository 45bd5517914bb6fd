import type { Database, Statement } from "bun:sqlite";
import { aggregateCalls, type AggregateOptions, type CallAggregate, type CallTally, type LocalBuckets } from "./call-aggregate.ts";
import { CallRollup, type InboundTally } from "./call-rollup.ts";
import { lostCallers, type WorklistRow } from "./call-worklist.ts";
import type { AgentLegTalk } from "./agent-leg-talk.ts";
import {
  CALL_COLS, LEG_COLS, selectCols as select, SORT_SQL, type CallFilter, type CallLegRecord, type CallRecord, type CallSort, type NewCallRecord,
} from "./call-types.ts";

export * from "./call-types.ts";
export * from "./call-aggregate.ts";
export * from "./call-worklist.ts";
export type { InboundTally } from "./call-rollup.ts";
export type { AgentLegTalk } from "./agent-leg-talk.ts";

/** Repository of call detail records and their legs. */
export class CallRepo {
  private readonly getStmt: Statement<CallRecord, [string]>;
  private readonly rangeStmt: Statement<CallRecord, [string, number, number]>;
  private readonly openStmt: Statement<CallRecord, []>;
  private readonly legsStmt: Statement<CallLegRecord, [string]>;
  private readonly legCallStmt: Statement<{ callId: string }, [string]>;
  private readonly insertCall: Statement;
  private readonly insertLeg: Statement;
  private readonly updates = new Map<string, Statement>();
  private readonly queries = new Map<string, Statement>();
  private readonly rollup: CallRollup;

  constructor(private readonly db: Database) {
    this.rollup = new CallRollup(db, (sql) => this.query(sql));
    const cs = select(CALL_COLS);
    this.getStmt = db.prepare(`SELECT ${cs} FROM calls WHERE call_id = ?`);
    this.rangeStmt = db.prepare(
      `SELECT ${cs} FROM calls WHERE service_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at, call_id`,
    );
    this.openStmt = db.prepare(`SELECT ${cs} FROM calls WHERE ended_at IS NULL ORDER BY started_at`);
    this.legCallStmt = db.prepare("SELECT call_id AS callId FROM call_legs WHERE leg_id = ?");
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

  create(c: NewCallRecord): void {
    this.insertCall.run({ wrapUpSeconds: null, notes: null, endReason: null, ...c });
  }

  get(callId: string): CallRecord | undefined {
    return this.getStmt.get(callId) ?? undefined;
  }

  /** Calls of a service started in [from, to) (ms), oldest first. */
  list(serviceId: string, from: number, to: number): CallRecord[] {
    return this.rangeStmt.all(serviceId, from, to);
  }

  /**
   * One page of the calls matching `f`, sorted in SQL: by `sort` (nulls last), ties oldest first
   * (started_at, call_id), as a stable sort of {@link list} would give.
   */
  search(
    serviceId: string,
    f: CallFilter,
    o: { sort?: CallSort; dir?: "asc" | "desc"; limit?: number; offset?: number } = {},
  ): CallRecord[] {
    const { where, params } = this.where(serviceId, f);
    const s = SORT_SQL[o.sort ?? "time"];
    const dir = o.dir === "desc" ? "DESC" : "ASC";
    const order = o.sort === undefined || (o.sort === "time" && dir === "ASC")
      ? "started_at, call_id"
      : `${s.nullable ? `${s.expr} IS NULL, ` : ""}${s.expr} ${dir}, started_at, call_id`;
    // The page's ids come from an index alone (filter and sort columns are all indexed); only its rows are read.
    const sql = `SELECT ${select(CALL_COLS)} FROM calls WHERE call_id IN
      (SELECT call_id FROM calls WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`;
    return this.query<CallRecord>(sql).all(...params, o.limit ?? -1, o.offset ?? 0);
  }

  /** How many calls match `f`. */
  count(serviceId: string, f: CallFilter): number {
    const { where, params } = this.where(serviceId, f);
    return this.query<{ n: number }>(`SELECT count(*) AS n FROM calls WHERE ${where}`).get(...params)!.n;
  }

  /** Statistics sums (S1): see {@link aggregateCalls}; from the rollup (migration 022) where it is exact. */
  aggregate(serviceId: string, from: number, to: number, o: AggregateOptions): CallAggregate[] {
    return this.rollup.aggregate(serviceId, from, to, o);
  }

  /** Statistics sums (S1) read from the calls themselves, not the rollup. */
  aggregateScan(serviceId: string, from: number, to: number, o: AggregateOptions): CallAggregate[] {
    return aggregateCalls((sql) => this.query<CallAggregate>(sql), serviceId, from, to, o);
  }

  /** Talk seconds per agent from their answered legs of the queued calls started in [from, to) (a transfer splits a call's talk). */
  agentTalk(serviceId: string, from: number, to: number, buckets?: LocalBuckets): AgentLegTalk[] {
    // From the statistics rollup (issue 12) where it is exact, else from the legs themselves.
    return this.rollup.legTalk(serviceId, from, to, buckets);
  }

  /** Calls started in [from, to) per local bucket of their start: inbound, internal, ended as callback (D1–D3). */
  tally(serviceId: string, from: number, to: number, buckets: LocalBuckets): CallTally[] {
    return this.rollup.tally(serviceId, from, to, buckets);
  }

  /** Inbound calls started in [from, to) per local bucket (null: none), all and those that ended in the ARS (S1, issue 9). */
  inboundTally(serviceId: string, from: number, to: number, buckets?: LocalBuckets): InboundTally[] {
    return this.rollup.inbound(serviceId, from, to, buckets);
  }

  /** Build the statistics rollup of a service now if it has none (start-up; issue 12). */
  warmRollup(serviceId: string): void {
    this.rollup.warm(serviceId);
  }

  /** Whether the service's statistics rollup is built (reads scan the calls until it is). */
  rollupReady(serviceId: string): boolean {
    return this.rollup.ready(serviceId);
  }

  /** Stop background rollup builds (before the database closes). */
  stopRollup(): void {
    this.rollup.stop();
  }

  /** The "no lost caller" worklist of a service: see {@link lostCallers}. */
  worklist(serviceId: string, since: number, limit?: number): WorklistRow[] {
    return lostCallers((sql) => this.query<WorklistRow>(sql), serviceId, since, limit);
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

  /** The call a leg belongs to. */
  legCall(legId: string): string | undefined {
    return this.legCallStmt.get(legId)?.callId;
  }

  legs(callId: string): CallLegRecord[] {
    return this.legsStmt.all(callId);
  }

  private where(serviceId: string, f: CallFilter): { where: string; params: (string | number)[] } {
    const where = ["service_id = ?", "started_at >= ?", "started_at < ?"];
    const params: (string | number)[] = [serviceId, f.from, f.to];
    const eq = (col: string, v: string | undefined) => {
      if (v === undefined || v === "") return;
      where.push(`${col} = ?`);
      params.push(v);
    };
    eq("queue_id", f.queueId);
    eq("agent_login", f.agent);
    eq("result", f.result);
    eq("direction", f.direction);
    eq("type", f.type);
    if (f.number) {
      where.push("(instr(from_number, ?) > 0 OR instr(to_number, ?) > 0)");
      params.push(f.number, f.number);
    }
    if (f.agentPart) {
      where.push("instr(agent_login, ?) > 0");
      params.push(f.agentPart);
    }
    if (f.answeredByAgent) where.push("agent_login IS NOT NULL AND answered_at IS NOT NULL");
    if (f.external) where.push("direction <> 'internal'");
    if (f.unanswered) where.push("answered_at IS NULL");
    return { where: where.join(" AND "), params };
  }

  /** A statement per query shape, prepared once. */
  private query<T>(sql: string): Statement<T, (string | number)[]> {
    let stmt = this.queries.get(sql);
    if (!stmt) {
      if (this.queries.size > 200) this.queries.clear();
      stmt = this.db.prepare(sql);
      this.queries.set(sql, stmt);
    }
    return stmt as unknown as Statement<T, (string | number)[]>;
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
