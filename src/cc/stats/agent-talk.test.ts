import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";

const T0 = Date.UTC(2026, 2, 3, 1, 0); // 2026-03-03 10:00 in Seoul
const DAY_FROM = Date.UTC(2026, 2, 2, 15, 0);

/** A queued call a1 answered and transferred to a2 after 60 s; a2 talked 90 s. Another call only a1 took (30 s). */
function transferredDay() {
  const t = testCenter();
  const call = (callId: string, startedAt: number, agent: string, talk: number) => {
    t.repos.calls.create({
      callId, serviceId: "demo", direction: "inbound", from: "01012345678", to: "1588", sipCallId: null, startedAt, queueId: "main",
      queuedAt: startedAt + 5_000, offeredAt: startedAt + 6_000, answeredAt: startedAt + 8_000, endedAt: startedAt + 8_000 + talk * 1000,
      agent, hangupBy: "caller", result: "answered", recordingPath: null, waitSeconds: 3, talkSeconds: talk, type: null,
    });
  };
  const leg = (callId: string, n: number, agent: string, answeredAt: number, endedAt: number) =>
    t.repos.calls.addLeg({ legId: `${callId}-${n}`, callId, role: "agent", party: agent, agent, createdAt: answeredAt - 2000, answeredAt, endedAt, endBy: "agent", endCause: "bye" });
  const offer = (callId: string, agent: string, at: number) =>
    t.repos.queueEvents.add({ serviceId: "demo", queueId: "main", callId, at, event: "offer", agent, detail: null });
  call("x", T0, "a1", 150);
  offer("x", "a1", T0 + 6_000);
  leg("x", 1, "a1", T0 + 8_000, T0 + 68_000);
  offer("x", "a2", T0 + 68_000);
  leg("x", 2, "a2", T0 + 70_000, T0 + 160_000);
  call("y", T0 + 3_600_000, "a1", 30);
  offer("y", "a1", T0 + 3_606_000);
  leg("y", 1, "a1", T0 + 3_608_000, T0 + 3_638_000);
  // A leg still up (no end) counts nothing yet; an unanswered leg counts nothing.
  leg("y", 2, "a3", T0 + 3_608_000, null as unknown as number);
  return t;
}

describe("talk time by agent (issue 17 point 4: transferred calls)", () => {
  it("issue 17 point 4: a transferred call's talk time MUST be split between its agents, leg by leg, in statistics by agent", () => {
    const t = transferredDay();
    const rows = t.cc.stats("demo", "agent", DAY_FROM, DAY_FROM + 86_400_000);
    expect(rows.map((r) => [r.key, r.offered, r.answered, r.talkSeconds])).toEqual([["a1", 2, 2, 90], ["a2", 1, 0, 90]]);
    // The split adds up to the call's whole talk.
    expect(rows.reduce((n, r) => n + (r.talkSeconds ?? 0), 0)).toBe(60 + 90 + 30);
    const hourly = t.cc.stats("demo", "agent", DAY_FROM, DAY_FROM + 86_400_000, "hour");
    expect(hourly.map((r) => [r.period, r.key, r.talkSeconds])).toEqual([
      ["2026-03-03T10", "a1", 60], ["2026-03-03T10", "a2", 90], ["2026-03-03T11", "a1", 30],
    ]);
    // Other groupings are not split by agent.
    expect(t.cc.stats("demo", "queue", DAY_FROM, DAY_FROM + 86_400_000)[0]!.talkSeconds).toBeUndefined();
  });
});
