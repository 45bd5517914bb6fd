import { describe, expect, it } from "bun:test";
import { consoleClient, testConsole } from "./test-console.ts";

describe("the console when the agent's phone is gone (issue 17 point 1)", () => {
  it("A2: MUST say the agent is unreachable and why, and bring back the state they had; picking ready meanwhile waits for the phone", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    await c.post("/agent/state", { state: "ready" }, { "HX-Request": "true" });
    t.cc.agents.deviceChanged("1001", false, "sip: WebSocket closed");
    const en = await (await c.get("/agent/?lang=en")).text();
    expect(en).toContain('data-state="unreachable"');
    expect(en).toContain("Phone unreachable");
    expect(en).toMatch(/data-testid="unreachable"[\s\S]*?\(sip: WebSocket closed\)/);
    const ko = await (await c.get("/agent/?lang=ko")).text();
    expect(ko).toContain("단말 연결끊김");
    const pick = await c.post("/agent/state", { state: "ready" }, { "HX-Request": "true" });
    expect(pick.status).toBe(200);
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "unreachable", returnTo: { state: "ready" } });
    t.cc.agents.deviceChanged("1001", true, "sip: registered");
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "ready", cause: "sip: registered" });
    expect(await (await c.get("/agent/?lang=en")).text()).not.toContain('data-testid="unreachable"');
  });
});
