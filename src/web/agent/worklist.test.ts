import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { consoleClient, testConsole } from "./test-console.ts";

describe("lost callers on the agent console (issue 15)", () => {
  it("issue 15: MUST show an agent the service's lost callers once per number and take a callback in one click, logged with the agent", async () => {
    const t = testConsole();
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    for (const from of ["01088880001", "010-8888-0001"]) {
      const leg = await t.queueCall(from);
      await t.advance(2000);
      leg.remoteHangup();
      await t.flush();
    }
    const c = await consoleClient(t, "a2", t.pw.a2);
    const page = await (await c.get("/agent/worklist?lang=en")).text();
    expect([...page.matchAll(/data-number="([^"]+)"/g)].map((m) => m[1])).toEqual(["010-8888-0001"]);
    expect(page).toContain("Abandoned · 2");
    const res = await c.post("/agent/worklist/callback?lang=en", { number: "010-8888-0001" }, { "HX-Request": "true" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Callback requested for 010-8888-0001.");
    const [cb] = t.cc.callbacks("demo");
    expect(cb).toMatchObject({ number: "010-8888-0001", state: "requested", agent: "a2" });
    expect(html).toContain(`data-callback="${cb!.id}"`);
  });

  it("issue 15: MUST refuse a callback for something that is not a number, with its message", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const res = await c.post("/agent/worklist/callback?lang=en", { number: "x" }, { "HX-Request": "true" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('data-error="format"');
    expect(t.cc.callbacks("demo")).toHaveLength(0);
  });

  it("issue 8, O1: the callbacks tab MUST link to the lost callers, and both MUST be gone when the contract has no callbacks", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const tab = await (await c.get("/agent/callbacks?lang=ko")).text();
    expect(tab).toContain('href="/agent/worklist"');
    expect(tab).toContain("미연결 고객");
    expect((await c.get("/agent/worklist")).status).toBe(200);
    t.admin.services.contract(SYSTEM, "demo", { features: ["phone"], licences: 10 });
    expect(await (await c.get("/agent/callbacks?lang=en")).text()).not.toContain('href="/agent/worklist"');
    expect((await c.get("/agent/worklist")).status).toBe(404);
    expect((await c.post("/agent/worklist/callback", { number: "01088880001" })).status).toBe(404);
    expect(t.cc.callbacks("demo")).toHaveLength(0);
  });
});
