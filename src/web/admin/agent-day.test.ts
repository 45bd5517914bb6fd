import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { recordAgentStates } from "../../cc/org/agent-state-recorder.ts";
import { testOps } from "./test-ops.ts";

/** a1 away (break) while a caller waits 2 min, then answers; a2's phone goes and comes back. */
async function dayWithLeak() {
  const t = await testOps();
  recordAgentStates(t.cc.agents, t.repos, silentLogger);
  t.cc.login("demo", "a2");
  t.cc.setState("demo", "a2", "ready");
  t.cc.agents.deviceChanged("1002", false, "sip: registration expired 2026-03-04T01:00:00Z");
  await t.answeredCall("01011112222", 120_000, 30_000);
  t.cc.agents.deviceChanged("1002", true, "sip: registered");
  return t;
}

describe("an agent's day in the pages (issue 17 point 2)", () => {
  it("A2: MUST show the day's state bands with causes and every agent's capacity leak, in Korean and English", async () => {
    const t = await dayWithLeak();
    const ko = await (await t.admin.get("/admin/services/demo/history/agent-day?agent=a1")).text();
    expect(ko).toContain("상담사 하루 타임라인");
    expect(ko).toContain('data-testid="agent-timeline"');
    expect(ko).toContain("call: answered");
    expect(ko).toContain("자리비움");
    const en = await (await t.admin.get("/admin/services/demo/history/agent-day?agent=a2&lang=en")).text();
    expect(en).toContain("Agent&#39;s day");
    expect(en).toContain("Unreachable");
    expect(en).toContain("sip: registration expired 2026-03-04T01:00:00Z");
    expect(en).toMatch(/data-agent="a1"[\s\S]*?<strong>2<\/strong>/);
    expect(en).toMatch(/data-agent="a2"[\s\S]*?Unreachable \(min\)">2<\/td>/);
    expect(t.repos.audit.list("demo", 5).map((a) => a.target)).toContain("history/agent-day?agent=a2&date=2026-03-04");
  });

  it("A2: MUST say a malformed date or an unknown agent in words (400), still showing today's figures", async () => {
    const t = await dayWithLeak();
    const bad = await t.admin.get("/admin/services/demo/history/agent-day?agent=a1&date=2026-13-40&lang=en");
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("date must be YYYY-MM-DD");
    expect(html).toContain('data-testid="capacity-leak"');
    const nobody = await t.admin.get("/admin/services/demo/history/agent-day?agent=nobody");
    expect(nobody.status).toBe(400);
    expect(await nobody.text()).toContain("no agent &quot;nobody&quot;");
  });
});

describe("an agent's status, day and capacity leak in the API (issue 17 point 2)", () => {
  it("A2: MUST give the live state with its cause, the day's bands and the leak", async () => {
    const t = await dayWithLeak();
    const st = await t.call("GET", "/services/demo/agents/a2/status");
    expect(st.status).toBe(200);
    expect(st.json).toMatchObject({ loginId: "a2", cause: "sip: registered" });
    const day = await t.call("GET", "/services/demo/agents/a1/day?date=2026-03-04");
    expect(day.status).toBe(200);
    const bands = (day.json as { bands: { state: string; cause: string | null }[] }).bands;
    expect(bands.map((b) => b.state)).toContain("on-call");
    expect(bands.find((b) => b.state === "on-call")?.cause).toBe("call: answered");
    const leak = await t.call("GET", "/services/demo/capacity-leak");
    expect(leak.status).toBe(200);
    const a1 = (leak.json as { agents: { loginId: string; awayMinutes: number }[] }).agents.find((a) => a.loginId === "a1")!;
    expect(a1.awayMinutes).toBeGreaterThanOrEqual(2);
  });

  it("A2: MUST refuse a bad date with 400 and an unknown agent with 404, changing nothing", async () => {
    const t = await dayWithLeak();
    const before = t.cc.agentState("demo", "a1");
    expect((await t.call("GET", "/services/demo/agents/a1/day?date=yesterday")).status).toBe(400);
    expect((await t.call("GET", "/services/demo/capacity-leak?date=2026-02-30")).status).toBe(400);
    expect((await t.call("GET", "/services/demo/agents/nobody/status")).status).toBe(404);
    expect(t.cc.agentState("demo", "a1")).toEqual(before);
  });
});

describe("the dashboard (issue 17 point 1)", () => {
  it("C5: MUST count unreachable agents apart from away ones and say why each is unreachable", async () => {
    const t = await testOps();
    t.cc.login("demo", "a2");
    t.cc.setState("demo", "a2", "ready");
    t.cc.agents.deviceChanged("1002", false, "sip: no answer to OPTIONS (2 probes)");
    const html = await (await t.admin.get("/admin/services/demo/dashboard?lang=en")).text();
    expect(html).toMatch(/id="state-unreachable"[\s\S]*?<strong[^>]*>1<\/strong>/);
    expect(html).toContain('data-testid="state-cause"> · sip: no answer to OPTIONS (2 probes)</small>');
  });
});
