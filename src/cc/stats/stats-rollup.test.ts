import { describe, expect, it } from "bun:test";
import type { CallRecord, CallResult, Repos } from "../../store/index.ts";
import { testStore } from "../../store/test-db.ts";
import { tallyCalls } from "../../store/call-aggregate.ts";
import { agentLegTalk, type AgentLegTalk } from "../../store/agent-leg-talk.ts";
import { periodOf, SHORT_ABANDON_SECONDS, type StatsBy, type StatsInterval, type StatsRow } from "./statistics.ts";
import { bucketLabel, localBuckets, statsFromSums } from "./stats-sums.ts";

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 2, 1);
const DAYS = 6;
const RESULTS: (CallResult | null)[] = ["answered", "abandoned", "callback", "after-hours", "failed", "rejected", null];
const DIRECTIONS = ["inbound", "inbound", "inbound", "outbound", "internal"] as const;

/** A random call (or a random change of one): every field the statistics read varies. */
function randomCall(r: () => number, id: string, service = "s"): CallRecord {
  const startedAt = FROM - DAY + Math.floor(r() * (DAYS + 2) * DAY);
  const queued = r() < 0.8;
  const result = RESULTS[Math.floor(r() * RESULTS.length)]!;
  const answered = result === "answered" || (result === null && r() < 0.2);
  return {
    callId: id, serviceId: service, direction: DIRECTIONS[Math.floor(r() * DIRECTIONS.length)]!, from: "010", to: "1588", sipCallId: null,
    startedAt, queueId: queued ? `q${Math.floor(r() * 3)}` : null, queuedAt: queued && r() < 0.9 ? startedAt + Math.floor(r() * 120_000) : null,
    offeredAt: null, answeredAt: answered ? startedAt + 30_000 : null, endedAt: startedAt + 90_000,
    agent: answered || r() < 0.2 ? `a${Math.floor(r() * 4)}` : null, hangupBy: "caller", result, recordingPath: null,
    waitSeconds: r() < 0.9 ? Math.round(r() * 400) / 10 : null, talkSeconds: answered && r() < 0.9 ? Math.round(r() * 3000) / 10 : null,
    type: r() < 0.5 ? `t${Math.floor(r() * 2)}` : null, wrapUpSeconds: answered && r() < 0.7 ? Math.round(r() * 1200) / 10 : null,
  };
}

let legs = 0;
function offer(repos: Repos, r: () => number, c: CallRecord) {
  if (!c.queueId) return;
  const agent = r() < 0.5 && c.agent ? c.agent : `a${Math.floor(r() * 4)}`;
  // Offers come after the call started, 40 % of them up to half an hour later (crossing slots and range ends).
  const at = c.startedAt + 1_000 + Math.floor(r() * (r() < 0.4 ? 1_800_000 : 60_000));
  repos.queueEvents.add({ serviceId: c.serviceId, queueId: c.queueId, callId: c.callId, at, event: "offer", agent, detail: null });
  // The agent's leg (issue 17: talk by agent from legs): answered or not, ended or still up.
  const answered = r() < 0.7 ? at + 2_000 : null;
  if (!repos.calls.get(c.callId)) return; // deleted by the test
  repos.calls.addLeg({
    legId: `l${legs++}`, callId: c.callId, role: r() < 0.9 ? "agent" : "caller", party: agent, agent: r() < 0.95 ? agent : null, createdAt: at,
    answeredAt: answered, endedAt: answered !== null && r() < 0.9 ? answered + Math.floor(r() * 600_000) : null, endBy: null, endCause: null,
  });
}

function expectSameRows(got: StatsRow[], want: StatsRow[]) {
  expect(got.map((x) => [x.period, x.key])).toEqual(want.map((x) => [x.period, x.key]));
  for (const [i, w] of want.entries()) {
    const g = got[i]!;
    const { avgWaitSeconds, avgTalkSeconds, avgWrapUpSeconds, answerRate, serviceLevel, answerRateWithinSl, ...exact } = w;
    expect(g).toMatchObject(exact);
    for (const k of ["avgWaitSeconds", "avgTalkSeconds", "avgWrapUpSeconds", "answerRate", "serviceLevel", "answerRateWithinSl"] as const) {
      if (w[k] === null) expect(g[k]).toBeNull();
      else expect(g[k]!).toBeCloseTo(w[k]!, 9);
    }
  }
}

/** Every grouping and interval, on whole days and on ragged ends, from the rollup and from the calls. */
const SLOT = 900_000;
const RANGES: [number, number][] = [
  [FROM, FROM + DAYS * DAY], [FROM + 2 * DAY, FROM + 3 * DAY], [FROM + DAY + 37 * SLOT, FROM + 4 * DAY + 50 * SLOT],
  [FROM + DAY + 123_457, FROM + 5 * DAY - 654_321],
];

function compareAll(repos: Repos, timeZone: string, slSeconds: number, ranges = RANGES) {
  for (const [from, to] of ranges) {
    for (const by of ["queue", "agent", "type", "service"] as StatsBy[]) {
      for (const interval of [undefined, "hour", "day", "month"] as (StatsInterval | undefined)[]) {
        const o = {
          by, slSeconds, shortAbandonSeconds: SHORT_ABANDON_SECONDS, outbound: true,
          buckets: interval ? localBuckets(interval, timeZone, from, to) : undefined,
        };
        expectSameRows(statsFromSums(repos.calls.aggregate("s", from, to, o), interval), statsFromSums(repos.calls.aggregateScan("s", from, to, o), interval));
      }
    }
    // Talk by agent from the legs (issue 17), against the legs themselves.
    for (const interval of [undefined, "hour", "day"] as (StatsInterval | undefined)[]) {
      const buckets = interval ? localBuckets(interval, timeZone, from, to) : undefined;
      // Rows of one agent and bucket may come in parts (rollup levels, ragged ends): merged as withAgentTalk merges them.
      const norm = (rows: AgentLegTalk[]) => {
        const m = new Map<string, number[]>();
        for (const x of rows) {
          const id = `${x.key}|${x.bucket}`;
          const v = m.get(id) ?? [0, 0];
          m.set(id, [v[0]! + x.legs, v[1]! + x.talkSum]);
        }
        return [...m.entries()].filter(([, v]) => v[0]).map(([k, v]) => [k, v[0], Math.round(v[1]! * 1000)]).sort();
      };
      const repo = repos.calls as unknown as { query(sql: string): never };
      expect(norm(repos.calls.agentTalk("s", from, to, buckets))).toEqual(norm(agentLegTalk((sql) => repo.query(sql), "s", from, to, buckets)));
    }
    // The statistics page's inbound and "ended in the ARS" counts per day, against the call list.
    // A rejected INVITE (488) is neither an inbound call the center took nor one that ended in the ARS (issue 15).
    const inbound = repos.calls.list("s", from, to).filter((c) => c.direction === "inbound" && c.result !== "rejected");
    const want = new Map<string, number[]>();
    for (const c of inbound) {
      const v = want.get(periodOf(c.startedAt, "day", timeZone)) ?? [0, 0];
      want.set(periodOf(c.startedAt, "day", timeZone), [v[0]! + 1, v[1]! + (c.queueId === null ? 1 : 0)]);
    }
    const got = new Map<string, number[]>();
    for (const t of repos.calls.inboundTally("s", from, to, localBuckets("day", timeZone, from, to))) {
      const v = got.get(bucketLabel(t.bucket!, "day")) ?? [0, 0];
      got.set(bucketLabel(t.bucket!, "day"), [v[0]! + t.inbound, v[1]! + t.ars]);
    }
    expect([...got.entries()].filter(([, v]) => v[0]).sort()).toEqual([...want.entries()].sort());
    const buckets = localBuckets("hour", timeZone, from, to);
    const sum = (rows: { bucket: number; inbound: number; internal: number; callbacks: number }[]) => {
      const m = new Map<number, number[]>();
      for (const t of rows) {
        const v = m.get(t.bucket) ?? [0, 0, 0];
        m.set(t.bucket, [v[0]! + t.inbound, v[1]! + t.internal, v[2]! + t.callbacks]);
      }
      return [...m.entries()].sort((a, b) => a[0] - b[0]);
    };
    const repo = repos.calls as unknown as { query(sql: string): never };
    expect(sum(repos.calls.tally("s", from, to, buckets))).toEqual(sum(tallyCalls((sql) => repo.query(sql), "s", from, to, buckets)));
  }
}

describe("statistics rollup (issue 12, S1, D1–D3) equals a scan of the calls", () => {
  for (const timeZone of ["Asia/Seoul", "America/New_York", "Asia/Kolkata", "+00:07"]) {
    it(`S1: MUST give the same figures as the calls after random inserts, changes and deletes (${timeZone})`, () => {
      const { db, repos } = testStore();
      const r = rng(11);
      const calls: CallRecord[] = [];
      for (let i = 0; i < 500; i++) {
        const c = randomCall(r, `c${i}`);
        repos.calls.create(c);
        calls.push(c);
        offer(repos, r, c);
        // Another service's calls must never leak into this one's rollup.
        if (i % 10 === 0) repos.calls.create(randomCall(r, `x${i}`, "other"));
      }
      // Calls started just before a range's end and first offered just after it: not the agent's in that range.
      for (const end of [FROM + 3 * DAY, FROM + 4 * DAY + 50 * 900_000, FROM + DAYS * DAY]) {
        const c = { ...randomCall(r, `edge${end}`), startedAt: end - 300_000, queueId: "q1", queuedAt: end - 290_000 };
        repos.calls.create(c);
        repos.queueEvents.add({ serviceId: "s", queueId: "q1", callId: c.callId, at: end + 300_000, event: "offer", agent: "a1", detail: null });
      }
      compareAll(repos, timeZone, 20);
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 40; i++) {
          const c = calls[Math.floor(r() * calls.length)]!;
          const { callId: _, ...changed } = randomCall(r, c.callId);
          // A call keeps its start; one without offers may move (a corrected record), dirtying both slots.
          const move = r() < 0.3 && !db.query("SELECT 1 FROM queue_events WHERE call_id = ?").get(c.callId);
          const patch = move ? changed : { ...changed, startedAt: c.startedAt, queuedAt: changed.queuedAt && c.startedAt + 5_000 };
          repos.calls.update(c.callId, patch);
          Object.assign(c, patch);
          offer(repos, r, calls[Math.floor(r() * calls.length)]!);
        }
        for (let i = 0; i < 5; i++) db.run("DELETE FROM calls WHERE call_id = ?", [calls[Math.floor(r() * calls.length)]!.callId]);
        db.run("DELETE FROM queue_events WHERE id IN (SELECT id FROM queue_events ORDER BY id DESC LIMIT 3)");
        for (let i = 0; i < 20; i++) {
          const c = randomCall(r, `n${round}-${i}`);
          repos.calls.create(c);
          calls.push(c);
          offer(repos, r, c);
        }
        compareAll(repos, timeZone, round === 2 ? 35 : 20);
      }
    });
  }

  for (const timeZone of ["Asia/Seoul", "America/New_York", "UTC"]) {
    it(`S1: day rows (local days of the service's zone) MUST give the same figures as the calls, and be read where a range is whole days (${timeZone})`, () => {
      const { db, repos } = testStore();
      repos.services.create({ serviceId: "s", name: "S", number: "1588", callerId: "1588", timezone: timeZone, language: "ko", state: "active", licences: 10 });
      const r = rng(23);
      const calls: CallRecord[] = [];
      for (let i = 0; i < 400; i++) {
        const c = randomCall(r, `c${i}`);
        repos.calls.create(c);
        calls.push(c);
        offer(repos, r, c);
      }
      // Local midnights around FROM (New York: 2026-03-08 changes offset, inside the data).
      const midnight = (day: number) => Temporal.PlainDate.from("2026-03-01").add({ days: day }).toZonedDateTime(timeZone).epochMilliseconds;
      const days: [number, number][] = [[midnight(0), midnight(DAYS)], [midnight(1), midnight(4)], [midnight(-1), midnight(3)], [midnight(2), midnight(9)]];
      const ragged: [number, number][] = [[midnight(1) + 3 * SLOT, midnight(5) - 7 * SLOT], [midnight(0) + 3_600_000, midnight(6)]];
      compareAll(repos, timeZone, 20, [...days, ...ragged]);
      expect((db.query("SELECT count(*) AS n FROM call_rollup WHERE kind = 'D'").get() as { n: number }).n).toBeGreaterThan(0);
      for (let i = 0; i < 30; i++) {
        const c = calls[Math.floor(r() * calls.length)]!;
        repos.calls.update(c.callId, { result: "abandoned", answeredAt: null, waitSeconds: 7 });
        offer(repos, r, calls[Math.floor(r() * calls.length)]!);
      }
      compareAll(repos, timeZone, 20, [...days, ...ragged]);
      // The day rows are what whole days read: spoil them and the figures of whole days (not of ragged ones) change.
      const o = { by: "queue" as const, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS };
      const before = repos.calls.aggregate("s", midnight(0), midnight(DAYS), o);
      const raggedBefore = repos.calls.aggregate("s", ragged[0]![0], ragged[0]![1], o);
      // Less than a day: no day row.
      const short = [midnight(1) + 3 * SLOT, midnight(2) - 7 * SLOT] as const;
      const shortBefore = repos.calls.aggregate("s", short[0], short[1], o);
      db.run("UPDATE call_rollup SET offered = offered + 1000 WHERE kind = 'D'");
      expect(repos.calls.aggregate("s", midnight(0), midnight(DAYS), o)).not.toEqual(before);
      expect(repos.calls.aggregate("s", ragged[0]![0], ragged[0]![1], o)).not.toEqual(raggedBefore);
      expect(repos.calls.aggregate("s", short[0], short[1], o)).toEqual(shortBefore);
    });
  }

  for (const timeZone of ["Asia/Seoul", "America/New_York"]) {
    it(`S1: month rows (local months of the service's zone) MUST give the same figures as the calls, and be read where a range is whole months (${timeZone})`, () => {
      const { db, repos } = testStore();
      repos.services.create({ serviceId: "s", name: "S", number: "1588", callerId: "1588", timezone: timeZone, language: "ko", state: "active", licences: 10 });
      const r = rng(41);
      const start = Date.UTC(2025, 11, 20);
      const calls: CallRecord[] = [];
      for (let i = 0; i < 600; i++) {
        // Over four months, some just before and after local midnights of month ends.
        const c = { ...randomCall(r, `c${i}`) };
        const at = start + Math.floor(r() * 120 * DAY);
        Object.assign(c, { startedAt: at, queuedAt: c.queuedAt && at + 5_000, answeredAt: c.answeredAt && at + 30_000, endedAt: at + 90_000 });
        repos.calls.create(c);
        calls.push(c);
        offer(repos, r, c);
      }
      const month = (y: number, m: number) => Temporal.PlainDate.from({ year: y, month: m, day: 1 }).toZonedDateTime(timeZone).epochMilliseconds;
      const ranges: [number, number][] = [
        [month(2026, 1), month(2026, 4)], [month(2026, 2), month(2026, 3)], [month(2025, 12), month(2026, 4)],
        [month(2026, 1) + 3 * DAY, month(2026, 4)], [month(2026, 1) - 2 * DAY, month(2026, 3) + 5 * DAY + 7 * SLOT],
      ];
      const monthly = (o: Parameters<typeof repos.calls.aggregate>[3], [from, to]: [number, number]) =>
        [statsFromSums(repos.calls.aggregate("s", from, to, o), "month"), statsFromSums(repos.calls.aggregateScan("s", from, to, o), "month")] as const;
      const check = () => {
        compareAll(repos, timeZone, 20, ranges);
        for (const range of ranges) {
          for (const by of ["queue", "agent", "type", "service"] as StatsBy[]) {
            const o = { by, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS, outbound: true, buckets: localBuckets("month", timeZone, range[0], range[1]) };
            expectSameRows(...monthly(o, range));
          }
        }
      };
      check();
      expect((db.query("SELECT count(*) AS n FROM call_rollup WHERE kind = 'M'").get() as { n: number }).n).toBeGreaterThan(0);
      for (let i = 0; i < 40; i++) {
        const c = calls[Math.floor(r() * calls.length)]!;
        repos.calls.update(c.callId, { result: "abandoned", answeredAt: null, waitSeconds: 9 });
        offer(repos, r, calls[Math.floor(r() * calls.length)]!);
      }
      check();
      // Whole months read the month rows: spoil them and a whole-month range changes, a range of days does not.
      const o = { by: "service" as const, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS };
      const whole = repos.calls.aggregate("s", month(2026, 1), month(2026, 3), o);
      const days = repos.calls.aggregate("s", month(2026, 1) + DAY, month(2026, 1) + 20 * DAY, o);
      db.run("UPDATE call_rollup SET offered = offered + 1000 WHERE kind = 'M'");
      expect(repos.calls.aggregate("s", month(2026, 1), month(2026, 3), o)).not.toEqual(whole);
      expect(repos.calls.aggregate("s", month(2026, 1) + DAY, month(2026, 1) + 20 * DAY, o)).toEqual(days);
    });
  }

  it("S1: a whole build over many calls needed by a reader MUST run in the background (reads scan the calls meanwhile) and then agree with the calls", async () => {
    const { db, repos } = testStore();
    repos.services.create({ serviceId: "s", name: "S", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 10 });
    (repos.calls as unknown as { rollup: { syncBuildCalls: number } }).rollup.syncBuildCalls = 10;
    const r = rng(31);
    for (let i = 0; i < 300; i++) {
      const c = randomCall(r, `c${i}`);
      repos.calls.create(c);
      offer(repos, r, c);
    }
    const o = { by: "agent" as const, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS, outbound: true };
    const want = repos.calls.aggregateScan("s", FROM, FROM + DAYS * DAY, o);
    // The first read asks for a whole build over "many" calls: it starts in the background.
    expect(repos.calls.aggregate("s", FROM, FROM + DAYS * DAY, o)).toEqual(want);
    expect(repos.calls.rollupReady("s")).toBe(false);
    // Meanwhile: the calls' own figures, and a call written during the build is not lost.
    expect(repos.calls.aggregate("s", FROM, FROM + DAYS * DAY, o)).toEqual(want);
    repos.calls.create({ ...randomCall(r, "late"), startedAt: FROM + DAY, queueId: "q1", queuedAt: FROM + DAY + 1_000 });
    for (let i = 0; i < 200 && !repos.calls.rollupReady("s"); i++) await Bun.sleep(5);
    expect(repos.calls.rollupReady("s")).toBe(true);
    compareAll(repos, "Asia/Seoul", 20);
    // New thresholds need a whole rebuild: in the background again, the calls' figures meanwhile.
    const o35 = { ...o, slSeconds: 35 };
    expect(repos.calls.aggregate("s", FROM, FROM + DAYS * DAY, o35)).toEqual(repos.calls.aggregateScan("s", FROM, FROM + DAYS * DAY, o35));
    expect(repos.calls.rollupReady("s")).toBe(false);
    for (let i = 0; i < 200 && !repos.calls.rollupReady("s"); i++) await Bun.sleep(5);
    compareAll(repos, "Asia/Seoul", 35);
    expect((db.query("SELECT count(*) AS n FROM call_rollup_dirty").get() as { n: number }).n).toBe(0);
  });

  it("S1: at start-up a missing rollup MUST be built at once, whatever the service's size", () => {
    const { repos } = testStore();
    (repos.calls as unknown as { rollup: { syncBuildCalls: number } }).rollup.syncBuildCalls = 10;
    const r = rng(37);
    for (let i = 0; i < 100; i++) repos.calls.create(randomCall(r, `c${i}`));
    expect(repos.calls.rollupReady("s")).toBe(false);
    repos.calls.warmRollup("s");
    expect(repos.calls.rollupReady("s")).toBe(true);
    compareAll(repos, "Asia/Seoul", 20);
  });

  it("S1: a 488-rejected INVITE MUST NOT count as inbound nor as ended in the ARS (rollup and scan agree)", () => {
    const { repos } = testStore();
    const base = randomCall(rng(5), "c0");
    const call = (id: string, result: CallResult, queueId: string | null, startedAt: number): CallRecord => ({
      ...base, callId: id, direction: "inbound", result, queueId, queuedAt: queueId ? startedAt + 5_000 : null, startedAt, agent: null, answeredAt: null,
    });
    const t0 = FROM + 10 * 900_000;
    repos.calls.create(call("ivr", "ivr", null, t0));
    repos.calls.create(call("rej", "rejected", null, t0 + 60_000));
    repos.calls.create(call("rej2", "rejected", null, t0 + 120_000));
    repos.calls.create(call("q", "abandoned", "q0", t0 + 180_000));
    const day = localBuckets("day", "Asia/Seoul", FROM, FROM + DAY);
    const sums = (rows: { inbound: number; ars: number }[]) => rows.reduce((a, t) => [a[0]! + t.inbound, a[1]! + t.ars], [0, 0]);
    // Whole slots (the rollup) and a ragged range (the scan) give the same counts.
    expect(sums(repos.calls.inboundTally("s", FROM, FROM + DAY, day))).toEqual([2, 1]);
    expect(sums(repos.calls.inboundTally("s", t0 - 1, t0 + 600_001))).toEqual([2, 1]);
    // A rejected call later recorded otherwise (a corrected record) counts again.
    repos.calls.update("rej", { result: "failed" });
    expect(sums(repos.calls.inboundTally("s", FROM, FROM + DAY, day))).toEqual([3, 2]);
  });

  it("S1: MUST mark the changed slot dirty in the same transaction as the call's write, and read it rebuilt", () => {
    const { db, repos } = testStore();
    const c = randomCall(rng(3), "c1");
    const o = { by: "service" as const, slSeconds: 20, shortAbandonSeconds: SHORT_ABANDON_SECONDS };
    expect(repos.calls.aggregate("s", FROM - DAY, FROM + 30 * DAY, o)).toEqual([]);
    db.transaction(() => {
      repos.calls.create({ ...c, queueId: "q0", result: "abandoned", answeredAt: null, waitSeconds: 30 });
      expect(db.query("SELECT count(*) AS n FROM call_rollup_dirty").get()).toEqual({ n: 1 });
    })();
    expect(repos.calls.aggregate("s", FROM - DAY, FROM + 30 * DAY, o)).toMatchObject([{ offered: 1, abandoned: 1, waitMax: 30 }]);
    expect(db.query("SELECT count(*) AS n FROM call_rollup_dirty").get()).toEqual({ n: 0 });
    repos.calls.update("c1", { result: "answered", answeredAt: c.startedAt + 1_000, waitSeconds: 12, talkSeconds: 60 });
    expect(repos.calls.aggregate("s", FROM - DAY, FROM + 30 * DAY, o)).toMatchObject([{ offered: 1, answered: 1, abandoned: 0, waitMax: 12 }]);
  });
});
