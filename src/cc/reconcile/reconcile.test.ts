import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { testCenter } from "../test-center.ts";
import { figureCalls } from "../stats/index.ts";
import { Reconciler } from "./reconciler.ts";
import { insertRandomDay } from "./testing/random-day.ts";

// The test center's clock: 2026-03-04 10:00 in Seoul, so "yesterday" is 2026-03-03 (Seoul).
const FROM = Date.UTC(2026, 2, 2, 15, 0);
const TO = FROM + 86_400_000;

function randomDayCenter() {
  const t = testCenter();
  t.repos.queues.create({ serviceId: "demo", queueId: "sales", name: "Sales", digit: "2", callback: false });
  const day = insertRandomDay(t.repos, { serviceId: "demo", from: FROM, to: TO, n: 1000, queues: ["main", "sales"], agents: ["a1", "a2", "a3"] });
  const reconciler = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger });
  return { ...t, day, reconciler };
}

describe("numbers that reconcile (issue 17 point 4, S1, D1–D4)", () => {
  it("issue 17 point 4: a randomized day of 1,000 calls with transfers, callbacks and abandons MUST give dashboard = statistics = history = drill-down rows (zero differences)", () => {
    const { cc, day, reconciler } = randomDayCenter();
    expect(day.calls).toHaveLength(1000);
    expect(day.transfers).toBeGreaterThan(20);
    expect(day.callbacks).toBeGreaterThan(20);
    expect(day.abandons).toBeGreaterThan(50);
    const report = reconciler.run("demo");
    expect(report.day).toBe("2026-03-03");
    expect(report.differences).toEqual([]);
    expect(report.compared).toBeGreaterThan(50);
    // The dashboard's total for the day is the drill-down's row count, figure by figure.
    const dash = cc.live("demo", TO - 1);
    const calls = cc.calls("demo", FROM, TO);
    expect(calls).toHaveLength(1000);
    for (const f of ["offered", "answered", "abandoned", "shortAbandoned", "callbacks", "answeredWithinSl"] as const) {
      expect(figureCalls(calls, [], TO, { figure: f, by: "service", slSeconds: 20 }).length).toBe(dash.service[f]);
    }
    expect(dash.service.offered).toBeGreaterThan(500);
  });

  it("issue 17 point 4: a corrupted statistics rollup MUST be reported as a difference naming the source, figure and scope", () => {
    const { db, reconciler } = randomDayCenter();
    expect(reconciler.run("demo").differences).toEqual([]);
    // Answered calls too many in every rollup row of queue "main" (slots, hours, days: whichever the read uses);
    // no call changed, so the rollup is not rebuilt.
    db.run("UPDATE call_rollup SET answered = answered + 1 WHERE service_id = 'demo' AND dim = 'queue' AND key = 'main' AND kind IN ('q', 'Q', 'D')");
    const report = reconciler.run("demo", "2026-03-03");
    expect(report.differences).toContainEqual({ source: "statistics-by-queue", figure: "answered", scope: "queue:main", value: expect.any(Number), expected: expect.any(Number) });
    const d = report.differences.find((x) => x.source === "statistics-by-queue" && x.scope === "queue:main")!;
    expect(d.value).toBeGreaterThan(d.expected);
    expect(report.differences.some((x) => x.source === "dashboard" && x.figure === "answered")).toBe(true);
  });

  it("issue 17 point 4: a CSV export that disagrees MUST be reported; a bad day is refused with a clear error", () => {
    const t = randomDayCenter();
    const reconciler = new Reconciler({
      cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger,
      csv: (id, from, to) => {
        const rows = t.cc.stats(id, "queue", from, to);
        return { offered: rows.reduce((n, r) => n + r.offered, 0) - 1, answered: rows.reduce((n, r) => n + r.answered, 0) };
      },
    });
    const report = reconciler.run("demo");
    expect(report.differences.map((d) => [d.source, d.figure, d.scope, d.expected - d.value])).toEqual([["csv", "offered", "service", 1]]);
    expect(() => reconciler.run("demo", "2026-02-30")).toThrow(/real date/);
    expect(() => reconciler.run("demo", "yesterday")).toThrow(/YYYY-MM-DD/);
    expect(() => reconciler.run("nope")).toThrow(/no such service/);
  });

  it("issue 17 point 4: the nightly check MUST run once at its local hour for yesterday and announce its report", () => {
    const t = testCenter({}, Date.UTC(2026, 2, 3, 16, 59)); // 01:59 Seoul
    const reconciler = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger });
    const seen: string[] = [];
    reconciler.onReport.subscribe((r) => seen.push(`${r.serviceId} ${r.day} ${r.differences.length}`));
    expect(reconciler.runDue()).toEqual([]);
    t.clock.advance(60_000); // 02:00 Seoul
    expect(reconciler.runDue().map((r) => r.day)).toEqual(["2026-03-03"]);
    t.clock.advance(60_000);
    expect(reconciler.runDue()).toEqual([]);
    expect(seen).toEqual(["demo 2026-03-03 0"]);
    expect(reconciler.latest("demo")?.day).toBe("2026-03-03");
  });
});
