import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";

describe("internal calls (T6, C11, D1)", () => {
  it("C11/D1: MUST record a call between extensions as internal and count it on the dashboard", () => {
    const { cc, repos, clock } = testCenter();
    const t0 = clock.now();
    cc.internalCalls.started({ callId: "sip-1", from: "1001", to: "1002", answeredAt: t0 });
    expect(cc.internalCalls.live).toBe(1);
    clock.advance(42_000);
    cc.internalCalls.ended({ callId: "sip-1", from: "1001", to: "1002", answeredAt: t0 }, clock.now());
    const [call] = repos.calls.list("demo", t0 - 1, clock.now() + 1);
    expect(call).toMatchObject({ direction: "internal", from: "1001", to: "1002", agent: "a1", result: "answered", talkSeconds: 42 });
    const live = cc.live("demo");
    expect(live.resources.internalCalls).toBe(1);
    expect(live.service.totalInbound).toBe(0);
    expect(live.inboundTrend.today.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("C11: MUST ignore calls between phones of no service", () => {
    const { cc, repos, clock } = testCenter();
    cc.internalCalls.started({ callId: "sip-2", from: "2001", to: "2002", answeredAt: clock.now() });
    expect(repos.calls.list("demo", 0, clock.now() + 1)).toHaveLength(0);
  });

  it("C11: MUST record an internal call that was never answered, with who ended it and why", () => {
    const { cc, repos, clock } = testCenter();
    const t0 = clock.now();
    cc.internalCalls.ended({ callId: "sip-3", from: "1001", to: "1002", startedAt: t0, answeredAt: null, endedBy: "caller", endCause: "cancel", status: 487 }, t0 + 4321);
    cc.internalCalls.ended({ callId: "sip-4", from: "1002", to: "1003", startedAt: t0, answeredAt: null, endedBy: "callee", endCause: "busy", status: 486 }, t0 + 120);
    const calls = repos.calls.list("demo", t0 - 1, t0 + 10_000).sort((a, b) => a.from.localeCompare(b.from));
    expect(calls.map((c) => [c.from, c.to, c.startedAt - t0, c.answeredAt, c.endedAt! - t0, c.result, c.hangupBy, c.endReason])).toEqual([
      ["1001", "1002", 0, null, 4321, "abandoned", "caller", "cancel"],
      ["1002", "1003", 0, null, 120, "busy", "agent", "busy"],
    ]);
    expect(cc.live("demo").resources.internalCalls).toBe(2);
  });

  it("C11: MUST keep millisecond times and the party whose BYE ended an answered internal call", () => {
    const { cc, repos, clock } = testCenter();
    const t0 = clock.now();
    cc.internalCalls.started({ callId: "sip-5", from: "1001", to: "1002", startedAt: t0, answeredAt: t0 + 2345 });
    cc.internalCalls.ended({ callId: "sip-5", from: "1001", to: "1002", startedAt: t0, answeredAt: t0 + 2345, endedBy: "callee", endCause: "bye" }, t0 + 9999);
    const [c] = repos.calls.list("demo", t0 - 1, t0 + 10_000);
    expect(c).toMatchObject({ startedAt: t0, answeredAt: t0 + 2345, endedAt: t0 + 9999, waitSeconds: 2.345, talkSeconds: 7.654, hangupBy: "agent", endReason: "bye" });
  });
});
