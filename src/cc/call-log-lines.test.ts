import { afterEach, describe, expect, it } from "bun:test";
import { advance, flush } from "./test-clock.ts";
import { observedCenter } from "./test-observed-center.ts";

let current: ReturnType<typeof observedCenter> | undefined;
const center = () => (current = observedCenter());
afterEach(() => current?.cleanup());

/** The info lines of one call, by message. */
function milestones(t: ReturnType<typeof observedCenter>, callId: string) {
  return t.lines.filter((l) => l.level === "info" && l.callId === callId);
}

describe("call milestones in the log (X6)", () => {
  it("X6: MUST log an answered call's milestones at info, one line each, with the call id", async () => {
    const t = center();
    const call = await t.answeredCall("01011112222", 3000, 60_000);
    const lines = milestones(t, call.callId);
    expect(lines.map((l) => l.msg)).toEqual(["call arrived", "call queued", "call offered", "call answered", "call ended"]);
    const [arrived, queued, offered, answered, ended] = lines;
    expect(arrived).toMatchObject({ serviceId: "demo", from: "01011112222", number: "1588" });
    expect(queued).toMatchObject({ serviceId: "demo", queueId: "main", key: "1" });
    expect(offered).toMatchObject({ serviceId: "demo", queueId: "main", agent: "a1", extension: "1001" });
    expect(answered).toMatchObject({ serviceId: "demo", queueId: "main", agent: "a1", waitSeconds: 3 });
    expect(ended).toMatchObject({
      serviceId: "demo", queueId: "main", direction: "inbound", agent: "a1", result: "answered", hangupBy: "caller", waitSeconds: 3, talkSeconds: 60,
    });
  });

  it("X6: MUST log an abandoned call's end with its result, who hung up and the wait", async () => {
    const t = center();
    const caller = await t.queueCall("01033334444");
    await advance(t.clock, 7000);
    caller.remoteHangup();
    await flush();
    const call = t.cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
    const ended = milestones(t, call.callId).at(-1);
    expect(ended).toMatchObject({ msg: "call ended", result: "abandoned", hangupBy: "caller", waitSeconds: 7, queueId: "main" });
  });

  it("X6: MUST log an offer the agent did not answer, with the agent and the cause", async () => {
    const t = center();
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall();
    await advance(t.clock, 21_000);
    const call = t.cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
    const missed = milestones(t, call.callId).find((l) => l.msg === "offer not answered");
    expect(missed).toMatchObject({ serviceId: "demo", queueId: "main", agent: "a1", cause: "timeout" });
    caller.remoteHangup();
    await flush();
  });

  it("X6: MUST log an outbound call placed, answered and ended with the same call id", async () => {
    const t = center();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const agentLeg = t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    t.telephony.dialled.at(-1)!.remoteAnswer();
    await advance(t.clock, 5000);
    agentLeg.remoteHangup();
    await flush();
    const call = t.cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
    const lines = milestones(t, call.callId);
    expect(lines.map((l) => l.msg)).toEqual(["outbound call placed", "call answered", "call ended"]);
    expect(lines[0]).toMatchObject({ serviceId: "demo", agent: "a1", number: "0212345678" });
    expect(lines[2]).toMatchObject({ direction: "outbound", result: "answered", hangupBy: "agent", talkSeconds: 5 });
  });
});
