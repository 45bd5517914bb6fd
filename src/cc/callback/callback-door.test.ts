import { describe, expect, it } from "bun:test";
import { RuleError, SYSTEM, type Actor } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";
import { SCHEDULER_TICK_MS } from "./callback-scheduler.ts";

const admin: Actor = { kind: "member", id: "boss", ip: "192.0.2.7" };
const a1: Actor = { kind: "agent", id: "a1", ip: "192.0.2.9" };
/** Weekdays 09–18 in the service's time zone (Asia/Seoul). */
const OFFICE = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]));

function center(flow = {}, start?: number) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready", ...flow }, start);
  t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [{ number: "1588", serviceId: "demo" }] });
  for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
  return t;
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

describe("callbacks through the one door and the automatic dialler (C7)", () => {
  it("C7: MUST dial a caller's callback request by itself — the ready agent first, then the customer — and complete it when answered", async () => {
    const t = center({ callbackAutoDial: true });
    const caller = await t.queueCall("010-2222-3333");
    caller.press("*");
    await advance(t.clock, 20_000); // the accepted prompt, then the appliance hangs up
    const [cb] = t.cc.callbacks("demo");
    expect(cb).toMatchObject({ state: "requested", number: "010-2222-3333" });
    t.cc.setState("demo", "a2", "ready");
    await advance(t.clock, SCHEDULER_TICK_MS);
    const agentLeg = t.telephony.ringing("1002")!;
    expect(agentLeg).toBeDefined();
    expect(t.cc.agentState("demo", "a2").state).toBe("dialing");
    agentLeg.remoteAnswer();
    await flush();
    const far = t.telephony.dialled.at(-1)!;
    expect(t.telephony.trunkCalls.at(-1)?.number).toBe("01022223333");
    far.remoteAnswer();
    await flush();
    const done = t.cc.callbacks("demo")[0]!;
    expect(done.state).toBe("completed");
    expect(done.log.map((l) => [l.action, l.agent])).toEqual([["requested", null], ["dialled", "a2"], ["completed", "a2"]]);
    far.remoteHangup();
    await flush();
  });

  it("C7: MUST refuse an agent's dial of a callback while the service is closed, with its message", () => {
    // Saturday 2026-03-07 10:00 in Seoul: closed.
    const t = center({ hours: OFFICE }, Date.UTC(2026, 2, 7, 1, 0));
    const { request } = t.admin.callbacks.request(admin, "demo", { number: "01022223333" });
    expect(refusal(() => t.admin.calls.dial(a1, "demo", "a1", { callbackId: request.id }))).toEqual({ callbackId: "callbackWhileClosed" });
    expect(t.telephony.ringing("1001")).toBeUndefined();
  });

  it("issue 15: MUST take a callback for a lost caller in one step through the one door — once per number, audited", () => {
    const t = center();
    const first = t.admin.callbacks.request(admin, "demo", { number: "010-4444-5555" });
    expect(first.created).toBe(true);
    expect(first.request).toMatchObject({ queueId: "main", state: "requested", agent: "boss" });
    const again = t.admin.callbacks.request(SYSTEM, "demo", { number: "01044445555" });
    expect(again).toMatchObject({ created: false, request: { id: first.request.id } });
    expect(t.repos.callbacks.open("demo")).toHaveLength(1);
    const audit = t.repos.audit.list("demo", 10).filter((e) => e.target.startsWith("callbacks/"));
    expect(audit.map((e) => [e.action, e.loginId])).toEqual([["request-again", "(system)"], ["request", "boss"]]);
  });

  it("issue 15: MUST refuse a callback for a number that is not one, with a clear error", () => {
    const t = center();
    expect(refusal(() => t.admin.callbacks.request(admin, "demo", { number: "sip:evil@example.com" }))).toEqual({ number: "format" });
    expect(refusal(() => t.admin.callbacks.request(admin, "demo", { number: "" }))).toEqual({ number: "required" });
    expect(refusal(() => t.admin.callbacks.request(admin, "demo", { number: "0101", queueId: "nope" }))).toEqual({ queueId: "unknown" });
  });
});
