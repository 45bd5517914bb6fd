import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

const DAY = 86_400_000;

/** Calls on three past days (2, 3 and 1 of them), each waiting then hanging up; the clock ends on the fourth day. */
async function pastCalls() {
  const t = testCenter(); // starts Wed 2026-03-04 10:00 KST
  const byDay: string[][] = [];
  for (const [d, n] of [[0, 2], [1, 3], [2, 1]] as const) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const leg = await t.queueCall(`0101000${d}${i}00`);
      ids.push(t.repos.calls.listOpen().find((c) => c.from === `0101000${d}${i}00`)!.callId);
      await advance(t.clock, 1000);
      leg.hangup();
      await advance(t.clock, 1000);
    }
    byDay.push(ids);
    t.cc.callbackScheduler.stop(); // its tick would fire every few seconds of the day skipped
    t.clock.advance(DAY - n * 4000);
    t.cc.callbackScheduler.start();
    await advance(t.clock, 0);
  }
  t.cc.trail.flush();
  return { t, byDay };
}

describe("change preview (issue 17 point 6)", () => {
  it("C3: MUST preview exactly the calls of a past day when a holiday covering it is added, and store nothing", async () => {
    const { t, byDay } = await pastCalls();
    const before = JSON.stringify(t.admin.flows.read("demo"));
    const p = t.admin.preview.preview("demo", { change: "holiday-add", holiday: { date: "2026-03-05", name: "Founders", kind: "holiday", repeat: "once" } });
    expect(p.replayed).toBe(6);
    expect(p.changed.map((c) => c.callId).sort()).toEqual([...byDay[1]!].sort());
    expect(p.changed[0]!.now).toMatchObject({ kind: "queue", queueId: "main" });
    expect(p.changed[0]!.after).toEqual({ kind: "closed", why: "holiday", rule: "2026-03-05 Founders" });
    expect(p.changed[0]!.afterText.en).toBe("closed: holiday (2026-03-05 Founders)");
    expect(p.changed[0]!.afterText.ko).toBe("휴일로 종료 안내 (2026-03-05 Founders)");
    expect(JSON.stringify(t.admin.flows.read("demo"))).toBe(before);
  });

  it("C2: MUST list the calls new hours would close, and where the others go stays unchanged", async () => {
    const { t } = await pastCalls();
    const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "11:00", end: "18:00" }]]));
    const p = t.admin.preview.preview("demo", { change: "hours", hours });
    expect(p.changed).toHaveLength(6); // every call came at 10:00 KST
    expect(p.changed[0]!.afterText.en).toContain("closed: outside hours");
  });

  it("C4, G6: MUST show where calls would go when the menu key is removed or the queue's agents change", async () => {
    const { t } = await pastCalls();
    const removed = t.admin.preview.preview("demo", { change: "menu-remove", digit: "1" });
    expect(removed.changed).toHaveLength(6);
    expect(removed.changed[0]!.after).toMatchObject({ kind: "menu", keys: ["1"] });
    const members = t.admin.preview.preview("demo", { change: "queue-agents", queueId: "main", agents: ["a1"] });
    expect(members.changed).toHaveLength(6);
    expect(members.changed[0]!.nowText.en).toBe('queue "Main" (agents: a1, a2, a3)');
    expect(members.changed[0]!.afterText.en).toBe('queue "Main" (agents: a1)');
    expect(t.admin.preview.preview("demo", { change: "queue-agents", queueId: "main", agents: ["a3", "a2", "a1"] }).changed).toHaveLength(0);
  });

  it("C3: MUST refuse a malformed preview naming the field, and an unknown queue or service", () => {
    const t = testCenter();
    const err = (input: unknown, service = "demo") => {
      try {
        t.admin.preview.preview(service, input);
      } catch (e) {
        return e as { status: number; fields?: Record<string, string> };
      }
      throw new Error("accepted");
    };
    expect(err({ change: "holiday-add", holiday: { date: "5 March", kind: "holiday", repeat: "once" } })).toMatchObject({ status: 422, fields: { "holiday.date": "date" } });
    expect(err({ change: "nonsense" })).toMatchObject({ status: 422, fields: { change: "format" } });
    expect(err("not json")).toMatchObject({ status: 422 });
    expect(err({ change: "queue-agents", queueId: "nope", agents: [] })).toMatchObject({ status: 404, fields: { queueId: "notFound" } });
    expect(err({ change: "queue-agents", queueId: "main", agents: ["ghost"] })).toMatchObject({ status: 422, fields: { "agents.0": "unknown" } });
    expect(err({ change: "hours", hours: {} }, "nope")).toMatchObject({ status: 404 });
  });
});
