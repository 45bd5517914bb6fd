import { describe, expect, it } from "bun:test";
import type { FakeCallLeg } from "../../telephony/testing/fake-telephony.ts";
import { RuleError, type Actor } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";

const a1: Actor = { kind: "agent", id: "a1", ip: "192.0.2.9" };

function withTrunk(flow = {}) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready", ...flow });
  t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [{ number: "15880000", serviceId: "demo" }] });
  t.cc.setState("demo", "a1", "away", "break");
  return t;
}

/** The console dials: a1's phone rings and answers; returns the far-end leg and the call id. */
async function dialled(t: ReturnType<typeof withTrunk>, number = "0212345678", callbackId?: number) {
  const { callId } = t.admin.calls.dial(a1, "demo", "a1", { number, ...(callbackId ? { callbackId } : {}) });
  const agentLeg = t.telephony.ringing("1001")!;
  agentLeg.remoteAnswer();
  await flush();
  const far = t.telephony.dialled.at(-1)!;
  return { callId, agentLeg, far };
}

function refusal(op: () => unknown): Record<string, string> | undefined {
  try {
    op();
  } catch (e) {
    if (e instanceof RuleError) return e.fields;
    throw e;
  }
  throw new Error("not refused");
}

describe("outbound calls from the console (C9, A4)", () => {
  it("C9/A4: MUST ring the agent first, then the number through the trunk with the service's caller ID, ringback until answered", async () => {
    const t = withTrunk();
    const { callId } = t.admin.calls.dial(a1, "demo", "a1", { number: "02-1234-5678" });
    expect(t.cc.agentState("demo", "a1").state).toBe("dialing");
    expect(t.telephony.trunkCalls).toHaveLength(0);
    const agentLeg = t.telephony.ringing("1001")!;
    expect(agentLeg.from).toBe("0212345678");
    agentLeg.remoteAnswer();
    await flush();
    expect(t.telephony.trunkCalls).toEqual([{ number: "0212345678", callerId: "1588", trunk: { host: "192.0.2.1", port: 5060, transport: "udp", trunkId: expect.any(String), assertIdentity: true } }]);
    expect(agentLeg.playing).toBe("tone:ringback");
    const far = t.telephony.dialled.at(-1)!;
    await advance(t.clock, 3000);
    far.remoteAnswer();
    await flush();
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    expect(t.telephony.bridges[0]).toMatchObject({ a: far, b: agentLeg });
    expect(t.admin.calls.current("demo", "a1")?.state).toBe("talking");
    await advance(t.clock, 4000);
    far.remoteHangup();
    await flush();
    const call = t.cc.call(callId)!;
    expect(call).toMatchObject({ direction: "outbound", from: "1588", to: "0212345678", agent: "a1", result: "answered", hangupBy: "caller", waitSeconds: 3, talkSeconds: 4 });
    expect(call.legs.map((l) => [l.role, l.party, l.endCause])).toEqual([["agent", "1001", "bye"], ["caller", "0212345678", "bye"]]);
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
    expect(t.repos.audit.list("demo").map((e) => [e.action, e.loginId, e.actorKind])).toContainEqual(["dial", "a1", "agent"]);
  });

  it("C9: MUST end busy, unanswered, rejected and unreachable calls each with a tone and its own result", async () => {
    const cases: [string, (far: FakeCallLeg) => void, string, string][] = [
      ["busy", (far) => far.reject(486), "tone:busy", "caller"],
      ["no-answer", () => {}, "tone:congestion", "system"],
      ["rejected", (far) => far.reject(603), "tone:congestion", "caller"],
      ["unreachable", (far) => far.end({ by: "remote", cause: "rejected", status: 503 }), "tone:congestion", "caller"],
    ];
    for (const [result, fail, tone, hangupBy] of cases) {
      const t = withTrunk();
      const { callId, agentLeg, far } = await dialled(t);
      fail(far);
      await advance(t.clock, result === "no-answer" ? 60_000 : 0);
      expect(agentLeg.playing, result).toBe(tone);
      expect(t.cc.call(callId), result).toMatchObject({ result, hangupBy, talkSeconds: 0 });
      await advance(t.clock, 4000);
      expect(agentLeg.state, result).toBe("ended");
      expect(t.cc.agentState("demo", "a1"), result).toMatchObject({ state: "away", reason: "break" });
      expect(t.cc.agentCalls.size).toBe(0);
      expect(t.telephony.liveLegs(), result).toBe(0);
    }
  });

  it("C9/A4: MUST refuse international and premium-rate numbers, and dialling with no trunk, while on a call or signed out", async () => {
    const t = withTrunk();
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { number: "001 1 555 123 4567" }))).toEqual({ number: "international" });
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { number: "+14155550100" }))).toEqual({ number: "international" });
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { number: "060-700-1234" }))).toEqual({ number: "premiumNumber" });
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { number: "02#12" }))).toEqual({ number: "format" });
    expect(t.telephony.dialled).toHaveLength(0);
    expect(t.repos.audit.list("demo").filter((e) => e.action === "dial")).toHaveLength(0);
    await dialled(t);
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { number: "0311112222" }))).toEqual({ _form: "agentBusy" });
    t.cc.logout("demo", "a2");
    expect(refusal(() => t.admin.calls.dial({ kind: "agent", id: "a2" }, "demo", "a2", { number: "0311112222" }))).toEqual({ _form: "signedOut" });
    const bare = testCenter();
    bare.cc.setState("demo", "a1", "ready");
    expect(refusal(() => bare.admin.calls.dial(a1, "demo", "a1", { number: "0212345678" }))).toEqual({ number: "noTrunk" });
  });

  it("C7: MUST link a call back to its callback request: completed when answered, a try counted when not", async () => {
    const t = withTrunk();
    const cb = t.repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: null, number: "01099998888" }, t.clock.now());
    const first = await dialled(t, "", cb.id);
    expect(t.telephony.trunkCalls.at(-1)!.number).toBe("01099998888");
    first.far.reject(486);
    await advance(t.clock, 5000);
    expect(t.repos.callbacks.get(cb.id)).toMatchObject({ state: "requested", tries: 1 });
    const second = await dialled(t, "010-9999-8888", cb.id);
    second.far.remoteAnswer();
    await flush();
    expect(t.repos.callbacks.get(cb.id)).toMatchObject({ state: "completed", agent: "a1" });
    const log = t.repos.callbacks.history(cb.id).map((l) => [l.action, l.note]);
    expect(log).toEqual([["requested", null], ["dialled", first.callId], ["unanswered", first.callId], ["dialled", second.callId], ["completed", second.callId]]);
    second.agentLeg.hangup();
    await flush();
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { callbackId: cb.id }))).toEqual({ callbackId: "callbackClosed" });
  });

  it("A5: MUST cancel the far end when the agent hangs up from the console while it rings", async () => {
    const t = withTrunk();
    const { callId, far } = await dialled(t);
    expect(t.admin.calls.current("demo", "a1")?.state).toBe("dialing");
    t.admin.calls.hangup(a1, "demo", "a1");
    await flush();
    expect(far.endReason).toMatchObject({ by: "local", cause: "cancel" });
    expect(t.cc.call(callId)).toMatchObject({ result: "no-answer", hangupBy: "agent" });
    expect(t.cc.agentState("demo", "a1").state).toBe("away");
  });
});

describe("outbound calls from a desk phone (C9, issue 15)", () => {
  it("C9: MUST not answer the desk phone before the far end answers, and answer its INVITE with 486 when the far end is busy", async () => {
    const t = withTrunk();
    t.cc.setState("demo", "a1", "ready");
    const phone = t.telephony.call("1001", "0212345678", "1001");
    await flush();
    const far = t.telephony.dialled.at(-1)!;
    expect(phone.state).toBe("ringing");
    far.reject(486);
    await flush();
    expect(phone.endReason).toMatchObject({ cause: "busy" });
    const [call] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(call).toMatchObject({ direction: "outbound", result: "busy" });
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
  });

  it("C9/C7: MUST answer the desk phone only when the far end answers, and complete an open callback for that number", async () => {
    const t = withTrunk();
    t.cc.setState("demo", "a1", "ready");
    const cb = t.repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: null, number: "0212345678" }, t.clock.now());
    const phone = t.telephony.call("1001", "0212345678", "1001");
    await flush();
    t.telephony.dialled.at(-1)!.remoteAnswer();
    await flush();
    expect(phone.state).toBe("answered");
    expect(t.repos.callbacks.get(cb.id)!.state).toBe("completed");
    t.admin.calls.hold(a1, "demo", "a1");
    expect(t.telephony.dialled.at(-1)!.playing).toBe("tone:hold");
  });
});
