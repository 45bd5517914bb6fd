import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { testCenter } from "../test-center.ts";
import { Reconciler } from "./reconciler.ts";

describe("reconcile reports across a restart (issue 17: never a silent failure)", () => {
  it("issue 17 point 4: the latest report, differences and all, MUST be the latest at once after a restart", () => {
    const t = testCenter();
    const before = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger, csv: () => ({ offered: 7 }) });
    const report = before.run("demo");
    expect(report.differences).toEqual([{ source: "csv", figure: "offered", scope: "service", value: 7, expected: 0 }]);
    // A restart: a new reconciler over the same store, nothing run yet.
    const after = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger });
    expect(after.latest("demo")).toEqual(report);
    expect(after.latestAll()).toEqual([report]);
    expect(after.latest("other")).toBeUndefined();
  });

  it("issue 17 point 4: every report MUST be stored with a short history, newest first", () => {
    const t = testCenter();
    const r = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger });
    r.run("demo", "2026-03-01");
    r.run("demo", "2026-03-02");
    r.run("demo");
    expect(r.history("demo").map((x) => x.day)).toEqual(["2026-03-03", "2026-03-02", "2026-03-01"]);
    expect(t.repos.selfChecks.latest("reconcile", "demo")).toMatchObject({ ok: true, result: { day: "2026-03-03" } });
  });
});
