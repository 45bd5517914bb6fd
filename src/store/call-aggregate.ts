/** Statistics sums and dashboard tallies of call records in SQL (S1, D1–D3). */
import type { Statement } from "bun:sqlite";

/** A prepared statement for an SQL text (the repository prepares each shape once). */
export type Query<T> = (sql: string) => Statement<T, (string | number)[]>;

/** What the statistics sums are grouped by, and their thresholds (S1). */
export interface AggregateOptions {
  by: "queue" | "agent" | "type" | "service";
  slSeconds: number;
  shortAbandonSeconds: number;
  buckets?: LocalBuckets;
  outbound?: boolean;
}

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
  /** Days merged into weeks in SQL: a bucket is the Monday's day (issue 12: a row per week, not per day). */
  weeks?: boolean;
  /** Days merged into months in SQL: the day of each month's 1st over the range, ascending; a bucket is its month's. */
  monthStarts?: number[];
}

/** SQL of the local bucket of the instant `at` (see {@link LocalBuckets}) and its parameters; NULL without buckets. */
export function bucketSql(at: string, b: LocalBuckets | undefined): { sql: string; params: number[] } {
  if (!b) return { sql: "NULL", params: [] };
  const offset = b.until.length ? `CASE ${b.until.map(() => `WHEN ${at} < ? THEN ?`).join(" ")} ELSE ? END` : "?";
  const unit = `(CAST(${at} + ${offset} AS INTEGER) / CAST(? AS INTEGER))`;
  const params = [...b.until.flatMap((u, i) => [u, b.offsets[i]!]), b.offsets[b.until.length]!, b.unitMs];
  if (b.weeks) {
    // Day 0 (1970-01-01) was a Thursday: Monday is ((d + 3) mod 7) days before.
    return { sql: `(${unit} - (((${unit} + 3) % 7) + 7) % 7)`, params: [...params, ...params] };
  }
  const m = b.monthStarts;
  if (m && m.length > 1) {
    const whens = m.slice(1).map(() => `WHEN ${unit} < ? THEN ?`).join(" ");
    return { sql: `(CASE ${whens} ELSE ? END)`, params: [...m.slice(1).flatMap((next, i) => [...params, next, m[i]!]), m[m.length - 1]!] };
  }
  return { sql: unit, params };
}

/**
 * The S1 sums of queued calls `c` (by agent, of offers `e`: answered figures only for the agent who
 * answered), as `offered … wrapUpCount` columns; parameters: SL seconds, short-abandon seconds twice.
 */
export function queuedSumsSql(agent: boolean): string {
  // m: this row's answered figures count (by agent: only for the agent who answered).
  const m = agent ? "(c.agent_login IS e.agent_login)" : "1";
  const ans = `(${m} AND (c.result IS 'answered' OR c.answered_at IS NOT NULL))`;
  const notAns = `(${m} AND NOT (c.result IS 'answered' OR c.answered_at IS NOT NULL))`;
  const w = "coalesce(c.wait_seconds, 0)";
  return `count(*) AS offered,
      total(${ans}) AS answered, total(${ans} AND ${w} <= ?) AS answeredWithinSl,
      total(${notAns} AND c.result IS 'abandoned' AND ${w} >= ?) AS abandoned,
      total(${notAns} AND c.result IS 'abandoned' AND ${w} < ?) AS shortAbandoned,
      total(${notAns} AND c.result IS 'callback') AS callbacks,
      total(CASE WHEN ${m} THEN c.wait_seconds END) AS waitSum, count(CASE WHEN ${m} THEN c.wait_seconds END) AS waitCount,
      max(CASE WHEN ${m} THEN c.wait_seconds END) AS waitMax,
      total(CASE WHEN ${ans} THEN coalesce(c.talk_seconds, 0) END) AS talkSum,
      total(CASE WHEN ${ans} THEN c.wrap_up_seconds END) AS wrapUpSum, count(CASE WHEN ${ans} THEN c.wrap_up_seconds END) AS wrapUpCount`;
}

/**
 * Statistics sums (S1) of the queued calls started in [from, to), grouped by queue, consultation
 * type or nothing ("service"), or by agent from the offers of the queue event log in [from, to)
 * (one per call and agent; answered figures only for the agent who answered). `buckets` splits
 * by local interval of queued_at (else started_at). With `outbound`, also the outbound calls
 * started in [from, to) by agent, consultation type or service (outbound calls have no queue), as
 * extra rows with only `outbound` set.
 */
export function aggregateCalls(query: Query<CallAggregate>, serviceId: string, from: number, to: number, o: AggregateOptions): CallAggregate[] {
  const { sql: bucket, params: bucketParams } = bucketSql("coalesce(c.queued_at, c.started_at)", o.buckets);
  const agent = o.by === "agent";
  const key = agent ? "e.agent_login" : o.by === "queue" ? "c.queue_id" : o.by === "type" ? "c.type" : "NULL";
  const from_ = agent
    ? `(SELECT DISTINCT call_id, agent_login FROM queue_events WHERE service_id = ? AND event = 'offer' AND at >= ? AND at < ?
         AND agent_login IS NOT NULL AND agent_login <> '') e
       JOIN calls c ON c.call_id = e.call_id`
    : "calls c INDEXED BY calls_service_started_cover";
  const sql = `SELECT ${key} AS key, ${bucket} AS bucket, ${queuedSumsSql(agent)}, 0 AS outbound
    FROM ${from_}
    WHERE c.service_id = ? AND c.started_at >= ? AND c.started_at < ? AND +c.queue_id IS NOT NULL
    GROUP BY 1, 2`;
  const params = [
    ...bucketParams, o.slSeconds, o.shortAbandonSeconds, o.shortAbandonSeconds,
    ...(agent ? [serviceId, from, to] : []), serviceId, from, to,
  ];
  const rows = query(sql).all(...(params as number[]));
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
  return [...rows, ...query(outSql).all(...b.params, serviceId, from, to)];
}

/** Calls started in [from, to) per local bucket of their start: inbound (not those refused before the ARS answered), internal, ended as callback (D1–D3). */
export function tallyCalls(query: Query<CallTally>, serviceId: string, from: number, to: number, buckets: LocalBuckets): CallTally[] {
  const b = bucketSql("started_at", buckets);
  const sql = `SELECT ${b.sql} AS bucket, total(direction = 'inbound' AND result IS NOT 'rejected') AS inbound, total(direction = 'internal') AS internal,
      total(result IS 'callback') AS callbacks
    FROM calls INDEXED BY calls_service_started_cover WHERE service_id = ? AND started_at >= ? AND started_at < ? GROUP BY 1`;
  return query(sql).all(...b.params, serviceId, from, to);
}
