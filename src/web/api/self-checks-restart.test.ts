import { describe, expect, it } from "bun:test";
import { Canary, Reconciler } from "../../cc/index.ts";
import { silentLogger } from "../../lib/index.ts";
import { testOps } from "../admin/test-ops.ts";

/** The API and the dashboard over one store, with self-checks made anew (a restart) on demand. */
async function selfCheckPages() {
  const t = await testOps();
  let broken = true;
  const wire = () => {
    const reconciler = new Reconciler({ cc: t.cc, repos: t.repos, clock: t.clock, log: silentLogger, csv: () => ({ offered: 3 }) });
    const canary = new Canary({
      repos: t.repos, clock: t.clock, log: silentLogger, flow: (id) => t.cc.flow(id), minutes: 0,
      ear: async () => ({ unreadable: broken, receivedMs: 1000, rmsDbfs: -20 }),
    });
    t.deps.selfChecks = { reconciler, canary };
    return { reconciler, canary };
  };
  return { ...t, wire, fix: () => (broken = false) };
}

describe("self-check results across a restart (issue 17: never a silent failure)", () => {
  it("issue 17: the API and the dashboard MUST show the failure seen before a restart, before any new run; the history lists every run", async () => {
    const t = await selfCheckPages();
    const first = t.wire();
    const failed = await first.canary.run("demo");
    first.reconciler.run("demo");
    expect(failed.ok).toBe(false);

    t.wire(); // the restart: new self-checks over the same database, nothing run
    const canary = await t.call("GET", "/services/demo/canary");
    expect(canary.status).toBe(200);
    expect(canary.json).toMatchObject({ ok: false, trigger: "request", at: new Date(failed.at).toISOString(), failure: { step: "greeting", code: "unreadable" } });
    expect((await t.call("GET", "/services/demo/reconcile")).json).toMatchObject({ differences: [{ source: "csv", figure: "offered" }] });
    const dash = await (await t.admin.get("/admin/services/demo/dashboard?lang=en")).text();
    expect(dash).toContain('data-canary="failed"');
    expect(dash).toContain('data-reconcile="differences"');

    t.fix();
    await t.deps.selfChecks!.canary.run("demo", "request");
    const history = await t.call("GET", "/services/demo/canary/history");
    expect((history.json as { ok: boolean }[]).map((r) => r.ok)).toEqual([true, false]);
    expect(((await t.call("GET", "/services/demo/reconcile/history")).json as unknown[]).length).toBe(1);
    expect((await t.call("GET", "/services/nope/canary/history")).status).toBe(404);
  });
});
