/**
 * The rows of the statistics rollup (migration 022, 027) and the SQL that writes them from the calls: slot
 * rows per service, grouping ("dim"), key and 15-minute slot of the calls' start, and hour, day and month
 * rows summed from the level below. {@link CallRollup} decides what to rebuild and reads them.
 */
import type { Statement } from "bun:sqlite";
import { queuedSumsSql } from "./call-aggregate.ts";

/** A prepared-statement cache (the repo's `query`). */
export type Query = <T>(sql: string) => Statement<T, (string | number)[]>;

/** The rollup's slot: 15 minutes, so every zone offset in use today (+05:30, +05:45) falls on one. */
export const SLOT_MS = 900_000;
/** Whole hours also have rows of their own (kinds Q, O: four slots merged), read where a zone's offsets are whole hours. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Beyond any call's time: a rebuild over [-FAR, FAR) is a whole build. */
export const FAR = 8.64e15;
const DIMS = "'queue', 'type', 'service', 'agent', 'tally', 'legs'";

const slotOf = (x: string) => `((${x} - ((${x} % ${SLOT_MS}) + ${SLOT_MS}) % ${SLOT_MS}) / ${SLOT_MS})`;
const COLS = `service_id, dim, kind, key, started_slot, bucket_slot, until_slot, offered, answered, answered_within_sl, abandoned,
  short_abandoned, callbacks, wait_sum, wait_count, wait_max, talk_sum, wrap_up_sum, wrap_up_count, outbound`;
const NO_SUMS = "0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0, 0";

/** The dashboard's and the statistics page's counts of calls `c`, as SQL sums. */
export const TALLY_SUMS = {
  // A rejected INVITE (488, issue 15) is no call the center took: neither in the total nor "ended in the ARS".
  inbound: "total(c.direction = 'inbound' AND c.result IS NOT 'rejected')",
  internal: "total(c.direction = 'internal')",
  callbacks: "total(c.result IS 'callback')",
  ars: "total(c.direction = 'inbound' AND c.queue_id IS NULL AND c.result IS NOT 'rejected')",
};

/** The service-level and short-abandon thresholds the rollup's sums were built with (S1). */
export interface Thresholds {
  slSeconds: number;
  shortAbandonSeconds: number;
}

/** SQL of the index of the unit (of `unit` ms, shifted by `phase`) of a slot/hour index `x` of `from` ms each. */
const regrid = (x: string, from: number, unit: number, phase: number) => {
  const t = `(${x} * ${from} + ${phase})`;
  return `((${t} - ((${t} % ${unit}) + ${unit}) % ${unit}) / ${unit})`;
};

/** The sums of a level's rows, as the next coarser level keeps them. */
const SUMMED = `sum(offered), sum(answered), sum(answered_within_sl), sum(abandoned), sum(short_abandoned), sum(callbacks),
  total(wait_sum), sum(wait_count), max(wait_max), total(talk_sum), total(wrap_up_sum), sum(wrap_up_count), sum(outbound)`;

/**
 * Replace the rows of kinds `into` with `started_slot` in [lo, hi) by the sums of the rows of kinds `from` with
 * `started_slot` in [fromLo, fromHi): `kind` maps a source kind to its coarser one, `regrid` a source slot index to
 * the coarser unit's.
 */
function sumLevel(
  query: Query, serviceId: string,
  o: { into: string; from: string; kind: string; regrid: (x: string) => string; lo: number; hi: number; fromLo: number; fromHi: number },
): void {
  query(`DELETE FROM call_rollup WHERE service_id = ? AND dim IN (${DIMS}) AND kind IN (${o.into}) AND started_slot >= ? AND started_slot < ?`)
    .run(serviceId, o.lo, o.hi);
  query(`INSERT INTO call_rollup (${COLS}) SELECT service_id, dim, ${o.kind}, key, ${o.regrid("started_slot")}, ${o.regrid("bucket_slot")},
      ${o.regrid("until_slot")}, ${SUMMED}
    FROM call_rollup WHERE service_id = ? AND dim IN (${DIMS}) AND kind IN (${o.from}) AND started_slot >= ? AND started_slot < ?
    GROUP BY dim, kind, key, 5, 6, 7`).run(serviceId, o.fromLo, o.fromHi);
}

/** Replace the month rows of the local months starting on days [fromDay, toDay) by the sums of their day rows. */
export function rebuildMonths(query: Query, serviceId: string, fromDay: number, toDay: number): void {
  const m = (x: string) => `(CAST(strftime('%s', ${x} * 86400, 'unixepoch', 'start of month') AS INTEGER) / 86400)`;
  sumLevel(query, serviceId, {
    into: "'M', 'N'", from: "'D', 'U'", kind: "CASE kind WHEN 'D' THEN 'M' ELSE 'N' END", regrid: m, lo: fromDay, hi: toDay, fromLo: fromDay, fromHi: toDay,
  });
}

/** Replace the day rows of [from, to) (on the grid of `phase`) by the sums of their hour rows. */
export function rebuildDays(query: Query, serviceId: string, from: number, to: number, phase: number): void {
  const d0 = Math.max(-FAR, from + phase) / DAY_MS;
  const d1 = Math.min(FAR, to + phase) / DAY_MS;
  sumLevel(query, serviceId, {
    into: "'D', 'U'", from: "'Q', 'O'", kind: "CASE kind WHEN 'Q' THEN 'D' ELSE 'U' END", regrid: (x) => regrid(x, HOUR_MS, DAY_MS, phase),
    lo: d0, hi: d1, fromLo: (d0 * DAY_MS - phase) / HOUR_MS, fromHi: (d1 * DAY_MS - phase) / HOUR_MS,
  });
}

/** Replace the hour rows of [from, to) (hour-aligned) by the sums of their slot rows. */
export function rebuildHours(query: Query, serviceId: string, from: number, to: number): void {
  const h0 = Math.max(-FAR, from) / HOUR_MS;
  const h1 = Math.min(FAR, to) / HOUR_MS;
  sumLevel(query, serviceId, {
    into: "'Q', 'O'", from: "'q', 'o'", kind: "upper(kind)", regrid: (x) => `((${x} - ((${x} % 4) + 4) % 4) / 4)`,
    lo: h0, hi: h1, fromLo: h0 * 4, fromHi: h1 * 4,
  });
}

/** Replace the rollup rows of the calls started in [from, to) (slot-aligned) by sums of those calls. */
export function rebuildSlots(query: Query, serviceId: string, from: number, to: number, t: Thresholds, whole: boolean): void {
  const range = [serviceId, from, to];
  const s = (from - ((from % SLOT_MS) + SLOT_MS) % SLOT_MS) / SLOT_MS;
  query(`DELETE FROM call_rollup WHERE service_id = ? AND dim IN (${DIMS}) AND kind IN ('q', 'o', 't') AND started_slot >= ? AND started_slot < ?`)
    .run(serviceId, s, Math.ceil(to / SLOT_MS));
  const th = [t.slSeconds, t.shortAbandonSeconds, t.shortAbandonSeconds];
  const started = slotOf("c.started_at");
  const bucket = slotOf("coalesce(c.queued_at, c.started_at)");
  const calls = "calls c INDEXED BY calls_service_started_cover";
  const inRange = "c.service_id = ? AND c.started_at >= ? AND c.started_at < ?";
  for (const [dim, key] of [["queue", "c.queue_id"], ["type", "c.type"], ["service", "NULL"]] as const) {
    query(`INSERT INTO call_rollup (${COLS}) SELECT c.service_id, '${dim}', 'q', ${key}, ${started}, ${bucket}, ${started},
        ${queuedSumsSql(false)}, 0
      FROM ${calls} WHERE ${inRange} AND +c.queue_id IS NOT NULL GROUP BY 4, 5, 6`).run(...th, ...range);
  }
  // By agent: one row per call and agent offered it, keyed also by the slot of the first offer.
  const offers = whole
    ? "service_id = ?"
    : `service_id = ? AND call_id IN (SELECT call_id FROM ${calls} WHERE ${inRange})`;
  query(`INSERT INTO call_rollup (${COLS}) SELECT c.service_id, 'agent', 'q', e.agent_login, ${started}, ${bucket},
      ${slotOf("e.first_at")}, ${queuedSumsSql(true)}, 0
    FROM (SELECT call_id, agent_login, min(at) AS first_at FROM queue_events WHERE ${offers} AND event = 'offer'
        AND agent_login IS NOT NULL AND agent_login <> '' GROUP BY call_id, agent_login) e
      JOIN calls c ON c.call_id = e.call_id
    WHERE ${inRange} AND +c.queue_id IS NOT NULL GROUP BY 4, 5, 6, 7`).run(...th, ...(whole ? [serviceId] : [serviceId, ...range]), ...range);
  for (const [dim, key, extra] of [
    ["agent", "c.agent_login", "AND c.agent_login IS NOT NULL AND c.agent_login <> ''"], ["type", "c.type", ""], ["service", "NULL", ""],
  ] as const) {
    query(`INSERT INTO call_rollup (${COLS}) SELECT c.service_id, '${dim}', 'o', ${key}, ${started}, ${started}, ${started},
        ${NO_SUMS}, count(*)
      FROM ${calls} WHERE ${inRange} AND c.direction = 'outbound' ${extra} GROUP BY 4, 5`).run(...range);
  }
  // Talk by agent from their legs (issue 17): one row per agent, slot and bucket. A whole build reads
  // the legs in order and looks each call up by its key (not every call's legs through an index).
  query(`INSERT INTO call_rollup (${COLS}) SELECT c.service_id, 'legs', 'q', l.agent_login, ${started}, ${bucket}, ${started},
      count(*), 0, 0, 0, 0, 0, 0, 0, NULL, total((l.ended_at - l.answered_at) / 1000.0), 0, 0, 0
    FROM ${whole ? "call_legs l CROSS JOIN calls c ON c.call_id = l.call_id" : `${calls} JOIN call_legs l ON l.call_id = c.call_id`}
    WHERE ${inRange} AND +c.queue_id IS NOT NULL AND l.role = 'agent' AND l.agent_login IS NOT NULL AND l.agent_login <> ''
      AND l.answered_at IS NOT NULL AND l.ended_at IS NOT NULL
    GROUP BY 4, 5, 6`).run(...range);
  query(`INSERT INTO call_rollup (${COLS}, inbound_all, ars) SELECT c.service_id, 'tally', 't', NULL, ${started}, ${started},
      ${started}, ${TALLY_SUMS.inbound}, ${TALLY_SUMS.internal}, 0, 0, 0, ${TALLY_SUMS.callbacks}, 0, 0, NULL, 0, 0, 0, 0,
      ${TALLY_SUMS.inbound}, ${TALLY_SUMS.ars}
    FROM ${calls} WHERE ${inRange} GROUP BY 5`).run(...range);
}
