import { describe, expect, it } from "bun:test";
import type { CallRecord, CallResult, QueueEvent } from "../../store/index.ts";
import { testStore } from "../../store/test-db.ts";
import { periodOf, SHORT_ABANDON_SECONDS, statistics, type StatsBy, type StatsInterval } from "./statistics.ts";
import { bucketLabel, localBuckets, statsFromSums } from "./stats-sums.ts";

/** Deterministic PRNG so a failure is reproducible. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const RESULTS: (CallResult | null)[] = ["answered", "abandoned", "callback", "after-hours", "failed", "ivr", null];

/** Calls and offers over ~100 days around a DST change, stored and also kept for the JS reference. */
function fixture(timeZone: string) {
  const { repos } = testStore();
  const r = rng(7);
  const from = Date.UTC(2026, 1, 20);
  const to = Date.UTC(2026, 4, 30);
  const calls: CallRecord[] = [];
  const events: QueueEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const startedAt = from - 86_400_000 + Math.floor(r() * (to - from + 2 * 86_400_000));
    const queued = r() < 0.85;
    const result = RESULTS[Math.floor(r() * RESULTS.length)]!;
    const answered = result === "answered" || (result === null && r() < 0.2);
    const agent = answered ? `a${Math.floor(r() * 4)}` : null;
    const c: CallRecord = {
      callId: `c${i}`, serviceId: "s", direction: r() < 0.9 ? "inbound" : "outbound", from: "010", to: "1588", sipCallId: null,
      startedAt, queueId: queued ? `q${Math.floor(r() * 3)}` : null, queuedAt: queued && r() < 0.9 ? startedAt + Math.floor(r() * 60_000) : null,
      offeredAt: null, answeredAt: answered ? startedAt + 30_000 : null, endedAt: startedAt + 90_000, agent, hangupBy: "caller", result,
      recordingPath: null, waitSeconds: r() < 0.9 ? Math.round(r() * 400) / 10 : null, talkSeconds: answered && r() < 0.9 ? Math.round(r() * 3000) / 10 : null,
      type: r() < 0.5 ? `t${Math.floor(r() * 2)}` : null,
      wrapUpSeconds: answered && r() < 0.8 ? Math.round(r() * 1200) / 10 : r() < 0.05 ? 7 : null,
    };
    repos.calls.create(c);
    calls.push(c);
    if (c.queueId) {
      for (const a of [agent, `a${Math.floor(r() * 4)}`, agent]) {
        if (a === null) continue;
        const e: QueueEvent = { serviceId: "s", queueId: c.queueId, callId: c.callId, at: startedAt + 1000, event: "offer", agent: a, detail: null };
        repos.queueEvents.add(e);
        events.push(e);
      }
    }
  }
  return { repos, calls, events, from, to, timeZone };
}

describe("statistics as SQL sums (S1) give the figures of the reference computation", () => {
  for (const timeZone of ["Asia/Seoul", "America/New_York", "Asia/Kolkata"]) {
    const f = fixture(timeZone);
    const inRange = f.calls.filter((c) => c.startedAt >= f.from && c.startedAt < f.to).sort((a, b) => a.startedAt - b.startedAt);
    const evs = f.events.filter((e) => e.at >= f.from && e.at < f.to);
    for (const by of ["queue", "agent", "type", "service"] as StatsBy[]) {
      for (const interval of [undefined, "hour", "day", "week", "month"] as (StatsInterval | undefined)[]) {
        it(`S1: MUST match by ${by}, interval ${interval ?? "none"} in ${timeZone}`, () => {
          const want = statistics({ calls: inRange, events: evs, by, interval, timeZone, slSeconds: 20 });
          const sums = f.repos.calls.aggregate("s", f.from, f.to, {
            by, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS,
            buckets: interval ? localBuckets(interval, timeZone, f.from, f.to) : undefined, outbound: true,
          });
          const got = statsFromSums(sums, interval);
          expect(got.map((r) => [r.period, r.key])).toEqual(want.map((r) => [r.period, r.key]));
          for (const [i, w] of want.entries()) {
            const g = got[i]!;
            const { avgWaitSeconds, avgTalkSeconds, avgWrapUpSeconds, answerRate, serviceLevel, answerRateWithinSl, ...exact } = w;
            expect(g).toMatchObject(exact);
            for (const k of ["avgWaitSeconds", "avgTalkSeconds", "avgWrapUpSeconds", "answerRate", "serviceLevel", "answerRateWithinSl"] as const) {
              if (w[k] === null) expect(g[k]).toBeNull();
              else expect(g[k]!).toBeCloseTo(w[k]!, 9);
            }
          }
        });
      }
    }
  }

  it("S1: MUST sum the wrap-up time (and outbound calls) by queue, type and service from the covering index alone", () => {
    const { db, repos } = testStore();
    for (const by of ["queue", "type", "service"] as const) {
      const calls = repos.calls as unknown as { query(sql: string): unknown };
      const sqls: string[] = [];
      const original = calls.query.bind(calls);
      calls.query = (q: string) => (sqls.push(q), original(q));
      repos.calls.aggregate("s", 0, 1, { by, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS, buckets: localBuckets("day", "Asia/Seoul", 0, 1), outbound: true });
      calls.query = original;
      expect(sqls[0]).toContain("wrap_up_seconds");
      expect(sqls).toHaveLength(by === "queue" ? 1 : 2);
      for (const sql of sqls) {
        const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 0);
        const plan = db.query(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
        expect(plan.map((p) => p.detail).join("\n")).toContain("USING COVERING INDEX calls_service_started_cover");
      }
    }
  });

  it("S1: bucket labels MUST equal periodOf across a DST change", () => {
    const timeZone = "America/New_York";
    const from = Date.UTC(2026, 2, 7);
    const b = localBuckets("hour", timeZone, from, from + 3 * 86_400_000);
    for (let t = from; t < from + 3 * 86_400_000; t += 15 * 60_000) {
      const i = b.until.findIndex((u) => t < u);
      const offset = b.offsets[i === -1 ? b.until.length : i]!;
      const bucket = Math.floor((t + offset) / b.unitMs);
      expect(bucketLabel(bucket, "hour")).toBe(periodOf(t, "hour", timeZone));
      expect(bucketLabel(Math.floor((t + offset) / 86_400_000), "week")).toBe(periodOf(t, "week", timeZone));
    }
  });
});
