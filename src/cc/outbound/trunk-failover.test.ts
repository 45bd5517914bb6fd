import { describe, expect, it } from "bun:test";
import type { FakeCallLeg } from "../../telephony/testing/fake-telephony.ts";
import { RuleError, type Actor } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

const admin: Actor = { kind: "member", id: "admin", ip: "192.0.2.9" };

/** Two trunks of the demo service: "second" is older but ordered after "first". */
function twoTrunks(caps: { first?: number; second?: number } = {}) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
  const base = { mode: "peer" as const, port: 5060, transport: "udp" as const, username: "", password: "" };
  t.repos.trunks.create({ ...base, trunkId: "second", name: "backup", host: "192.0.2.2", numbers: [{ number: "15880001", serviceId: "demo" }], priority: 5, maxCalls: caps.second ?? 0 });
  t.repos.trunks.create({ ...base, trunkId: "first", name: "main", host: "192.0.2.1", numbers: [{ number: "15880000", serviceId: "demo" }], priority: 1, maxCalls: caps.first ?? 0 });
  return t;
}

const lastFar = (t: ReturnType<typeof twoTrunks>) => t.telephony.dialled.at(-1)! as FakeCallLeg;

describe("outbound failover and caps across a service's trunks (T7, issue 16)", () => {
  it("T7: MUST move a call the first trunk answers 503 to the next trunk in order, and connect it there", async () => {
    const t = twoTrunks();
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls.map((c) => c.trunk.trunkId)).toEqual(["first"]);
    lastFar(t).end({ by: "remote", cause: "rejected", status: 503 });
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls.map((c) => c.trunk.trunkId)).toEqual(["first", "second"]);
    lastFar(t).remoteAnswer();
    await advance(t.clock, 1000);
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    expect(t.telephony.bridges).toHaveLength(1);
  });

  it("T7: MUST fail over on no response (Timer B, 408) and a transport failure, but not on busy or a refusal", async () => {
    const t = twoTrunks();
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    lastFar(t).end({ by: "system", cause: "timeout", status: 408 });
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls).toHaveLength(2);
    lastFar(t).end({ by: "system", cause: "failed", status: 503 });
    await advance(t.clock, 5000);
    // None left: the agent's phone hears the failure, the record says unreachable.
    expect(t.telephony.trunkCalls).toHaveLength(2);
    expect(t.repos.calls.list("demo", 0, t.clock.now() + 1)[0]).toMatchObject({ direction: "outbound", result: "unreachable" });

    t.telephony.call("1001", "0312345678", "1001");
    await advance(t.clock, 0);
    lastFar(t).reject(486);
    await advance(t.clock, 5000);
    expect(t.telephony.trunkCalls).toHaveLength(3); // busy is busy through any carrier
    expect(t.repos.calls.list("demo", 0, t.clock.now() + 1).find((c) => c.to === "0312345678")).toMatchObject({ result: "busy" });
  });

  it("T7: MUST skip a trunk at its cap, and refuse a call with a clear message when every trunk is full", async () => {
    const t = twoTrunks({ first: 1, second: 1 });
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    t.telephony.call("1002", "0212345679", "1002");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls.map((c) => c.trunk.trunkId)).toEqual(["first", "second"]);
    // A third agent from the console: refused before their phone rings, with the one door's message.
    t.cc.setState("demo", "a3", "ready");
    let refused: RuleError | undefined;
    try {
      t.admin.calls.dial(admin, "demo", "a3", { number: "0212345670" });
    } catch (e) {
      refused = e as RuleError;
    }
    expect(refused).toBeInstanceOf(RuleError);
    expect(refused!.fields).toEqual({ number: "trunksBusy" });
    expect(t.telephony.ringing("1003")).toBeUndefined();
    // From a desk phone: its INVITE is answered busy, nothing goes out.
    const desk = t.telephony.call("1003", "0212345671", "1003");
    await advance(t.clock, 0);
    expect(desk.state).toBe("ended");
    expect(t.telephony.trunkCalls).toHaveLength(2);
    // A call ends: its place is free again.
    lastFar(t).remoteHangup();
    await advance(t.clock, 5000);
    t.telephony.call("1003", "0212345672", "1003");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls.map((c) => c.trunk.trunkId)).toEqual(["first", "second", "second"]);
  });

  it("T7: a call whose session timer expired (the carrier's refresh answered 481) MUST end both legs, the record saying why", async () => {
    const t = twoTrunks();
    const agentLeg = t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    const far = lastFar(t);
    far.remoteAnswer();
    await advance(t.clock, 60_000);
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    far.end({ by: "system", cause: "expired", status: 481 });
    await advance(t.clock, 0);
    expect(agentLeg.state).toBe("ended");
    const [call] = t.repos.calls.list("demo", 0, t.clock.now() + 1);
    expect(call).toMatchObject({ result: "answered", hangupBy: "system", talkSeconds: 60 });
    const legs = t.repos.calls.legs(call!.callId);
    expect(legs.find((l) => l.role === "caller")).toMatchObject({ endBy: "system", endCause: "expired" });
    expect(legs.find((l) => l.role === "agent")!.endedAt).not.toBeNull();
  });

  it("T7: a trunk set to withhold the caller ID MUST send the call withheld, the account-as-From trunk its account", async () => {
    const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
    const base = { mode: "register" as const, port: 5060, transport: "udp" as const, username: "07011112222", password: "pw" };
    t.repos.trunks.create({ ...base, trunkId: "hidden", name: "hidden", host: "192.0.2.3", numbers: [{ number: "15880003", serviceId: "demo" }], fromUser: "anonymous" });
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls[0]!.trunk).toMatchObject({ trunkId: "hidden", withhold: true, assertIdentity: true });
    t.repos.trunks.update("hidden", { fromUser: "account" });
    lastFar(t).reject(486);
    await advance(t.clock, 5000);
    t.telephony.call("1001", "0212345679", "1001");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls[1]!.trunk).toMatchObject({ fromAccount: "07011112222" });
    expect(t.telephony.trunkCalls[1]!.trunk.withhold).toBeUndefined();
  });
});
