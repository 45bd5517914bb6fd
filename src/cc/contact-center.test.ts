import { describe, expect, it } from "bun:test";
import { testCenter } from "./test-center.ts";
import { advance, flush } from "./test-clock.ts";

describe("ContactCenter: ACD (C5–C8) and records (C11)", () => {
  it("C5: MUST offer a waiting caller to the longest-idle ready agent", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a2", "ready");
    await advance(t.clock, 1000);
    t.cc.setState("demo", "a1", "ready");
    await advance(t.clock, 1000);
    const caller = await t.queueCall();
    expect(caller.playedIds).toContain("connecting");
    expect(t.telephony.dialled.map((l) => l.to)).toEqual(["1002"]);
    expect(t.cc.agentState("demo", "a2").state).toBe("ringing");
  });

  it("C5: MUST set an agent away who does not answer within the ring timeout and ring the next", async () => {
    const t = testCenter({ ringTimeoutSeconds: 10 });
    t.cc.setState("demo", "a1", "ready");
    await advance(t.clock, 1000);
    t.cc.setState("demo", "a2", "ready");
    await t.queueCall();
    expect(t.telephony.ringing("1001")).toBeDefined();
    await advance(t.clock, 10_000);
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "no-answer" });
    expect(t.telephony.ringing("1002")).toBeDefined();
  });

  it("C5: MUST ring all ready agents with ring-all and withdraw the others when one answers", async () => {
    const t = testCenter({ strategy: "ring-all" });
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "ready");
    const caller = await t.queueCall();
    expect(t.telephony.dialled.map((l) => l.to).sort()).toEqual(["1001", "1002", "1003"]);
    t.telephony.ringing("1003")!.remoteAnswer();
    await flush();
    expect(t.cc.agentStates("demo").map((a) => a.state)).toEqual(["ready", "ready", "on-call"]);
    expect(t.telephony.bridges[0]!.a).toBe(caller);
  });

  it("C5: MUST hold music while waiting with nobody ready, and offer when an agent becomes ready", async () => {
    const t = testCenter();
    const caller = await t.queueCall();
    await advance(t.clock, 4000);
    expect(caller.playing).toBe("tone:hold");
    t.cc.setState("demo", "a3", "ready");
    await flush();
    expect(t.telephony.ringing("1003")).toBeDefined();
    expect(caller.playing).toBe("tone:ringback");
  });

  it("C6: MUST play the delay prompt when waiting passes the threshold, repeatedly", async () => {
    const t = testCenter({ delayThresholdSeconds: 30, delayRepeatSeconds: 20 });
    const caller = await t.queueCall();
    await advance(t.clock, 29_000);
    expect(caller.playedIds.filter((p) => p === "delay")).toHaveLength(0);
    await advance(t.clock, 1_000);
    expect(caller.playedIds.filter((p) => p === "delay")).toHaveLength(1);
    await advance(t.clock, 4_000);
    expect(caller.playing).toBe("tone:hold");
    await advance(t.clock, 40_000);
    expect(caller.playedIds.filter((p) => p === "delay")).toHaveLength(3);
  });

  it("C7: MUST offer the callback, naming its key, after the connecting prompt and after every delay announcement", async () => {
    const t = testCenter({ delayThresholdSeconds: 30, delayRepeatSeconds: 20 });
    const caller = await t.queueCall();
    await advance(t.clock, 55_000);
    const heard = caller.playedIds.filter((p) => !["greeting", "menu", "tone:hold"].includes(p));
    expect(heard).toEqual(["connecting", "callback-offer", "delay", "callback-offer", "delay", "callback-offer"]);
    expect(caller.playing).toBe("tone:hold");
  });

  it("C7: MUST NOT offer a callback in a queue without callback", async () => {
    const t = testCenter();
    t.repos.queues.remove("demo", "main");
    t.repos.queues.create({ serviceId: "demo", queueId: "main", name: "Main", digit: "1", callback: false });
    const caller = await t.queueCall();
    await advance(t.clock, 5000);
    expect(caller.playedIds).toContain("connecting");
    expect(caller.playedIds).not.toContain("callback-offer");
  });

  it("C7: MUST record a callback request when the caller presses the callback key", async () => {
    const t = testCenter();
    const caller = await t.queueCall("01099998888");
    caller.press("*");
    await advance(t.clock, 2500);
    expect(caller.playedIds.at(-1)).toBe("callback-accepted");
    expect(caller.state).toBe("ended");
    const [cb] = t.cc.callbacks("demo");
    expect(cb).toMatchObject({ number: "01099998888", queueId: "main", state: "requested" });
    expect(cb!.log.map((l) => l.state)).toEqual(["requested"]);
    expect(t.cc.calls("demo", 0, Date.now() * 2)[0]!.result).toBe("callback");
    t.cc.callbackList.complete("demo", cb!.id, "a1");
    expect(t.cc.callbacks("demo")[0]!.log.map((l) => [l.state, l.agent])).toEqual([["requested", null], ["completed", "a1"]]);
  });

  it("C7: MUST ignore the callback key in a queue without callback", async () => {
    const t = testCenter({ menu: [{ digit: "1", kind: "queue", queueId: "main", callback: false }] });
    const caller = await t.queueCall();
    caller.press("*");
    await flush();
    expect(t.cc.callbacks("demo")).toEqual([]);
    expect(caller.state).toBe("answered");
  });

  it("C8: MUST count a caller who hangs up while waiting as abandoned, short ones apart", async () => {
    const t = testCenter();
    const quick = await t.queueCall("0101");
    await advance(t.clock, 2000);
    quick.remoteHangup();
    const slow = await t.queueCall("0102");
    await advance(t.clock, 30_000);
    slow.remoteHangup();
    await flush();
    const calls = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(calls.map((c) => [c.result, c.hangupBy])).toEqual([["abandoned", "caller"], ["abandoned", "caller"]]);
    const [row] = t.cc.stats("demo", "queue", 0, t.clock.now() + 1);
    expect(row).toMatchObject({ key: "main", offered: 2, abandoned: 1, shortAbandoned: 1, answered: 0 });
  });

  it("C11: MUST write a call record with queue, agent, wait and talk time", async () => {
    const t = testCenter({ wrapUpSeconds: 10, stateAfterCall: "ready" });
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall();
    await advance(t.clock, 3000);
    const agentLeg = t.telephony.ringing("1001")!;
    agentLeg.remoteAnswer();
    await advance(t.clock, 60_000);
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    caller.remoteHangup();
    await flush();
    expect(agentLeg.state).toBe("ended");
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(c).toMatchObject({ queueId: "main", agent: "a1", result: "answered", hangupBy: "caller", waitSeconds: 3, talkSeconds: 60 });
    expect(c!.recordingPath).toMatch(/^\/tmp\/cc-test-recordings\/2026\/03\/c\w+\.wav$/);
    const detail = t.cc.call(c!.callId)!;
    expect(detail.legs.map((l) => l.role)).toEqual(["caller", "agent"]);
    expect(detail.events.map((e) => e.event)).toEqual(["enter", "offer", "answer"]);
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    await advance(t.clock, 10_000);
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
  });

  it("C11: MUST store the wrap-up seconds on the call after the agent leaves wrap-up", async () => {
    const t = testCenter({ wrapUpSeconds: 10, stateAfterCall: "ready" });
    t.cc.setState("demo", "a1", "ready");
    const answer = async () => {
      const caller = await t.queueCall();
      t.telephony.ringing("1001")!.remoteAnswer();
      await advance(t.clock, 20_000);
      caller.remoteHangup();
      await flush();
      return t.cc.calls("demo", 0, t.clock.now() + 1).at(-1)!.callId;
    };
    // The timer ends the wrap-up.
    const first = await answer();
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    expect(t.repos.calls.get(first)!.wrapUpSeconds).toBeNull();
    await advance(t.clock, 10_000);
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
    expect(t.repos.calls.get(first)!.wrapUpSeconds).toBe(10);
    // The agent picks ready before the timer (A6: notes saved, ready).
    const second = await answer();
    await advance(t.clock, 4_000);
    t.cc.setState("demo", "a1", "ready");
    expect(t.repos.calls.get(second)!.wrapUpSeconds).toBe(4);
    await advance(t.clock, 10_000);
    expect(t.repos.calls.get(second)!.wrapUpSeconds).toBe(4);
    const [row] = t.cc.stats("demo", "agent", 0, t.clock.now() + 1);
    expect(row).toMatchObject({ key: "a1", answered: 2, avgWrapUpSeconds: 7 });
  });

  it("C11: MUST store the wrap-up seconds when the agent stays in wrap-up until choosing away, and 0 without wrap-up", async () => {
    const t = testCenter({ wrapUpSeconds: 10, stateAfterCall: "wrap-up" });
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall();
    t.telephony.ringing("1001")!.remoteAnswer();
    await flush();
    caller.remoteHangup();
    await flush();
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    await advance(t.clock, 95_000);
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    t.cc.setState("demo", "a1", "away", "meal");
    expect(t.repos.calls.get(c!.callId)!.wrapUpSeconds).toBe(95);

    const u = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
    u.cc.setState("demo", "a1", "ready");
    const other = await u.queueCall();
    u.telephony.ringing("1001")!.remoteAnswer();
    await flush();
    other.remoteHangup();
    await flush();
    expect(u.cc.agentState("demo", "a1").state).toBe("ready");
    expect(u.cc.calls("demo", 0, u.clock.now() + 1)[0]!.wrapUpSeconds).toBe(0);
  });

  it("A2: MUST refuse a state change while on a call", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a1", "ready");
    await t.queueCall();
    t.telephony.ringing("1001")!.remoteAnswer();
    await flush();
    expect(() => t.cc.setState("demo", "a1", "away", "meal")).toThrow("no state change while on a call");
  });

  it("A2: MUST apply desk-phone feature codes and confirm them", () => {
    const t = testCenter();
    expect(t.cc.featureCode("1001", "*21")).toMatchObject({ id: "custom:agent-ready" });
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
    expect(t.cc.featureCode("1001", "*222")).toMatchObject({ id: "custom:agent-away" });
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "meal" });
    expect(t.cc.featureCode("1001", "*20")).toMatchObject({ id: "custom:agent-logged-out" });
    expect(t.cc.featureCode("9999", "*21")).toMatchObject({ id: "custom:feature-refused" });
  });

  it("C11: MUST close calls left open by a crash as interrupted", async () => {
    const t = testCenter();
    await t.queueCall();
    const { ContactCenter } = await import("./contact-center.ts");
    const { FakeTelephony } = await import("../telephony/testing/fake-telephony.ts");
    const { silentLogger } = await import("../lib/index.ts");
    const restarted = new ContactCenter({ telephony: new FakeTelephony(t.clock), repos: t.repos, clock: t.clock, log: silentLogger });
    expect(restarted.recoverAfterCrash()).toBe(1);
    expect(restarted.calls("demo", 0, t.clock.now() + 1)[0]!.result).toBe("interrupted");
  });

  it("D1–D6: MUST report live figures: lines, waiting callers, agents in state, today's calls per hour", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a1", "away", "meal");
    await t.queueCall();
    await advance(t.clock, 5000);
    const live = t.cc.live("demo");
    expect(live.resources.linesInUse).toBe(1);
    expect(live.waiting).toEqual([{ queueId: "main", waiting: 1, longestWaitMs: 5000 }]);
    expect(live.agents.counts).toEqual({ away: 1, "logged-out": 2 });
    expect(live.agents.list[0]).toMatchObject({ loginId: "a1", reason: "meal", secondsInState: 7 });
    expect(live.inboundTrend.today[10]).toBe(1);
    expect(live.queues[0]).toMatchObject({ key: "main", offered: 1 });
  });
});
