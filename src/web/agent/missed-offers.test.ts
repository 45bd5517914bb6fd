import { describe, expect, it } from "bun:test";
import { consoleClient, testConsole } from "./test-console.ts";

describe("the console shows the offers an agent missed and why (issue 17 point 3)", () => {
  it("A2: MUST list an unanswered offer with how long it rang and what followed, in Korean and English", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    expect(await (await c.get("/agent/?lang=en")).text()).toContain("No missed offers.");
    await c.post("/agent/state", { state: "ready" });
    await t.queueCall("01066667777");
    await t.advance(Number(t.admin.flows.read("demo").ringTimeoutSeconds) * 1000 + 1000);
    const en = await (await c.get("/agent/?lang=en")).text();
    expect(en).toContain('data-testid="missed-offers"');
    expect(en).toMatch(/a1: rang \d+ s, no answer → away \(no answer\)/);
    const ko = await (await c.get("/agent/")).text();
    expect(ko).toMatch(/a1: 벨 \d+초, 응답 없음/);
    // Another agent's console does not show a1's missed offers.
    const other = await consoleClient(t, "a2", t.pw.a2);
    expect(await (await other.get("/agent/?lang=en")).text()).toContain("No missed offers.");
  });
});
