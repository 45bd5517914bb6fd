import { describe, expect, it } from "bun:test";
import type { FakeCallLeg } from "../../telephony/testing/fake-telephony.ts";
import { RuleError, type Actor } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";

const agent = (id: string): Actor => ({ kind: "agent", id, ip: "192.0.2.9" });

/** a1 answers a caller from the queue; a2 is ready for transfers. */
async function connectedCall(flow = {}) {
  const t = testCenter({ ringTimeoutSeconds: 10, wrapUpSeconds: 0, ...flow });
  t.cc.setState("demo", "a1", "ready");
  const caller = await t.queueCall("01012345678");
  const a1 = t.telephony.ringing("1001")!;
  a1.remoteAnswer();
  await advance(t.clock, 5000);
  t.cc.setState("demo", "a2", "ready");
  const bridge = t.telephony.bridges[0]!;
  const callId = t.cc.calls("demo", 0, t.clock.now() + 1)[0]!.callId;
  return { ...t, caller, a1, bridge, callId };
}

function refusal(op: () => unknown): { status: number; code: string; fields?: Record<string, string> } {
  try {
    op();
  } catch (e) {
    if (e instanceof RuleError) return { status: e.status, code: e.code, fields: e.fields };
    throw e;
  }
  throw new Error("not refused");
}

describe("in-call controls (C10, M7, A5)", () => {
  it("C10/M7: MUST play hold music to the caller at once on hold, re-INVITE the agent leg, and restore the bridge on resume", async () => {
    const t = await connectedCall();
    const view = t.admin.calls.hold(agent("a1"), "demo", "a1");
    expect(view.state).toBe("held");
    expect(t.caller.playing).toBe("tone:hold");
    expect(t.bridge.held?.listener).toBe(t.caller);
    expect(t.a1.held).toBe(true);
    await advance(t.clock, 3000);
    expect(t.admin.calls.resume(agent("a1"), "demo", "a1").state).toBe("talking");
    expect(t.bridge.relaying).toBe(true);
    expect(t.caller.playing).toBeUndefined();
    expect(t.a1.held).toBe(false);
    const events = t.cc.call(t.callId)!.events.map((e) => [e.event, e.detail]);
    expect(events).toContainEqual(["hold", "console"]);
    expect(events).toContainEqual(["resume", "console"]);
    const audit = t.repos.audit.list("demo").map((a) => [a.action, a.loginId, a.actorKind]);
    expect(audit).toContainEqual(["hold", "a1", "agent"]);
  });

  it("T8/M7: MUST play hold music to the caller when the agent's desk phone holds (re-INVITE a=sendonly), and stop it when the phone resumes", async () => {
    const t = await connectedCall();
    t.a1.remoteHold(true);
    expect(t.caller.playing).toBe("tone:hold");
    expect(t.admin.calls.current("demo", "a1")?.state).toBe("held");
    t.a1.remoteHold(false);
    expect(t.bridge.relaying).toBe(true);
    expect(t.cc.call(t.callId)!.events.filter((e) => e.event === "hold").map((e) => e.detail)).toEqual(["phone"]);
  });

  it("M7: MUST play hold music to the agent when the caller's phone holds", async () => {
    const t = await connectedCall();
    t.caller.remoteHold(true);
    expect(t.a1.playing).toBe("tone:hold");
    t.caller.remoteHold(false);
    expect(t.bridge.relaying).toBe(true);
  });

  it("C10: MUST ring a ready agent on blind transfer with ringback to the caller, free the first agent, then bridge and keep both legs", async () => {
    const t = await connectedCall({ wrapUpSeconds: 10, stateAfterCall: "ready" });
    t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a2" });
    expect(t.caller.playing).toBe("tone:ringback");
    expect(t.a1.state).toBe("ended");
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    expect(t.cc.agentState("demo", "a2").state).toBe("ringing");
    const a2 = t.telephony.ringing("1002")!;
    expect(a2.from).toBe("01012345678");
    await advance(t.clock, 2000);
    a2.remoteAnswer();
    await flush();
    expect(t.cc.agentState("demo", "a2").state).toBe("on-call");
    expect(t.bridge.b).toBe(a2);
    expect(t.bridge.relaying).toBe(true);
    expect(t.admin.calls.current("demo", "a2")?.state).toBe("talking");
    expect(t.admin.calls.current("demo", "a1")).toBeUndefined();
    await advance(t.clock, 4000);
    t.caller.remoteHangup();
    await flush();
    const detail = t.cc.call(t.callId)!;
    expect(detail).toMatchObject({ result: "answered", agent: "a1", hangupBy: "caller" });
    expect(detail.talkSeconds).toBe(11);
    const agentLegs = detail.legs.filter((l) => l.role === "agent");
    expect(agentLegs.map((l) => [l.agent, l.endCause])).toEqual([["a1", "transferred"], ["a2", "bye"]]);
    // Talk time per agent, from the legs: a1 5 s, a2 4 s (the 2 s of ringing belong to neither).
    expect(agentLegs.map((l) => (l.endedAt! - l.answeredAt!) / 1000)).toEqual([5, 4]);
    expect(detail.agentTalk).toEqual([{ agent: "a1", seconds: 5 }, { agent: "a2", seconds: 4 }]);
    expect(detail.events.map((e) => e.event)).toContain("transfer");
    expect(t.cc.agentState("demo", "a2").state).toBe("wrap-up");
  });

  it("C10: MUST refuse a transfer to an agent who is not ready, with a rule key the doors translate", async () => {
    const t = await connectedCall();
    t.cc.setState("demo", "a3", "away", "meal");
    expect(refusal(() => t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a3" }))).toMatchObject({ status: 409, fields: { loginId: "agentNotReady" } });
    expect(refusal(() => t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a1" }))).toMatchObject({ fields: { loginId: "transferSelf" } });
    expect(refusal(() => t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "nobody" }))).toMatchObject({ fields: { loginId: "unknown" } });
    expect(refusal(() => t.admin.calls.hold(agent("a2"), "demo", "a2"))).toMatchObject({ status: 409, fields: { _form: "noCall" } });
    expect(t.bridge.relaying).toBe(true);
  });

  it("C10: MUST ring the first agent back when the transfer target does not answer", async () => {
    const t = await connectedCall({ stateAfterCall: "ready" });
    t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a2" });
    await advance(t.clock, 10_000);
    expect(t.cc.agentState("demo", "a2")).toMatchObject({ state: "away", reason: "no-answer" });
    const back = t.telephony.ringing("1001")!;
    expect(back).toBeDefined();
    back.remoteAnswer();
    await flush();
    expect(t.bridge.b).toBe(back);
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
  });

  it("C10: MUST consult a ready agent while the caller hears hold music, then hand the caller over on complete", async () => {
    const t = await connectedCall();
    t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a2", mode: "consult" });
    expect(t.caller.playing).toBe("tone:hold");
    const a2 = t.telephony.ringing("1002")!;
    a2.remoteAnswer();
    await flush();
    const consult = t.telephony.bridges[1]!;
    expect([consult.a, consult.b]).toEqual([t.a1, a2]);
    expect(t.admin.calls.current("demo", "a1")).toMatchObject({ state: "consulting", target: "a2", consultAnswered: true });
    t.admin.calls.completeConsult(agent("a1"), "demo", "a1");
    expect(consult.stopped).toBe(true);
    expect(t.a1.state).toBe("ended");
    expect(t.bridge.b).toBe(a2);
    expect(t.bridge.relaying).toBe(true);
    expect(t.admin.calls.current("demo", "a2")?.state).toBe("talking");
  });

  it("C10: the consulted agent MUST be able to end the consultation from their console; the caller goes back to the first agent", async () => {
    const t = await connectedCall();
    t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a2", mode: "consult" });
    t.telephony.ringing("1002")!.remoteAnswer();
    await flush();
    expect(t.admin.calls.current("demo", "a2")).toMatchObject({ state: "consulting", target: "a1" });
    t.admin.calls.hangup(agent("a2"), "demo", "a2");
    await flush();
    expect(t.admin.calls.current("demo", "a2")).toBeUndefined();
    expect(t.cc.agentState("demo", "a2").state).toBe("ready");
    expect(t.admin.calls.current("demo", "a1")?.state).toBe("talking");
    expect(t.bridge.relaying).toBe(true);
  });

  it("C10: MUST bring the caller back to the first agent when a consultation is cancelled", async () => {
    const t = await connectedCall();
    t.admin.calls.transfer(agent("a1"), "demo", "a1", { loginId: "a2", mode: "consult" });
    t.telephony.ringing("1002")!.remoteAnswer();
    await flush();
    t.admin.calls.cancelConsult(agent("a1"), "demo", "a1");
    await flush();
    expect(t.bridge.b).toBe(t.a1);
    expect(t.bridge.relaying).toBe(true);
    expect(t.cc.agentState("demo", "a2").state).toBe("ready");
    expect(t.admin.calls.current("demo", "a1")?.state).toBe("talking");
  });

  it("A5: MUST end the call when the agent hangs up from the console, recorded as ended by the agent", async () => {
    const t = await connectedCall();
    t.admin.calls.hangup(agent("a1"), "demo", "a1");
    await flush();
    expect(t.caller.state).toBe("ended");
    expect((t.a1 as FakeCallLeg).state).toBe("ended");
    expect(t.cc.call(t.callId)).toMatchObject({ result: "answered", hangupBy: "agent" });
    expect(t.cc.agentCalls.size).toBe(0);
    expect(t.telephony.liveLegs()).toBe(0);
  });
});
