import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

function withTrunk() {
  const t = testCenter();
  t.repos.trunks.create({ name: "carrier", mode: "register", host: "192.0.2.1", port: 5060, transport: "udp", username: "shop", password: "secret", numbers: [{ number: "1588", serviceId: "demo" }] });
  return t;
}

describe("outbound calls (C9, T7)", () => {
  it("C9/T7: MUST place an agent's outside call through the trunk with the service's caller ID and bridge it", async () => {
    const { telephony, cc, repos, clock } = withTrunk();
    const agentLeg = telephony.call("1001", "0212345678", "1001");
    await advance(clock, 0);
    expect(telephony.trunkCalls).toEqual([{ number: "0212345678", callerId: "1588", trunk: { host: "192.0.2.1", port: 5060, transport: "udp", username: "shop", password: "secret", trunkId: expect.any(String), assertIdentity: true } }]);
    expect(cc.agentState("demo", "a1").state).toBe("dialing");
    const far = telephony.dialled.at(-1)!;
    (far as { remoteAnswer(): void }).remoteAnswer();
    await advance(clock, 5000);
    expect(telephony.bridges).toHaveLength(1);
    expect(cc.agentState("demo", "a1").state).toBe("on-call");
    agentLeg.hangup("bye");
    await advance(clock, 0);
    const [call] = repos.calls.list("demo", 0, clock.now() + 1);
    expect(call).toMatchObject({ direction: "outbound", to: "0212345678", from: "1588", agent: "a1", result: "answered" });
    expect(call!.talkSeconds).toBe(5);
  });

  it("C11: MUST store the wrap-up seconds on an outbound call after the agent leaves wrap-up", async () => {
    const { telephony, cc, repos, clock } = withTrunk();
    const agentLeg = telephony.call("1001", "0212345678", "1001");
    await advance(clock, 0);
    (telephony.dialled.at(-1)! as { remoteAnswer(): void }).remoteAnswer();
    await advance(clock, 5000);
    agentLeg.hangup("bye");
    await advance(clock, 0);
    expect(cc.agentState("demo", "a1").state).toBe("wrap-up");
    await advance(clock, 3000);
    cc.setState("demo", "a1", "ready");
    expect(repos.calls.list("demo", 0, clock.now() + 1)[0]!.wrapUpSeconds).toBe(3);
  });

  it("S1: MUST count outbound calls by agent (also an agent who only dialled out) and by service, not by queue", async () => {
    const { telephony, cc, clock } = withTrunk();
    for (const number of ["0212345678", "0312345678"]) {
      const agentLeg = telephony.call("1001", number, "1001");
      await advance(clock, 0);
      (telephony.dialled.at(-1)! as { remoteAnswer(): void }).remoteAnswer();
      await advance(clock, 5000);
      agentLeg.hangup("bye");
      await advance(clock, 0);
      cc.setState("demo", "a1", "ready");
    }
    const to = clock.now() + 1;
    expect(cc.stats("demo", "agent", 0, to)).toEqual([expect.objectContaining({ key: "a1", offered: 0, answered: 0, outbound: 2 })]);
    expect(cc.stats("demo", "agent", 0, to, "day")).toEqual([expect.objectContaining({ key: "a1", period: "2026-03-04", outbound: 2 })]);
    expect(cc.stats("demo", "service", 0, to)).toEqual([expect.objectContaining({ key: null, outbound: 2 })]);
    expect(cc.stats("demo", "queue", 0, to)).toEqual([]);
  });

  it("T7: MUST refuse international numbers", async () => {
    const { telephony, clock } = withTrunk();
    const agentLeg = telephony.call("1001", "0015551234567", "1001");
    await advance(clock, 0);
    expect(telephony.trunkCalls).toHaveLength(0);
    expect(agentLeg.state).toBe("ended");
  });

  it("D3: MUST count today's outbound calls in the live figures, as statistics do (issue 15)", async () => {
    const { telephony, cc, clock } = withTrunk();
    for (let i = 0; i < 3; i++) {
      const agentLeg = telephony.call("1001", `021234567${i}`, "1001");
      await advance(clock, 0);
      (telephony.dialled.at(-1)! as { remoteAnswer(): void }).remoteAnswer();
      await advance(clock, 2000);
      agentLeg.hangup("bye");
      await advance(clock, 0);
      cc.setState("demo", "a1", "ready");
    }
    expect(cc.live("demo").service.outbound).toBe(3);
    expect(cc.live("demo").queues.every((q) => q.outbound === 0)).toBe(true);
  });
});
