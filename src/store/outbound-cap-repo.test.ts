import { describe, expect, it } from "bun:test";
import { testStore } from "./test-db.ts";

const demo = { serviceId: "demo", name: "Demo", number: "15880000", callerId: "15880000", timezone: "Asia/Seoul", language: "ko", state: "active" as const, licences: 10 };
const MIN = 60_000;

function store() {
  const s = testStore();
  s.repos.services.create(demo);
  s.repos.trunks.create({ trunkId: "t1", name: "c", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [], capHourMinutes: 5 });
  return s;
}

/** An outbound call of agent a1 answered at `answered`, ended at `ended` (null: going on), through `trunk`. */
function call(s: ReturnType<typeof store>, id: string, answered: number | null, ended: number | null, trunk = "t1", agent = "a1") {
  s.repos.calls.create({
    callId: id, serviceId: "demo", direction: "outbound", from: "15880000", to: "0212345678", sipCallId: null, startedAt: (answered ?? 0) - 5000,
    queueId: null, queuedAt: null, offeredAt: null, answeredAt: answered, endedAt: ended, agent, hangupBy: null, result: null, recordingPath: null,
    waitSeconds: null, talkSeconds: null, type: null,
  });
  s.repos.outboundCaps.markTrunk(id, trunk);
}

describe("outbound rules and the calls counted against the caps (migration 023, issue 16 point 6)", () => {
  it("T9: MUST keep every outbound rule off until set, and store them whole", () => {
    const s = store();
    expect(s.repos.outboundCaps.rules("demo")).toEqual({ allowInternational: false, allowPremium: false, allowAfterHours: false, extensionHourMinutes: 0, extensionDayMinutes: 0 });
    const r = { allowInternational: true, allowPremium: false, allowAfterHours: true, extensionHourMinutes: 30, extensionDayMinutes: 120 };
    expect(s.repos.outboundCaps.setRules("demo", r, 1000)).toEqual(r);
    expect(s.repos.trunks.get("t1")).toMatchObject({ capHourMinutes: 5, capDayMinutes: 0 });
    // A negative cap never reaches the table (CHECK), and the service's removal drops its rules.
    expect(() => s.repos.outboundCaps.setRules("demo", { ...r, extensionDayMinutes: -1 })).toThrow();
    expect(s.repos.outboundCaps.rules("demo")).toEqual(r);
    s.repos.services.remove("demo");
    expect(s.repos.outboundCaps.rules("demo").allowInternational).toBe(false);
  });

  it("T9: MUST read the answered outbound calls that talked within the window, by trunk and by agent", () => {
    const s = store();
    const now = 10 * 60 * MIN;
    const since = now - 60 * MIN;
    call(s, "inside", now - 10 * MIN, now - 9 * MIN);
    call(s, "across", since - 5 * MIN, since + MIN);
    call(s, "going", now - MIN, null);
    call(s, "before", since - 30 * MIN, since - 20 * MIN);
    call(s, "unanswered", null, now - MIN);
    call(s, "other-trunk", now - 5 * MIN, now - 4 * MIN, "t2", "a2");
    const ids = (spans: { answeredAt: number }[]) => spans.map((x) => x.answeredAt).sort();
    expect(ids(s.repos.outboundCaps.trunkTalk("t1", since))).toEqual([since - 5 * MIN, now - 10 * MIN, now - MIN].sort());
    expect(s.repos.outboundCaps.trunkTalk("t1", since).find((x) => x.endedAt === null)).toBeDefined();
    expect(ids(s.repos.outboundCaps.agentTalk("demo", "a2", since))).toEqual([now - 5 * MIN]);
    expect(s.repos.outboundCaps.agentTalk("demo", "a1", since)).toHaveLength(3);
  });
});
