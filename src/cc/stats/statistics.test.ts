import { describe, expect, it } from "bun:test";
import type { CallRecord, QueueEvent } from "../../store/index.ts";
import { periodOf, statistics } from "./statistics.ts";

const T0 = Date.UTC(2026, 2, 4, 1, 0); // 10:00 Seoul
let n = 0;
function call(p: Partial<CallRecord>): CallRecord {
  return {
    callId: `c${n++}`, serviceId: "s", direction: "inbound", from: "010", to: "1588", sipCallId: null, startedAt: T0,
    queueId: "q1", queuedAt: T0, offeredAt: null, answeredAt: null, endedAt: T0 + 1, agent: null, hangupBy: "caller",
    result: "abandoned", recordingPath: null, waitSeconds: 10, talkSeconds: null, type: null, wrapUpSeconds: null, ...p,
  };
}
const answered = (wait: number, talk: number, agent = "a1", extra: Partial<CallRecord> = {}) =>
  call({ result: "answered", answeredAt: T0 + wait * 1000, waitSeconds: wait, talkSeconds: talk, agent, ...extra });

describe("statistics (S1, D3, D4)", () => {
  const calls = [answered(5, 100), answered(30, 200, "a2"), call({ waitSeconds: 2 }), call({ waitSeconds: 40 }), call({ result: "callback", waitSeconds: 12 })];

  it("S1: MUST compute answer rate = answered ÷ offered, SL = within threshold ÷ answered, answer rate within SL = within ÷ offered", () => {
    const [r] = statistics({ calls, events: [], by: "queue", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(r).toMatchObject({ key: "q1", offered: 5, answered: 2, answeredWithinSl: 1, abandoned: 1, shortAbandoned: 1, callbacks: 1 });
    expect(r!.answerRate).toBeCloseTo(2 / 5);
    expect(r!.serviceLevel).toBeCloseTo(1 / 2);
    expect(r!.answerRateWithinSl).toBeCloseTo(1 / 5);
    expect(r!.avgWaitSeconds).toBeCloseTo((5 + 30 + 2 + 40 + 12) / 5);
    expect(r!.maxWaitSeconds).toBe(40);
    expect(r!.avgTalkSeconds).toBe(150);
  });

  it("S1: MUST count by agent from the offers, answered only by the agent who took the call", () => {
    const ev = (callId: string, agent: string): QueueEvent => ({ serviceId: "s", queueId: "q1", callId, at: T0, event: "offer", agent, detail: null });
    const events = [ev(calls[0]!.callId, "a2"), ev(calls[0]!.callId, "a1"), ev(calls[1]!.callId, "a2")];
    const rows = statistics({ calls, events, by: "agent", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(rows.map((r) => [r.key, r.offered, r.answered])).toEqual([["a1", 1, 1], ["a2", 2, 1]]);
  });

  it("S1: MUST report the average wrap-up time by queue and by agent", () => {
    const wrapped = [
      answered(5, 100, "a1", { wrapUpSeconds: 10 }), answered(5, 100, "a1", { wrapUpSeconds: 30 }),
      answered(5, 100, "a2", { wrapUpSeconds: 0 }), answered(5, 100, "a2"), // still in wrap-up: not counted
      call({ waitSeconds: 40 }),
    ];
    const [q] = statistics({ calls: wrapped, events: [], by: "queue", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(q!.avgWrapUpSeconds).toBeCloseTo((10 + 30 + 0) / 3);
    const ev = (c: CallRecord, agent: string): QueueEvent => ({ serviceId: "s", queueId: "q1", callId: c.callId, at: T0, event: "offer", agent, detail: null });
    const events = [ev(wrapped[0]!, "a1"), ev(wrapped[1]!, "a1"), ev(wrapped[1]!, "a2"), ev(wrapped[2]!, "a2"), ev(wrapped[3]!, "a2")];
    const rows = statistics({ calls: wrapped, events, by: "agent", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(rows.map((r) => [r.key, r.avgWrapUpSeconds])).toEqual([["a1", 20], ["a2", 0]]);
    const [none] = statistics({ calls: [call({})], events: [], by: "queue", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(none!.avgWrapUpSeconds).toBeNull();
  });

  it("S1: MUST split by interval in the service's time zone and by consultation type (null when unset)", () => {
    const late = answered(1, 1, "a1", { startedAt: T0 + 15 * 3600_000, queuedAt: T0 + 15 * 3600_000, type: "billing" }); // 01:00 next day Seoul
    const rows = statistics({ calls: [...calls, late], events: [], by: "type", interval: "day", timeZone: "Asia/Seoul", slSeconds: 20 });
    expect(rows.map((r) => [r.period, r.key, r.offered])).toEqual([["2026-03-04", null, 5], ["2026-03-05", "billing", 1]]);
    expect(periodOf(T0, "hour", "Asia/Seoul")).toBe("2026-03-04T10");
    expect(periodOf(T0, "week", "Asia/Seoul")).toBe("2026-03-02");
    expect(periodOf(T0, "month", "Asia/Seoul")).toBe("2026-03");
  });
});
