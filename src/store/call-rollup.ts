/**
 * Statistics from the rollup (issue 12, S1, D1–D3): sums per service, grouping, key and 15-minute
 * slot of the calls' start (migration 022), kept exact by rebuilding the slots the call and offer
 * triggers marked dirty before each read. A range is answered from the rollup for its whole slots
 * and from the calls for its ragged ends; what slots cannot express exactly (a zone whose offset
 * or changes are not on a slot boundary, statistics by agent over ragged ends) reads the calls.
 * By agent, an offer is taken to come at or after its call's start (as the queue makes them), so
 * "an offer in [from, to)" is "the first offer before `to`" for a call started in [from, to).
 * Four levels (migration 027): slot rows, hour rows (four slots), and day and month rows on the grid
 * of the service's zone when the rollup was built; a range reads the coarsest rows that tile it exactly.
 * A missing rollup is built at start-up ({@link CallRollup.warm}); a rebuild over many calls needed
 * later (new thresholds) runs in the background, a day at a time between other work, and until it
 * is done reads scan the calls as before the rollup.
 */
import type { Database } from "bun:sqlite";
import { agentLegTalk, type AgentLegTalk } from "./agent-leg-talk.ts";
import {
  DAY_MS, FAR, HOUR_MS, rebuildDays, rebuildHours, rebuildMonths, rebuildSlots, SLOT_MS, TALLY_SUMS, type Query, type Thresholds,
} from "./call-rollup-rows.ts";
import {
  aggregateCalls, bucketSql, tallyCalls, type AggregateOptions, type CallAggregate, type CallTally,
  type LocalBuckets,
} from "./call-aggregate.ts";

/** A whole build over at most this many calls is done at once by the reader; beyond, in the background. */
const SYNC_BUILD_CALLS = 50_000;
/** Beyond this many dirty slots one pass over all the service's calls is cheaper than slot by slot. */
const FULL_REBUILD_SLOTS = 2_000;
/** Thresholds a dashboard tally builds the rollup with when statistics never did (the tally ignores them). */
const DEFAULT_THRESHOLDS = { slSeconds: 20, shortAbandonSeconds: 5 };

/** Inbound calls per local bucket of their start (null without buckets): all, and those that never entered a queue. */
export interface InboundTally {
  bucket: number | null;
  inbound: number;
  ars: number;
}

interface State extends Thresholds {
  /** The day rows' grid (ms to add to an instant before dividing by a day); null: no day rows. */
  dayPhase: number | null;
}

const mod = (x: number, m: number) => ((x % m) + m) % m;

/** Whether instants of one slot (or hour, or day on the grid of `phase`) always fall in one bucket of `b`. */
function slotAligned(b: LocalBuckets | undefined, unit = SLOT_MS, phase = 0): boolean {
  if (!b) return true;
  return b.unitMs % unit === 0 && b.until.every((u) => mod(u + phase, unit) === 0) && b.offsets.every((o) => mod(o - phase, unit) === 0);
}

/** The day (since 1970-01-01) of the 1st of the month of local day `day`, and of the next month's 1st. */
const monthStart = (day: number) => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
};
const nextMonth = (day: number) => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
};

/** The pre-aggregated statistics of the call records. */
export class CallRollup {
  constructor(
    private readonly db: Database,
    private readonly query: Query,
  ) {}

  /** Statistics sums as {@link aggregateCalls} gives them, from the rollup where it is exact. */
  aggregate(serviceId: string, from: number, to: number, o: AggregateOptions): CallAggregate[] {
    return this.tiled(serviceId, from, to, o, (f, t) => aggregateCalls((sql) => this.query<CallAggregate>(sql), serviceId, f, t, o));
  }

  /** Talk by agent from their legs as {@link agentLegTalk} gives it, from the rollup (dim 'legs') where it is exact. */
  legTalk(serviceId: string, from: number, to: number, buckets: LocalBuckets | undefined): AgentLegTalk[] {
    const scan = (f: number, t: number) => agentLegTalk((sql) => this.query<AgentLegTalk>(sql), serviceId, f, t, buckets);
    const o = { by: "legs", slSeconds: DEFAULT_THRESHOLDS.slSeconds, shortAbandonSeconds: DEFAULT_THRESHOLDS.shortAbandonSeconds, buckets };
    // Leg rows do not depend on the thresholds: read with the rollup's own.
    const t = this.state(serviceId) ?? DEFAULT_THRESHOLDS;
    const rows = this.tiled(serviceId, from, to, { ...o, slSeconds: t.slSeconds, shortAbandonSeconds: t.shortAbandonSeconds } as unknown as AggregateOptions,
      (f, to2) => scan(f, to2).map((r) => ({ key: r.key, bucket: r.bucket, talkSum: r.talkSum, offered: r.legs }) as unknown as CallAggregate));
    return rows.map((r) => ({ key: r.key!, bucket: r.bucket, talkSum: r.talkSum, legs: r.offered }));
  }

  /** Sums of `o.by` over [from, to): rollup rows of the coarsest levels that tile it exactly, `scan` for the rest. */
  private tiled(serviceId: string, from: number, to: number, o: AggregateOptions, scan: (f: number, t: number) => CallAggregate[]): CallAggregate[] {
    const a = Math.ceil(from / SLOT_MS) * SLOT_MS;
    const b = Math.floor(to / SLOT_MS) * SLOT_MS;
    const agent = o.by === "agent";
    // By agent a call counts when an offer falls before `to`: exact on slot boundaries only.
    if (a >= b || !slotAligned(o.buckets) || (agent && (a !== from || b !== to))) return scan(from, to);
    const state = this.ensure(serviceId, o);
    if (!state) return scan(from, to);
    // Whole days from the day rows, whole hours around them from the hour rows (a quarter of the
    // slot rows), their ragged slots from the slot rows.
    let ha = Math.ceil(a / HOUR_MS) * HOUR_MS;
    let hb = Math.floor(b / HOUR_MS) * HOUR_MS;
    if (ha >= hb || !slotAligned(o.buckets, HOUR_MS) || (agent && hb !== to)) ha = hb = b;
    const p = state.dayPhase;
    let da = hb;
    let db = hb;
    if (p !== null && ha < hb) {
      da = Math.ceil((ha + p) / DAY_MS) * DAY_MS - p;
      db = Math.floor((hb + p) / DAY_MS) * DAY_MS - p;
      if (da >= db || !slotAligned(o.buckets, DAY_MS, p) || (agent && db !== to)) da = db = hb;
    }
    // Whole local months inside the days, from the month rows, where the buckets are months (or none).
    let ma = db;
    let mb = db;
    if (p !== null && da < db && (!o.buckets || o.buckets.monthStarts)) {
      const first = monthStart((da + p) / DAY_MS);
      const mA = first === (da + p) / DAY_MS ? first : nextMonth(first);
      const mB = monthStart((db + p) / DAY_MS);
      if (mA < mB && !(agent && mB * DAY_MS - p !== to)) {
        ma = mA * DAY_MS - p;
        mb = mB * DAY_MS - p;
      }
    }
    const rows = [
      ...this.sums(serviceId, a, ha, to, SLOT_MS, 0, o), ...this.sums(serviceId, ha, da, to, HOUR_MS, 0, o),
      ...(p === null ? [] : [
        ...this.sums(serviceId, da, ma, to, DAY_MS, p, o), ...this.sums(serviceId, ma, mb, to, DAY_MS, p, o, true),
        ...this.sums(serviceId, mb, db, to, DAY_MS, p, o),
      ]),
      ...this.sums(serviceId, db, hb, to, HOUR_MS, 0, o), ...this.sums(serviceId, hb, b, to, SLOT_MS, 0, o),
    ];
    return [...(from < a ? scan(from, a) : []), ...rows, ...(b < to ? scan(b, to) : [])];
  }

  /**
   * The sums of the rollup rows of `unit` (slot, hour or day on the grid of `phase`) of the calls
   * started in [from, to) (on that grid), first offered before `until`.
   */
  private sums(
    serviceId: string, from: number, to: number, until: number, unit: number, phase: number, o: AggregateOptions, months = false,
  ): CallAggregate[] {
    if (from >= to) return [];
    // Month rows count in days too: their slots are the day of their month's 1st.
    const level = months ? 3 : unit === DAY_MS ? 2 : unit === HOUR_MS ? 1 : 0;
    const [q, out] = [["'q'", "'o'"], ["'Q'", "'O'"], ["'D'", "'U'"], ["'M'", "'N'"]][level]!;
    const kinds = o.outbound && o.by !== "queue" ? `${q}, ${out}` : q;
    const bucket = bucketSql(`(bucket_slot * ${unit} - ${phase})`, o.buckets);
    const sql = `SELECT key, ${bucket.sql} AS bucket, sum(offered) AS offered, sum(answered) AS answered,
        sum(answered_within_sl) AS answeredWithinSl, sum(abandoned) AS abandoned, sum(short_abandoned) AS shortAbandoned,
        sum(callbacks) AS callbacks, total(wait_sum) AS waitSum, sum(wait_count) AS waitCount, max(wait_max) AS waitMax,
        total(talk_sum) AS talkSum, total(wrap_up_sum) AS wrapUpSum, sum(wrap_up_count) AS wrapUpCount, sum(outbound) AS outbound
      FROM call_rollup WHERE service_id = ? AND dim = ? AND kind IN (${kinds}) AND started_slot >= ? AND started_slot < ?
        AND until_slot < ?
      GROUP BY 1, 2`;
    return this.query<CallAggregate>(sql).all(
      ...bucket.params, serviceId, o.by, (from + phase) / unit, (to + phase) / unit, Math.ceil((until + phase) / unit),
    );
  }

  /** Dashboard tallies as {@link tallyCalls} gives them, from the rollup where it is exact. */
  tally(serviceId: string, from: number, to: number, buckets: LocalBuckets): CallTally[] {
    const a = Math.ceil(from / SLOT_MS) * SLOT_MS;
    const b = Math.floor(to / SLOT_MS) * SLOT_MS;
    const scan = (f: number, t: number) => tallyCalls((sql) => this.query<CallTally>(sql), serviceId, f, t, buckets);
    if (a >= b || !slotAligned(buckets) || !this.ensure(serviceId, this.state(serviceId) ?? DEFAULT_THRESHOLDS)) return scan(from, to);
    const bucket = bucketSql(`(started_slot * ${SLOT_MS})`, buckets);
    const sql = `SELECT ${bucket.sql} AS bucket, sum(offered) AS inbound, sum(answered) AS internal, sum(callbacks) AS callbacks
      FROM call_rollup WHERE service_id = ? AND dim = 'tally' AND kind = 't' AND started_slot >= ? AND started_slot < ? GROUP BY 1`;
    const rows = this.query<CallTally>(sql).all(...bucket.params, serviceId, a / SLOT_MS, b / SLOT_MS);
    return [...(from < a ? scan(from, a) : []), ...rows, ...(b < to ? scan(b, to) : [])];
  }

  /** Inbound calls started in [from, to) per local bucket of their start (all of them, and those that ended in the ARS). */
  inbound(serviceId: string, from: number, to: number, buckets: LocalBuckets | undefined): InboundTally[] {
    const a = Math.ceil(from / SLOT_MS) * SLOT_MS;
    const b = Math.floor(to / SLOT_MS) * SLOT_MS;
    const scan = (f: number, t: number) => {
      const bucket = bucketSql("c.started_at", buckets);
      return this.query<InboundTally>(`SELECT ${bucket.sql} AS bucket, ${TALLY_SUMS.inbound} AS inbound, ${TALLY_SUMS.ars} AS ars
        FROM calls c INDEXED BY calls_service_started_cover WHERE c.service_id = ? AND c.started_at >= ? AND c.started_at < ? GROUP BY 1`)
        .all(...bucket.params, serviceId, f, t);
    };
    if (a >= b || !slotAligned(buckets) || !this.ensure(serviceId, this.state(serviceId) ?? DEFAULT_THRESHOLDS)) return scan(from, to);
    const bucket = bucketSql(`(started_slot * ${SLOT_MS})`, buckets);
    const rows = this.query<InboundTally>(`SELECT ${bucket.sql} AS bucket, sum(inbound_all) AS inbound, sum(ars) AS ars
      FROM call_rollup WHERE service_id = ? AND dim = 'tally' AND kind = 't' AND started_slot >= ? AND started_slot < ? GROUP BY 1`)
      .all(...bucket.params, serviceId, a / SLOT_MS, b / SLOT_MS);
    return [...(from < a ? scan(from, a) : []), ...rows, ...(b < to ? scan(b, to) : [])];
  }

  /**
   * Bring the service's rollup up to date for these thresholds: its dirty slots, or all of it. Its
   * state when the rollup can be read now; undefined while a build in the background is under way
   * (started here when a whole build over many calls is needed): read the calls meanwhile.
   */
  ensure(serviceId: string, t: Thresholds): State | undefined {
    if (this.builds.has(serviceId)) return undefined;
    const state = this.state(serviceId);
    const same = state && state.slSeconds === t.slSeconds && state.shortAbandonSeconds === t.shortAbandonSeconds;
    const dirty = this.query<{ slot: number }>("SELECT slot FROM call_rollup_dirty WHERE service_id = ? ORDER BY slot").all(serviceId);
    if (same && !dirty.length) return state;
    if (!same || dirty.length > FULL_REBUILD_SLOTS) {
      if (!this.small(serviceId)) {
        this.build(serviceId, t);
        return undefined;
      }
      return this.fullBuild(serviceId, t);
    }
    this.db.transaction(() => {
      // Contiguous dirty slots are rebuilt as one range.
      for (let i = 0; i < dirty.length; ) {
        let j = i;
        while (j + 1 < dirty.length && dirty[j + 1]!.slot === dirty[j]!.slot + 1) j++;
        rebuildSlots(this.query, serviceId, dirty[i]!.slot * SLOT_MS, (dirty[j]!.slot + 1) * SLOT_MS, t, false);
        i = j + 1;
      }
      // Then the hours of those slots, from their (now fresh) slot rows, and their days from the hours.
      const runs = (xs: number[], unit: number, phase: number, fn: (f: number, t: number) => void) => {
        const ids = [...new Set(xs.map((x) => Math.floor((x + phase) / unit)))];
        for (let i = 0; i < ids.length; ) {
          let j = i;
          while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
          fn(ids[i]! * unit - phase, (ids[j]! + 1) * unit - phase);
          i = j + 1;
        }
      };
      const at = dirty.map((d) => d.slot * SLOT_MS);
      runs(at, HOUR_MS, 0, (f, to) => rebuildHours(this.query, serviceId, f, to));
      const phase = state!.dayPhase;
      if (phase !== null) {
        runs(at, DAY_MS, phase, (f, to) => rebuildDays(this.query, serviceId, f, to, phase));
        for (const m of new Set(at.map((x) => monthStart(Math.floor((x + phase) / DAY_MS))))) rebuildMonths(this.query, serviceId, m, nextMonth(m));
      }
      this.query("DELETE FROM call_rollup_dirty WHERE service_id = ?").run(serviceId);
    })();
    return state;
  }

  /** Build the service's whole rollup in one pass over its calls. */
  private fullBuild(serviceId: string, t: Thresholds): State {
    const phase = this.dayPhase(serviceId);
    this.db.transaction(() => {
      rebuildSlots(this.query, serviceId, -FAR, FAR, t, true);
      rebuildHours(this.query, serviceId, -FAR, FAR);
      if (phase !== null) {
        rebuildDays(this.query, serviceId, -FAR, FAR, phase);
        rebuildMonths(this.query, serviceId, -FAR / DAY_MS, FAR / DAY_MS);
      }
      this.query("DELETE FROM call_rollup_dirty WHERE service_id = ?").run(serviceId);
      this.db.run("INSERT OR REPLACE INTO call_rollup_state VALUES (?, ?, ?, ?)", [serviceId, t.slSeconds, t.shortAbandonSeconds, phase]);
    })();
    return { ...t, dayPhase: phase };
  }

  /** Whether the service's rollup is built and readable (no build in the background). */
  ready(serviceId: string): boolean {
    return !this.builds.has(serviceId) && this.state(serviceId) !== undefined;
  }

  /**
   * Build the service's rollup now if it has none (at start-up, before anything is served: one pass
   * over its calls, ≈ 10 s for a million; after that only dirty slots are rebuilt), so no page waits
   * for it or scans the calls.
   */
  warm(serviceId: string): void {
    if (this.builds.has(serviceId) || this.state(serviceId)) return;
    this.fullBuild(serviceId, DEFAULT_THRESHOLDS);
  }

  /** A first build over at most this many calls is done at once by the reader (tests lower it). */
  syncBuildCalls = SYNC_BUILD_CALLS;

  /** Builds under way in the background, by service. */
  private readonly builds = new Map<string, ReturnType<typeof setTimeout> | undefined>();

  /** Whether the service has few enough calls to build its rollup at once. */
  private small(serviceId: string): boolean {
    return this.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM calls WHERE service_id = ? LIMIT ?)`)
      .get(serviceId, this.syncBuildCalls + 1)!.n <= this.syncBuildCalls;
  }

  /**
   * Build the service's whole rollup in the background, one day of calls per turn of the event
   * loop (each in its own transaction). Writes meanwhile mark their slots dirty as always; those
   * left once the state is written are rebuilt by the next reader.
   */
  private build(serviceId: string, t: Thresholds): void {
    const phase = this.dayPhase(serviceId);
    const span = this.query<{ lo: number | null; hi: number | null }>(
      "SELECT min(started_at) AS lo, max(started_at) AS hi FROM calls WHERE service_id = ?",
    ).get(serviceId)!;
    const grid = phase ?? 0;
    let next = span.lo === null ? 0 : Math.floor((span.lo + grid) / DAY_MS) * DAY_MS - grid;
    const end = span.hi === null ? 0 : Math.floor((span.hi + grid) / DAY_MS) * DAY_MS - grid + DAY_MS;
    this.db.transaction(() => {
      this.query("DELETE FROM call_rollup_state WHERE service_id = ?").run(serviceId);
      this.query("DELETE FROM call_rollup WHERE service_id = ?").run(serviceId);
      this.query("DELETE FROM call_rollup_dirty WHERE service_id = ?").run(serviceId);
    })();
    this.builds.set(serviceId, undefined);
    const step = () => {
      try {
        const until = Math.min(end, next + DAY_MS);
        this.db.transaction(() => {
          if (next < until) {
            rebuildSlots(this.query, serviceId, next, until, t, false);
            rebuildHours(this.query, serviceId, next, until);
            if (phase !== null) rebuildDays(this.query, serviceId, next, until, phase);
          }
          if (until >= end) {
            if (phase !== null) rebuildMonths(this.query, serviceId, -FAR / DAY_MS, FAR / DAY_MS);
            this.db.run("INSERT OR REPLACE INTO call_rollup_state VALUES (?, ?, ?, ?)", [serviceId, t.slSeconds, t.shortAbandonSeconds, phase]);
          }
        })();
        next = until;
        if (until >= end) {
          this.builds.delete(serviceId);
          return;
        }
        const timer = setTimeout(step, 0);
        (timer as { unref?: () => void }).unref?.();
        this.builds.set(serviceId, timer);
      } catch {
        // The database went away (shutdown): the next start builds it again (no state was written).
        this.builds.delete(serviceId);
      }
    };
    step();
  }

  /** Stop background builds (before the database closes). */
  stop(): void {
    for (const timer of this.builds.values()) if (timer !== undefined) clearTimeout(timer);
    this.builds.clear();
  }

  /** The grid of the service's day rows: its zone's offset now, when a whole number of hours; else null (no day rows). */
  private dayPhase(serviceId: string): number | null {
    const zone = this.query<{ timezone: string }>("SELECT timezone FROM services WHERE service_id = ?").get(serviceId)?.timezone;
    if (!zone) return null;
    try {
      const offset = Temporal.Now.zonedDateTimeISO(zone).offsetNanoseconds / 1e6;
      // The offset itself (not modulo a day): a grid day's index is then the local date's day number (months need it).
      return offset % HOUR_MS === 0 ? offset : null;
    } catch {
      return null;
    }
  }

  private state(serviceId: string): State | undefined {
    return this.query<State>(
      `SELECT sl_seconds AS slSeconds, short_abandon_seconds AS shortAbandonSeconds, day_phase AS dayPhase
       FROM call_rollup_state WHERE service_id = ?`,
    ).get(serviceId) ?? undefined;
  }
}
