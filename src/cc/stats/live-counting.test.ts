import { describe, expect, it } from "bun:test";
import type { Actor } from "../admin/index.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";

const a1: Actor = { kind: "agent", id: "a1", ip: "192.0.2.9" };

/** A center with a carrier trunk; agent a1 dials `n` numbers from the console, the far ends answer and hang up. */
async function withOutbound(n: number) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
  t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [{ number: "1588", serviceId: "demo" }] });
  for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
  for (let i = 0; i < n; i++) {
    t.admin.calls.dial(a1, "demo", "a1", { number: `0212340${i}00` });
    t.telephony.ringing("1001")!.remoteAnswer();
    await flush();
    const far = t.telephony.dialled.at(-1)!;
    if (i === n - 1) return { t, far }; // the last one is left up
    far.remoteAnswer();
    await advance(t.clock, 2000);
    far.remoteHangup();
    await flush();
  }
  throw new Error("n must be ≥ 1");
}

describe("live figures and statistics count outbound and internal calls (D1, S1, C11)", () => {
  it("D1/S1: MUST count every outbound call today on /live and in the statistics, and an outbound call up as a line in use", async () => {
    const { t, far } = await withOutbound(3);
    far.remoteAnswer();
    await flush();
    let live = t.cc.live("demo");
    expect(live.service.outbound).toBe(3);
    expect(live.resources.linesInUse).toBe(1);
    expect(live.service.totalInbound).toBe(0);
    far.remoteHangup();
    await flush();
    live = t.cc.live("demo");
    expect(live.resources.linesInUse).toBe(0);
    const day = Date.UTC(2026, 2, 3, 15, 0); // 2026-03-04 00:00 in Seoul
    const [svc] = t.cc.stats("demo", "agent", day, day + 86_400_000);
    expect(svc).toMatchObject({ key: "a1", outbound: 3 });
    const calls = t.cc.calls("demo", 0, t.clock.now() + 1);
    expect(calls.map((c) => [c.direction, c.result, c.hangupBy, c.endReason])).toEqual([
      ["outbound", "answered", "caller", "bye"], ["outbound", "answered", "caller", "bye"], ["outbound", "answered", "caller", "bye"],
    ]);
    for (const c of calls) expect(t.cc.call(c.callId)!.legs.map((l) => l.role).sort()).toEqual(["agent", "caller"]);
  });

  it("D1: MUST count internal calls, answered or not, on /live and never as inbound", () => {
    const t = testCenter();
    const t0 = t.clock.now();
    t.cc.internalCalls.started({ callId: "s1", from: "1001", to: "1002", startedAt: t0, answeredAt: t0 + 1000 });
    t.cc.internalCalls.ended({ callId: "s2", from: "1002", to: "1001", startedAt: t0, answeredAt: null, endedBy: "caller", endCause: "cancel" }, t0 + 3000);
    const live = t.cc.live("demo");
    expect(live.resources.internalCalls).toBe(2);
    expect(live.service.totalInbound).toBe(0);
    expect(live.inboundTrend.today.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
