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
});
