import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";
import { compactFacts } from "./agent-facts.ts";
import { hoursVerdict } from "./hours-verdict.ts";
import type { TrailSteps } from "./trail-steps.ts";
import { trailWords } from "./trail-words.ts";

describe("routing explainer: a call's decision trail (issue 17 point 3, C5, C11)", () => {
  it("C11: MUST record the number, hours verdict with its rule, the key and the queue, and say them in plain words", async () => {
    const t = testCenter();
    const caller = await t.queueCall();
    expect(caller.state).toBe("answered");
    const trail = t.cc.callTrail(t.repos.calls.listOpen()[0]!.callId);
    expect(trail.map((e) => e.step).slice(0, 4)).toEqual(["number", "hours", "key", "queue"]);
    expect(trail[1]!.detail).toMatchObject({ verdict: "open", rule: { kind: "range", start: "00:00", end: "24:00" } });
    expect(trail[2]!.detail).toEqual({ key: "1", to: { kind: "queue", queueId: "main" } });
    const en = trailWords(trail, "en", "Asia/Seoul").map((l) => l.text);
    expect(en[0]).toBe('Dialled 1588 → service "Demo"');
    expect(en[2]).toBe('pressed 1: to queue "main"');
    const ko = trailWords(trail, "ko", "Asia/Seoul").map((l) => l.text);
    expect(ko[3]).toContain('대기열 "Main" 진입');
  });

  it("C5: MUST name each agent's reason in a round: on a call since, away (meal), wrap-up until (after a call) or until they leave it", async () => {
    const t = testCenter({ wrapUpSeconds: 120 });
    t.cc.login("demo", "a3");
    t.cc.setState("demo", "a3", "ready");
    const short = await t.queueCall("01000000009");
    await advance(t.clock, 500);
    t.telephony.ringing("1003")!.remoteAnswer();
    await advance(t.clock, 1000);
    short.remoteHangup();
    await advance(t.clock, 100);
    expect(t.cc.agentState("demo", "a3").state).toBe("wrap-up");
    const wrapSince = t.cc.agentState("demo", "a3").since;
    t.cc.login("demo", "a1");
    t.cc.setState("demo", "a1", "ready");
    await t.queueCall("01000000001");
    await advance(t.clock, 500);
    t.telephony.ringing("1001")!.remoteAnswer();
    await advance(t.clock, 500);
    t.cc.login("demo", "a2");
    t.cc.setState("demo", "a2", "away", "meal");
    await t.queueCall("01000000002");
    await advance(t.clock, 500);
    const call = t.repos.calls.listOpen().find((c) => c.from === "01000000002")!;
    const rounds = t.cc.callTrail(call.callId).filter((e) => e.step === "round");
    expect(rounds).toHaveLength(1);
    const r = rounds[0]!.detail as TrailSteps["round"];
    expect(r.offered).toEqual([]);
    expect(r.agents.map((a) => [a.loginId, a.verdict, a.state, a.reason ?? null])).toEqual([
      ["a1", "skipped", "on-call", null], ["a2", "skipped", "away", "meal"], ["a3", "skipped", "wrap-up", null],
    ]);
    expect(r.agents[2]!.until).toBe(wrapSince + 120_000);
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const words = () => trailWords(t.cc.callTrail(call.callId), "en", "UTC").filter((l) => l.step === "round").at(-1)!.agents!;
    expect(words()).toEqual([
      `a1: on a call since ${hhmm(r.agents[0]!.since!)}`,
      `a2: away: meal (since ${hhmm(r.agents[1]!.since!)})`,
      `a3: wrap-up until ${hhmm(wrapSince + 120_000)}`,
    ]);
    // The same facts found again by the next dispatch (another caller enters) write no second round (no write storms).
    await t.queueCall("01000000005");
    await advance(t.clock, 100);
    expect(t.cc.callTrail(call.callId).filter((e) => e.step === "round")).toHaveLength(1);
    // A wrap-up the agent picks has no end of its own; a real change is a new round.
    t.cc.setState("demo", "a3", "wrap-up");
    t.cc.setState("demo", "a2", "ready");
    await advance(t.clock, 100);
    const again = t.cc.callTrail(call.callId).filter((e) => e.step === "round").map((e) => e.detail as TrailSteps["round"]);
    expect(again.at(-1)).toMatchObject({ n: 2, offered: ["a2"] });
    expect(words()[2]).toBe(`a3: wrap-up since ${hhmm(again.at(-1)!.agents[2]!.since!)} (until the agent leaves it)`);
  });

  it("C5: MUST say 'rang N s, no answer → away' and an unregistered phone's failed offer", async () => {
    const t = testCenter({ ringTimeoutSeconds: 15 });
    t.telephony.unreachable.add("1002");
    t.cc.login("demo", "a2");
    t.cc.setState("demo", "a2", "ready");
    await t.queueCall("01000000003");
    await advance(t.clock, 500);
    const call = t.repos.calls.listOpen()[0]!;
    const offers = t.cc.callTrail(call.callId).filter((e) => e.step === "offer").map((e) => e.detail as TrailSteps["offer"]);
    expect(offers[0]).toMatchObject({ loginId: "a2", outcome: "not-registered", then: "away:unreachable" });
    expect(t.cc.agentState("demo", "a2")).toMatchObject({ state: "away", reason: "unreachable" });
    t.cc.login("demo", "a1");
    t.cc.setState("demo", "a1", "ready");
    await advance(t.clock, 16_000);
    const trail = t.cc.callTrail(call.callId);
    const last = trail.filter((e) => e.step === "offer").at(-1)!.detail as TrailSteps["offer"];
    expect(last).toMatchObject({ loginId: "a1", outcome: "no-answer", seconds: 15, then: "away:no-answer" });
    const en = trailWords(trail, "en", "UTC").map((l) => l.text);
    expect(en).toContain("a2: phone unregistered (no registration) → offer failed → away (unreachable)");
    expect(en).toContain("a1: rang 15 s, no answer → away (no answer)");
    const ko = trailWords(trail, "ko", "UTC").map((l) => l.text);
    expect(ko).toContain("a1: 벨 15초, 응답 없음 → 자리 비움(응답 없음)");
  });

  it("C5: MUST not write a round per agent change while nobody can take the call (one per 30 s), and keep the round the caller left in", async () => {
    const t = testCenter();
    for (const id of ["a1", "a2", "a3"]) {
      t.cc.login("demo", id);
      t.cc.setState("demo", id, "away", "meal");
    }
    const caller = await t.queueCall("01000000006");
    const callId = t.repos.calls.listOpen()[0]!.callId;
    const rounds = () => t.cc.callTrail(callId).filter((e) => e.step === "round").map((e) => e.detail as TrailSteps["round"]);
    expect(rounds()).toHaveLength(1); // entering the queue: the first round, nobody ready
    for (let i = 0; i < 5; i++) {
      t.cc.setState("demo", "a1", "away", i % 2 ? "break" : "training"); // facts change …
      await t.queueCall(`0100000010${i}`); // … and each new caller runs a dispatch over every waiting caller
    }
    expect(rounds()).toHaveLength(1); // within 30 s of the last round: not even computed
    await advance(t.clock, 31_000);
    t.cc.setState("demo", "a1", "away", "coaching");
    await t.queueCall("01000000199");
    expect(rounds()).toHaveLength(2);
    expect(rounds()[1]!.agents[0]).toMatchObject({ loginId: "a1", reason: "coaching" });
    t.cc.setState("demo", "a2", "away", "meeting");
    caller.hangup();
    await advance(t.clock, 100);
    const last = t.cc.callTrail(callId).filter((e) => e.step !== "end" && e.step !== "callback").at(-1)!;
    expect(last.step).toBe("round");
    expect((last.detail as TrailSteps["round"]).agents[1]).toMatchObject({ loginId: "a2", reason: "meeting" });
  });

  it("C5: MUST count the ready agents the strategy left, and group a large queue's skipped agents by reason", () => {
    const facts = Array.from({ length: 300 }, (_, i) => ({ loginId: `x${i}`, verdict: i === 0 ? "offered" : i < 250 ? "not-chosen" : "skipped", state: i < 250 ? "ready" : "on-call", since: 0 }) as const);
    const c = compactFacts([...facts]);
    expect(c.agents.map((a) => a.loginId)).toEqual(["x0"]); // 50 skipped + 1 offered > 50: grouped
    expect(c.groups).toEqual([{ state: "on-call", count: 50, ids: ["x250", "x251", "x252", "x253", "x254"], since: 0 }]);
    expect(c.notChosen).toEqual({ count: 249, ids: ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10"] });
    const words = trailWords([{ seq: 0, at: 0, step: "round", detail: { n: 1, strategy: "longest-idle", offered: ["x0"], ...c } }], "en", "UTC")[0]!.agents!;
    expect(words).toEqual([
      "x0: offered (rang)",
      "x250, x251, x252, x253, x254 and 45 more: on a call since 00:00 — 50 agents, earliest shown",
      "x1, x2, x3, x4, x5, x6, x7, x8, x9, x10 and 239 more: ready, but the strategy (longest-idle) picked another agent",
    ]);
    expect(compactFacts(facts.slice(0, 40)).groups).toBeUndefined();
  });

  it("C5: MUST say since when a phone is unregistered when its registration expired", async () => {
    const t = testCenter();
    const expired = t.clock.now() - 120_000;
    t.repos.bindings.upsert({ aor: "1003", contact: "sip:1003@10.0.0.3", source: { transport: "udp", address: "10.0.0.3", port: 5060 }, callId: "r", cseq: 1, expiresAt: expired, updatedAt: expired - 3_600_000 });
    t.telephony.unreachable.add("1003");
    t.cc.login("demo", "a3");
    t.cc.setState("demo", "a3", "ready");
    await t.queueCall("01000000007");
    await advance(t.clock, 100);
    const callId = t.repos.calls.listOpen()[0]!.callId;
    const en = trailWords(t.cc.callTrail(callId), "en", "UTC").map((l) => l.text);
    expect(en).toContain("a3: phone unregistered since 00:58 (registration expired) → offer failed → away (unreachable)");
    const ko = trailWords(t.cc.callTrail(callId), "ko", "UTC").map((l) => l.text);
    expect(ko).toContain("a3: 전화기 미등록 (00:58에 등록 만료) → 연결 실패 → 자리 비움(연결 불가)");
  });

  it("C11: MUST end the trail with the call's result and write it in batches (nothing per step until the flush)", async () => {
    const t = testCenter();
    let writes = 0;
    const append = t.repos.trail.append.bind(t.repos.trail);
    t.repos.trail.append = (rows) => {
      writes++;
      append(rows);
    };
    const caller = await t.queueCall("01000000004");
    const callId = t.repos.calls.listOpen()[0]!.callId;
    caller.hangup();
    await advance(t.clock, 1000);
    const stored = t.repos.trail.forCall(callId);
    expect(stored.map((r) => r.step)).toEqual(["number", "hours", "key", "queue", "round", "callback", "end"].filter((s) => stored.some((r) => r.step === s)));
    expect(stored.at(-1)).toMatchObject({ step: "end", detail: { result: "abandoned" } });
    expect(writes).toBeLessThanOrEqual(Math.ceil(3000 / 500)); // one transaction per flush interval at most, not one per step
    expect(writes).toBeLessThan(stored.length);
  });

  it("C11: MUST refuse an unknown call's trail with 404", () => {
    const t = testCenter();
    expect(() => t.cc.callTrail("nope")).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("C3: MUST name the holiday or the day's hours that closed the service", () => {
    const flow = { hours: { mon: [{ start: "09:00", end: "18:00" }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [{ date: "2026-03-02", name: "대체공휴일", kind: "national" as const, repeat: "once" as const }] };
    expect(hoursVerdict(flow, Date.UTC(2026, 2, 2, 1), "Asia/Seoul")).toMatchObject({ verdict: "closed-holiday", rule: { kind: "holiday", name: "대체공휴일" } });
    expect(hoursVerdict(flow, Date.UTC(2026, 2, 9, 10), "Asia/Seoul")).toMatchObject({ verdict: "closed-hours", rule: { kind: "no-range", weekday: "mon", ranges: ["09:00-18:00"] } });
    expect(hoursVerdict(flow, Date.UTC(2026, 2, 9, 1), "Asia/Seoul")).toMatchObject({ verdict: "open", rule: { kind: "range", start: "09:00", end: "18:00" } });
  });
});
