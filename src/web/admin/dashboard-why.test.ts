import { describe, expect, it } from "bun:test";
import { readSse, testOps } from "./test-ops.ts";

describe("the dashboard answers 'why is this caller still waiting?' (issue 17 point 3)", () => {
  it("D5: MUST list each waiting caller with every agent of the queue and why, on the page and in the live stream", async () => {
    const t = await testOps();
    t.cc.setState("demo", "a1", "away", "meal");
    t.cc.setState("demo", "a2", "wrap-up");
    await t.queueCall("01077778888");
    await t.advance(2000);
    const en = await (await t.admin.get("/admin/services/demo/dashboard?lang=en")).text();
    expect(en).toContain("Why is this caller still waiting?");
    expect(en).toContain("01077778888");
    expect(en).toMatch(/a1: away: meal \(since \d\d:\d\d\)/);
    expect(en).toMatch(/a2: wrap-up since \d\d:\d\d \(until the agent leaves it\)/);
    expect(en).toMatch(/a3: logged out/);
    const ko = await (await t.admin.get("/admin/services/demo/dashboard")).text();
    expect(ko).toContain("왜 아직 기다리나요?");
    expect(ko).toMatch(/a1: 자리 비움: 식사/);
    const res = await t.admin.get("/admin/services/demo/dashboard/events");
    const live = await readSse(res, (text) => text.includes("event: panels"));
    expect(live).toContain("a2: 후처리 중");
  });
});
