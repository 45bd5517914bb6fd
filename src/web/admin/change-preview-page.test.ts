import { describe, expect, it } from "bun:test";
import { readFlow } from "./flow.ts";
import { testOps } from "./test-ops.ts";

describe("pages: change preview before saving (issue 17 point 6)", () => {
  it("C3: MUST show the calls a new holiday would close with a confirm, save nothing until confirmed, then save", async () => {
    const t = await testOps();
    const call = await t.answeredCall("01055550005", 1000, 2000);
    await t.advance(1000);
    const day = Temporal.Instant.fromEpochMilliseconds(call.startedAt).toZonedDateTimeISO("Asia/Seoul").toPlainDate().toString();
    const form = { date: day, name: "Picnic", kind: "temporary", repeat: "once" };
    const first = await t.admin.post("/admin/services/demo/holidays?lang=en", form);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('data-testid="change-preview"');
    expect(html).toContain("1 of the last 7 days&#39; 1 real calls would be routed differently");
    expect(html).toContain(`data-call="${call.callId}"`);
    expect(html).toContain(`closed: holiday (${day} Picnic)`);
    expect(html).toContain('name="confirm" value="1"');
    expect(readFlow(t.deps, "demo").holidays).toEqual([]);
    const confirmed = await t.admin.post("/admin/services/demo/holidays", { ...form, confirm: "1" });
    expect(confirmed.status).toBe(303);
    expect(readFlow(t.deps, "demo").holidays.map((h) => h.date)).toEqual([day]);
    // Removing it previews the same call going back to its queue.
    const removal = await t.admin.post("/admin/services/demo/holidays/0/delete", { date: day });
    expect(removal.status).toBe(200);
    expect(await removal.text()).toContain("대기열 &quot;Main&quot;");
    expect(readFlow(t.deps, "demo").holidays).toHaveLength(1);
  });

  it("C2: MUST preview hours that would close the last days' calls, and save at once when none would change", async () => {
    const t = await testOps();
    await t.answeredCall("01055550006", 1000, 2000);
    await t.advance(1000);
    const closed = { mon: "", tue: "", wed: "", thu: "", fri: "", sat: "", sun: "" };
    const res = await t.admin.post("/admin/services/demo/hours", closed);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("운영 시간 외 안내");
    expect(readFlow(t.deps, "demo").hours.wed).not.toEqual([]);
    const allDay = Object.fromEntries(Object.keys(closed).map((d) => [d, "00:00-24:00"]));
    expect((await t.admin.post("/admin/services/demo/hours", allDay)).status).toBe(303); // same routing: no preview
  });
});

describe("pages: change preview of the menu and the assignment (issue 17 point 6)", () => {
  it("C4, G6: MUST preview removing a menu key and changing a queue's agents, with a confirm that saves", async () => {
    const t = await testOps();
    await t.answeredCall("01055550007", 1000, 2000);
    await t.advance(1000);
    const menu = await t.admin.post("/admin/services/demo/menu/1/delete?lang=en", {});
    expect(menu.status).toBe(200);
    const menuHtml = await menu.text();
    expect(menuHtml).toContain('queue "Main" (agents: a1, a2, a3)'.replaceAll('"', "&quot;"));
    expect(menuHtml).toContain("left in the menu (no choice)");
    expect(t.repos.queues.list("demo")).toHaveLength(1);
    const assign = await t.admin.post("/admin/services/demo/assignment?lang=en", { "queue.main": ["a1", "a2"] });
    expect(assign.status).toBe(200);
    const html = await assign.text();
    expect(html).toContain("(agents: a1, a2)");
    expect(html).toContain('name="queue.main" value="a1"');
    expect(html).toContain('name="queue.main" value="a2"');
    expect(t.repos.queues.get("demo", "main")!.agents).toEqual(["a1", "a2", "a3"]);
    const saved = await t.admin.post("/admin/services/demo/assignment", { "queue.main": ["a1", "a2"], confirm: "1" });
    expect(saved.status).toBe(303);
    expect(t.repos.queues.get("demo", "main")!.agents).toEqual(["a1", "a2"]);
  });

  it("C4: MUST preview adding a menu key: the calls that pressed it before would now reach the new queue", async () => {
    const t = await testOps();
    const leg = t.telephony.call("01055550008", "1588");
    await t.advance(2000);
    leg.press("2");
    await t.advance(500);
    leg.remoteHangup();
    await t.advance(1000);
    const add = await t.admin.post("/admin/services/demo/menu?lang=en", { digit: "2", kind: "queue", name: "Sales" });
    expect(add.status).toBe(200);
    const html = await add.text();
    expect(html).toContain("left in the menu (no choice)");
    expect(html).toContain("queue &quot;Sales&quot; (agents: no agents)");
    expect(t.repos.queues.list("demo")).toHaveLength(1);
    expect((await t.admin.post("/admin/services/demo/menu", { digit: "2", kind: "queue", name: "Sales", confirm: "1" })).status).toBe(303);
    expect(t.repos.queues.list("demo")).toHaveLength(2);
  });
});
