import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { recordAgentStates } from "../org/agent-state-recorder.ts";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

/** 2026-03-04 10:00 in Seoul; a1 ready (agent), then changes at known minutes. */
async function day() {
  const t = testCenter({ ringTimeoutSeconds: 20 }, Date.UTC(2026, 2, 4, 1, 0));
  recordAgentStates(t.cc.agents, t.repos, silentLogger);
  for (const id of ["a1", "a2", "a3"]) t.cc.login("demo", id);
  t.cc.setState("demo", "a1", "ready");
  await advance(t.clock, 60_000);
  t.cc.setState("demo", "a1", "away", "meal", "admin: boss");
  return t;
}

describe("an agent's day as a timeline (issue 17 point 2)", () => {
  it("A2: MUST give the day's state bands with the reason and cause of each", async () => {
    const t = await day();
    await advance(t.clock, 120_000);
    t.cc.agents.deviceChanged("1001", false, "sip: no answer to OPTIONS");
    await advance(t.clock, 30_000);
    t.cc.agents.deviceChanged("1001", true, "sip: OPTIONS answered");
    const d = t.cc.agents.day("demo", "a1");
    expect(d.date).toBe("2026-03-04");
    const bands = d.bands.filter((b) => b.state !== "logged-out").map((b) => [b.state, b.reason, b.cause, Math.round((b.to - b.from) / 1000)]);
    expect(bands.slice(-4, -1), JSON.stringify(d.bands)).toEqual([
      ["ready", null, "agent", 60],
      ["away", "meal", "admin: boss", 120],
      ["unreachable", null, "sip: no answer to OPTIONS", 30],
    ]);
    expect(d.bands.at(-1)).toMatchObject({ state: "away", reason: "meal", cause: "sip: OPTIONS answered" });
    t.cc.close();
  });

  it("A2: MUST answer a clear 400 for a malformed date and 404 for an unknown agent, the board unharmed", async () => {
    const t = await day();
    expect(() => t.cc.agents.day("demo", "a1", "2026-02-30")).toThrow("date must be YYYY-MM-DD");
    expect(() => t.cc.agents.day("demo", "a1", "yesterday")).toThrow("date must be YYYY-MM-DD");
    expect(() => t.cc.agents.day("demo", "nobody")).toThrow("no such agent");
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "meal" });
    t.cc.close();
  });
});

describe("capacity leak (issue 17 point 2)", () => {
  it("C5: MUST count minutes away or unreachable only while a caller waited", async () => {
    const t = await day(); // a1 away (meal) from 10:01
    t.cc.setState("demo", "a2", "away", "break");
    t.cc.agents.deviceChanged("1003", false, "sip: WebSocket closed"); // a3 was away (login) → unreachable
    await advance(t.clock, 60_000); // nobody waits yet: no leak
    const caller = await t.queueCall();
    await advance(t.clock, 120_000); // a caller waits 2 min (and a bit of ARS before)
    t.cc.setState("demo", "a2", "ready");
    await advance(t.clock, 1_000);
    t.telephony.ringing("1002")!.remoteAnswer();
    await advance(t.clock, 5_000);
    caller.remoteHangup();
    await advance(t.clock, 1_000);
    const { agents } = t.cc.agents.leaks("demo");
    const by = Object.fromEntries(agents.map((a) => [a.loginId, a]));
    expect(by.a1!.awayMinutes).toBeGreaterThanOrEqual(2);
    expect(by.a1!.awayMinutes).toBeLessThan(2.2);
    expect(by.a3!.unreachableMinutes).toBeGreaterThanOrEqual(2);
    expect(by.a3!.awayMinutes).toBe(0); // unreachable is not away
    expect(by.a2!.totalMinutes).toBeGreaterThanOrEqual(2);
    expect(t.cc.agents.day("demo", "a1").waitingMinutes).toBeGreaterThanOrEqual(2);
    t.cc.close();
  });
});
