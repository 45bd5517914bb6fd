import type { Database, Statement } from "bun:sqlite";

/**
 * How a call ended (C11); "ivr" = ended in the ARS without reaching a queue. An outbound call that was not
 * answered says why: the far end was busy, did not answer, rejected it, or could not be reached (C9).
 */
export type CallResult =
  | "answered" | "abandoned" | "callback" | "after-hours" | "failed" | "interrupted" | "ivr"
  | "busy" | "no-answer" | "rejected" | "unreachable";

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
  /**
   * Seconds the agent who answered spent in wrap-up (후처리, A6) after the call: 0 when the agent
   * went straight to the next state; null until the agent leaves wrap-up, and for unanswered calls.
   */
  wrapUpSeconds: number | null;
  /** The agent's inquiry/action notes (문의/조치내용, A6), up to 1024 characters; null until saved (always read). */
  notes?: string | null;
}

/** A new call record; `wrapUpSeconds` and `notes` are only known later and default to null. */
export type NewCallRecord = Omit<CallRecord, "wrapUpSeconds" | "notes"> & { wrapUpSeconds?: number | null; notes?: string | null };

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
  wrapUpSeconds: "wrap_up_seconds",
  notes: "notes",
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

/**
 * Filters of the call lookups (H1, H2, API): calls started in [from, to) (ms); `number` and
 * `agentPart` match part of the value, the others the whole value.
 */
export interface CallFilter {
  from: number;
  to: number;
  /** Part of the calling or called number. */
  number?: string;
  /** Login id of the agent who answered. */
  agent?: string;
  /** Part of the login id of the agent who answered. */
  agentPart?: string;
  queueId?: string;
  result?: string;
  direction?: string;
  type?: string;
  /** Only calls an agent answered (consultations, H2). */
  answeredByAgent?: boolean;
  /** A8: leave out internal calls; only calls no agent answered. */
  external?: boolean; unanswered?: boolean;
}

/** Columns the lookups sort by; "number" is the other party's number (to when outbound, else from). */
export const CALL_SORTS = ["time", "direction", "from", "to", "queue", "agent", "result", "wait", "talk", "number", "type"] as const;
export type CallSort = (typeof CALL_SORTS)[number];

const SORT_SQL: Record<CallSort, { expr: string; nullable: boolean }> = {
  time: { expr: "started_at", nullable: false },
  direction: { expr: "direction", nullable: false },
  from: { expr: "from_number", nullable: false },
  to: { expr: "to_number", nullable: false },
  queue: { expr: "queue_id", nullable: true },
  agent: { expr: "agent_login", nullable: true },
  result: { expr: "result", nullable: true },
  wait: { expr: "wait_seconds", nullable: true },
  talk: { expr: "talk_seconds", nullable: true },
  number: { expr: "(CASE WHEN direction = 'outbound' THEN to_number ELSE from_number END)", nullable: false },
  type: { expr: "type", nullable: true },
};

/** Sums of one key (and interval bucket) for the statistics (S1); ratios and averages are left to the caller. */
export interface CallAggregate {
  key: string | null;
  /** Local bucket number (local ms ÷ unit), null without buckets. */
  bucket: number | null;
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  shortAbandoned: number;
  callbacks: number;
  waitSum: number;
  waitCount: number;
  waitMax: number | null;
  talkSum: number;
  /** Sum and count of the wrap-up seconds of the answered calls that have one. */
  wrapUpSum: number;
  wrapUpCount: number;
  /** Outbound calls placed (by agent, consultation type or service; none by queue); 0 unless asked for. */
  outbound: number;
}

/** Counts of the calls started in one local bucket (dashboard, D1–D3). */
export interface CallTally {
  bucket: number;
  inbound: number;
  internal: number;
  callbacks: number;
}

/** How to bucket instants by local time: `offsets[i]` applies before `until[i]`, the last one after. */
export interface LocalBuckets {
  unitMs: number;
  until: number[];
  offsets: number[];
}

/** SQL of the local bucket of the instant `at` (see {@link LocalBuckets}) and its parameters; NULL without buckets. */
function bucketSql(at: string, b: LocalBuckets | undefined): { sql: string; params: number[] } {
  if (!b) return { sql: "NULL", params: [] };
  const offset = b.until.length ? `CASE ${b.until.map(() => `WHEN ${at} < ? THEN ?`).join(" ")} ELSE ? END` : "?";
  return {
    sql: `(CAST(${at} + ${offset} AS INTEGER) / CAST(? AS INTEGER))`,
    params: [...b.until.flatMap((u, i) => [u, b.offsets[i]!]), b.offsets[b.until.length]!, b.unitMs],
  };
}

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
  private readonly queries = new Map<string, Statement>();

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

  create(c: NewCallRecord): void {
    this.insertCall.run({ wrapUpSeconds: null, notes: null, ...c });
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

  /**
   * Statistics sums (S1) of the queued calls started in [from, to), grouped by queue, consultation
   * type or nothing ("service"), or by agent from the offers of the queue event log in [from, to)
   * (one per call and agent; answered figures only for the agent who answered). `buckets` splits
   * by local interval of queued_at (else started_at). With `outbound`, also the outbound calls
   * started in [from, to) by agent, consultation type or service (outbound calls have no queue), as
   * extra rows with only `outbound` set.
   */
  aggregate(
    serviceId: string,
    from: number,
    to: number,
    o: {
      by: "queue" | "agent" | "type" | "service"; slSeconds: number; shortAbandonSeconds: number; buckets?: LocalBuckets;
      outbound?: boolean;
    },
  ): CallAggregate[] {
    const { sql: bucket, params: bucketParams } = bucketSql("coalesce(c.queued_at, c.started_at)", o.buckets);
    const agent = o.by === "agent";
    // m: this row's answered figures count (by agent: only for the agent who answered).
    const m = agent ? "(c.agent_login IS e.agent_login)" : "1";
    const ans = `(${m} AND (c.result IS 'answered' OR c.answered_at IS NOT NULL))`;
    const notAns = `(${m} AND NOT (c.result IS 'answered' OR c.answered_at IS NOT NULL))`;
    const w = "coalesce(c.wait_seconds, 0)";
    const key = agent ? "e.agent_login" : o.by === "queue" ? "c.queue_id" : o.by === "type" ? "c.type" : "NULL";
    const from_ = agent
      ? `(SELECT DISTINCT call_id, agent_login FROM queue_events WHERE service_id = ? AND event = 'offer' AND at >= ? AND at < ?
           AND agent_login IS NOT NULL AND agent_login <> '') e
         JOIN calls c ON c.call_id = e.call_id`
      : "calls c INDEXED BY calls_service_started_cover";
    const sql = `SELECT ${key} AS key, ${bucket} AS bucket, count(*) AS offered,
        total(${ans}) AS answered, total(${ans} AND ${w} <= ?) AS answeredWithinSl,
        total(${notAns} AND c.result IS 'abandoned' AND ${w} >= ?) AS abandoned,
        total(${notAns} AND c.result IS 'abandoned' AND ${w} < ?) AS shortAbandoned,
        total(${notAns} AND c.result IS 'callback') AS callbacks,
        total(CASE WHEN ${m} THEN c.wait_seconds END) AS waitSum, count(CASE WHEN ${m} THEN c.wait_seconds END) AS waitCount,
        max(CASE WHEN ${m} THEN c.wait_seconds END) AS waitMax,
        total(CASE WHEN ${ans} THEN coalesce(c.talk_seconds, 0) END) AS talkSum,
        total(CASE WHEN ${ans} THEN c.wrap_up_seconds END) AS wrapUpSum, count(CASE WHEN ${ans} THEN c.wrap_up_seconds END) AS wrapUpCount,
        0 AS outbound
      FROM ${from_}
      WHERE c.service_id = ? AND c.started_at >= ? AND c.started_at < ? AND +c.queue_id IS NOT NULL
      GROUP BY 1, 2`;
    const params = [
      ...bucketParams, o.slSeconds, o.shortAbandonSeconds, o.shortAbandonSeconds,
      ...(agent ? [serviceId, from, to] : []), serviceId, from, to,
    ];
    const rows = this.query<CallAggregate>(sql).all(...(params as number[]));
    if (!o.outbound || o.by === "queue") return rows;
    const b = bucketSql("started_at", o.buckets);
    const outKey = agent ? "agent_login" : o.by === "type" ? "type" : "NULL";
    const outSql = `SELECT ${outKey} AS key, ${b.sql} AS bucket, 0 AS offered, 0 AS answered, 0 AS answeredWithinSl, 0 AS abandoned,
        0 AS shortAbandoned, 0 AS callbacks, 0 AS waitSum, 0 AS waitCount, NULL AS waitMax, 0 AS talkSum, 0 AS wrapUpSum,
        0 AS wrapUpCount, count(*) AS outbound
      FROM calls INDEXED BY calls_service_started_cover
      WHERE service_id = ? AND started_at >= ? AND started_at < ? AND direction = 'outbound'
        ${agent ? "AND agent_login IS NOT NULL AND agent_login <> ''" : ""}
      GROUP BY 1, 2`;
    return [...rows, ...this.query<CallAggregate>(outSql).all(...b.params, serviceId, from, to)];
  }

  /** Calls started in [from, to) per local bucket of their start: inbound, internal, ended as callback (D1–D3). */
  tally(serviceId: string, from: number, to: number, buckets: LocalBuckets): CallTally[] {
    const b = bucketSql("started_at", buckets);
    const sql = `SELECT ${b.sql} AS bucket, total(direction = 'inbound') AS inbound, total(direction = 'internal') AS internal,
        total(result IS 'callback') AS callbacks
      FROM calls INDEXED BY calls_service_started_cover WHERE service_id = ? AND started_at >= ? AND started_at < ? GROUP BY 1`;
    return this.query<CallTally>(sql).all(...b.params, serviceId, from, to);
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
