import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import type { PromptRef } from "../../telephony/index.ts";
import { SYSTEM } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";
import { Canary, type CanaryOptions, type CanaryResult } from "./canary.ts";
import type { HeardPrompt } from "./canary-leg.ts";

const LOUD: HeardPrompt = { unreadable: false, receivedMs: 2400, rmsDbfs: -18 };

/** A test center with a canary whose ear says what each prompt sounds like (`sound` by prompt id). */
function canaryCenter(sound: Record<string, HeardPrompt> = {}, minutes = 60, more: Partial<CanaryOptions> = {}) {
  const t = testCenter();
  const played: string[] = [];
  const ear = async (p: PromptRef) => {
    const id = p.kind === "prompt" ? p.id : p.kind;
    played.push(id);
    return sound[id] ?? LOUD;
  };
  const canary = new Canary({ repos: t.repos, clock: t.clock, log: silentLogger, flow: (id) => t.cc.flow(id), ear, minutes, ...more });
  const results: CanaryResult[] = [];
  canary.onResult.subscribe((r) => results.push(r));
  return { ...t, canary, played, results };
}

describe("canary call (issue 17 point 5)", () => {
  it("issue 17 point 5: MUST walk the service number: greeting audible, hours verdict, menu, every key reaching its queue", async () => {
    const t = canaryCenter();
    t.repos.queues.create({ serviceId: "demo", queueId: "sales", name: "Sales", digit: "2", callback: false });
    t.repos.queues.setAgents("demo", "sales", ["a1"]);
    const r = await t.canary.run("demo");
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => [s.number, s.step, s.ok])).toEqual([
      ["1588", "greeting", true], ["1588", "hours", true], ["1588", "menu", true], ["1588", "key 1", true], ["1588", "key 2", true],
    ]);
    expect(r.steps[3]!.detail).toBe("queue main");
    // Nothing of it is a call: no record, no agent rung.
    expect(t.cc.calls("demo", 0, t.clock.now() + 1)).toEqual([]);
    expect(t.telephony.dialled).toEqual([]);
  });

  it("issue 17 point 5: a silent or unreadable greeting MUST fail naming the number and the step", async () => {
    const silent = canaryCenter({ greeting: { unreadable: false, receivedMs: 3000, rmsDbfs: -Infinity } });
    const r = await silent.canary.run("demo");
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ number: "1588", step: "greeting", code: "silent" });
    const broken = canaryCenter({ greeting: { unreadable: true, receivedMs: 3000, rmsDbfs: -20 } });
    expect((await broken.canary.run("demo")).failure).toMatchObject({ number: "1588", step: "greeting", code: "unreadable" });
  });

  it("issue 17 point 5: a menu key whose queue is gone, or a queue without agents, MUST fail naming the key", async () => {
    const t = canaryCenter();
    t.repos.queues.create({ serviceId: "demo", queueId: "gone", name: "Gone", digit: "4", callback: false });
    t.admin.flows.save(SYSTEM, "demo", { ...t.cc.flow("demo"), menu: [{ digit: "3", kind: "queue", queueId: "gone" }] });
    t.repos.queues.remove("demo", "gone"); // removed behind the menu's back
    const r = await t.canary.run("demo");
    expect(r.failure, JSON.stringify(r.steps)).toMatchObject({ number: "1588", step: "key 3", code: "wrong-route" });
    t.repos.queues.setAgents("demo", "main", []);
    t.admin.flows.save(SYSTEM, "demo", { ...t.cc.flow("demo"), menu: [] });
    expect((await t.canary.run("demo")).failure).toMatchObject({ step: "queue main", code: "no-agents" });
  });

  it("issue 17 point 5: after hours MUST report the closed verdict and check the after-hours prompt, not the menu", async () => {
    const t = canaryCenter({ "after-hours": { unreadable: false, receivedMs: 100, rmsDbfs: -70 } });
    t.admin.flows.save(SYSTEM, "demo", { hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    const r = await t.canary.run("demo");
    expect(r.steps.map((s) => [s.step, s.ok, s.detail.split(":")[0]])).toEqual([
      ["greeting", true, "2400 ms at -18.0 dBFS"], ["hours", true, "closed-hours"], ["after-hours", false, "silence"],
    ]);
    expect(t.played).not.toContain("menu");
  });

  it("issue 17 point 5: MUST run on its schedule (within one interval) and after a save of hours, the ARS or queues", async () => {
    const t = canaryCenter({}, 5, { startupMs: 5 * 60_000 }); // (no separate start-up walk: see the next test)
    t.admin.changes.onChange.subscribe((c) => t.canary.changed(c));
    t.canary.start();
    await advance(t.clock, 5 * 60_000);
    await flush();
    await Bun.sleep(20);
    expect(t.results.map((r) => [r.trigger, r.ok])).toEqual([["schedule", true]]);
    t.admin.flows.save(SYSTEM, "demo", { ...t.cc.flow("demo"), menuTimeoutSeconds: 7 });
    await advance(t.clock, 2_000);
    await Bun.sleep(20);
    expect(t.results.map((r) => r.trigger)).toEqual(["schedule", "save"]);
    // Queue membership (the assignment page) and a holiday are path changes too; a burst of saves walks once.
    t.admin.queues.setAgents(SYSTEM, "demo", "main", ["a1"]);
    t.admin.flows.addHoliday(SYSTEM, "demo", { date: "2026-12-25", name: "Christmas", kind: "holiday", repeat: "yearly" });
    await advance(t.clock, 2_000);
    await Bun.sleep(20);
    expect(t.results.map((r) => r.trigger)).toEqual(["schedule", "save", "save"]);
    // A change elsewhere (an agent's name) is not.
    t.canary.changed({ serviceId: "demo", target: "agents/a1" });
    await advance(t.clock, 2_000);
    await Bun.sleep(20);
    expect(t.results).toHaveLength(3);
    t.canary.stop();
  });
});
