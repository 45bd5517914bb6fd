import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";

describe("call records say who ended a call and why (C11)", () => {
  it("C11: MUST record the agent's BYE on an answered queue call, with millisecond times", async () => {
    const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
    for (const a of ["a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall("01012340000");
    await advance(t.clock, 1234);
    const agentLeg = t.telephony.ringing("1001")!;
    agentLeg.remoteAnswer();
    await flush();
    t.clock.advance(5678);
    agentLeg.remoteHangup();
    await flush();
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(c).toMatchObject({ result: "answered", hangupBy: "agent", endReason: "bye" });
    expect(c!.endedAt! - c!.answeredAt!).toBe(5678);
    expect(caller.state).toBe("ended");
  });

  it("C11: MUST record the caller's hang-up while waiting as abandoned by the caller's BYE, offers that rang not deciding it", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall("01012340001");
    await advance(t.clock, 500);
    expect(t.telephony.ringing("1001")).toBeDefined(); // offered and ringing
    caller.remoteHangup();
    await flush();
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(c).toMatchObject({ result: "abandoned", hangupBy: "caller", endReason: "bye" });
    const legs = t.cc.call(c!.callId)!.legs;
    expect(legs.find((l) => l.role === "agent")?.endCause).toBe("cancel");
  });

  it("C11: MUST record a call the appliance ended at shutdown as such", async () => {
    const t = testCenter();
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    await t.queueCall("01012340002");
    t.cc.close();
    await flush();
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(c).toMatchObject({ result: "failed", hangupBy: "system", endReason: "shutdown" });
  });

  it("C11: MUST record a call the appliance ended because its 200 OK was never acknowledged as no-ack, ended by the system (not the caller)", async () => {
    const t = testCenter();
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    const caller = await t.queueCall("01012340003");
    await advance(t.clock, 32_000);
    caller.end({ by: "local", cause: "no-ack" });
    await flush();
    const [c] = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(c).toMatchObject({ hangupBy: "system", endReason: "no-ack" });
    expect(t.cc.call(c!.callId)!.legs.find((l) => l.role === "caller")).toMatchObject({ endBy: "local", endCause: "no-ack" });
  });
});
