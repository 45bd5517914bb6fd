import type { Query } from "./call-aggregate.ts";

/** Why a number is on the worklist: its caller gave up waiting, called when closed, or its callback failed. */
export type LostReason = "abandoned" | "after-hours" | "callback-failed";

/** One number on the "no lost caller" worklist (issue 15): once per number, its latest loss first. */
export interface WorklistRow {
  /** The number as the caller presented it (the latest loss). */
  number: string;
  /** When the latest loss happened (ms). */
  lastAt: number;
  reason: LostReason;
  /** Losses of this number in the window (calls and failed callbacks). */
  losses: number;
  /** The call of the latest loss (null for a failed callback without one). */
  callId: string | null;
  /** The open callback request for this number, if one is waiting. */
  openCallbackId: number | null;
}

/** Digits only (and a leading +): "010-1234 5678" and "01012345678" are one number. */
const norm = (col: string) => `replace(replace(replace(replace(replace(${col}, '-', ''), ' ', ''), '.', ''), '(', ''), ')', '')`;

/**
 * Numbers of a service lost since `since` (ms) — an inbound call abandoned in a queue or ended
 * after hours, or a callback request that failed — for which no call with that number was
 * connected to an agent afterwards, inbound or outbound. Withheld numbers cannot be called back
 * and are left out.
 */
export function lostCallers(query: Query<WorklistRow>, serviceId: string, since: number, limit = 500): WorklistRow[] {
  const sql = `WITH lost AS (
      SELECT ${norm("from_number")} AS n, from_number AS number, started_at AS at, result AS reason, call_id AS callId
        FROM calls WHERE service_id = ? AND started_at >= ? AND direction = 'inbound' AND result IN ('abandoned', 'after-hours')
      UNION ALL
      SELECT ${norm("number")}, number, updated_at, 'callback-failed', call_id
        FROM callbacks WHERE service_id = ? AND state = 'failed' AND updated_at >= ?
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY n ORDER BY at DESC) AS k, count(*) OVER (PARTITION BY n) AS losses FROM lost
      WHERE n <> '' AND lower(n) NOT IN ('anonymous', 'unknown', 'withheld')
    )
    SELECT number, at AS lastAt, reason, losses, callId,
      (SELECT id FROM callbacks b WHERE b.service_id = ? AND b.state = 'requested' AND ${norm("b.number")} = r.n ORDER BY b.id LIMIT 1) AS openCallbackId
    FROM ranked r
    WHERE k = 1 AND NOT EXISTS (
      SELECT 1 FROM calls c WHERE c.service_id = ? AND c.started_at >= ? AND c.answered_at IS NOT NULL AND c.answered_at >= r.at
        AND c.direction <> 'internal' AND ${norm("CASE c.direction WHEN 'outbound' THEN c.to_number ELSE c.from_number END")} = r.n
    )
    ORDER BY lastAt DESC LIMIT ?`;
  return query(sql).all(serviceId, since, serviceId, since, serviceId, serviceId, since, limit);
}
