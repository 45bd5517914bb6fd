import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";
import { Canary, STARTUP_CANARY_MS, type CanaryOptions, type CanaryResult } from "./canary.ts";
import type { HeardPrompt } from "./canary-leg.ts";

const LOUD: HeardPrompt = { unreadable: false, receivedMs: 2400, rmsDbfs: -18 };
const BROKEN: HeardPrompt = { unreadable: true, receivedMs: 2400, rmsDbfs: -18 };

/** A canary over a test center's store; `greeting` is what the greeting sounds like. */
function canaryOver(t: ReturnType<typeof testCenter>, greeting: HeardPrompt, more: Partial<CanaryOptions> = {}) {
  const canary = new Canary({
    repos: t.repos, clock: t.clock, log: silentLogger, flow: (id) => t.cc.flow(id), minutes: 60,
    ear: async (p) => (p.kind === "prompt" && p.id === "greeting" ? greeting : LOUD), ...more,
  });
  const results: CanaryResult[] = [];
  canary.onResult.subscribe((r) => results.push(r));
  return { canary, results };
}

describe("canary results across a restart (issue 17: never a silent failure)", () => {
  it("issue 17: a failure seen before a restart MUST be the latest result at once after it, before any new walk", async () => {
    const t = testCenter();
    const before = canaryOver(t, BROKEN);
    const failed = await before.canary.run("demo");
    expect(failed.failure).toMatchObject({ step: "greeting", code: "unreadable" });
    // A restart: a new canary over the same store, nothing walked yet.
    const after = canaryOver(t, LOUD);
    expect(after.results).toEqual([]);
    expect(after.canary.latest("demo")).toEqual(failed);
    expect(after.canary.latestAll()).toEqual([failed]);
  });

  it("issue 17: every result MUST be stored with a short history, newest first", async () => {
    const t = testCenter();
    const c = canaryOver(t, BROKEN);
    await c.canary.run("demo", "request");
    const ok = canaryOver(t, LOUD);
    await ok.canary.run("demo", "save");
    expect(ok.canary.history("demo").map((r) => [r.trigger, r.ok])).toEqual([["save", true], ["request", false]]);
    expect(canaryOver(t, LOUD).canary.latest("demo")).toMatchObject({ ok: true, trigger: "save" });
  });

  it("issue 17: MUST walk every service shortly after start (not one interval later), then on its schedule", async () => {
    const t = testCenter();
    const c = canaryOver(t, BROKEN);
    c.canary.start();
    await advance(t.clock, STARTUP_CANARY_MS - 1_000);
    expect(c.results).toEqual([]); // not in the start's way
    await advance(t.clock, 1_000);
    await flush();
    await Bun.sleep(20);
    expect(c.results.map((r) => [r.trigger, r.ok])).toEqual([["startup", false]]);
    await advance(t.clock, 60 * 60_000, 5_000);
    await Bun.sleep(20);
    expect(c.results.map((r) => r.trigger)).toEqual(["startup", "schedule"]);
    c.canary.stop();
  });

  it("issue 17: a canary turned off (0 minutes) MUST NOT walk at start either", async () => {
    const t = testCenter();
    const c = canaryOver(t, LOUD, { minutes: 0 });
    c.canary.start();
    await advance(t.clock, STARTUP_CANARY_MS * 3, 5_000);
    expect(c.results).toEqual([]);
  });

  it("issue 17: a result that cannot be stored MUST still be announced and kept until the restart, with an error logged", async () => {
    const t = testCenter();
    const errors: string[] = [];
    const log = { ...silentLogger, error: (_o: unknown, msg?: string) => void errors.push(String(msg)), child: () => log };
    const c = canaryOver(t, BROKEN, { log: log as typeof silentLogger });
    t.db.exec("DROP TABLE self_checks");
    const r = await c.canary.run("demo");
    expect(c.results).toEqual([r]);
    expect(c.canary.latest("demo")).toEqual(r);
    expect(errors).toContain("canary result not stored (shown until a restart only)");
  });
});
