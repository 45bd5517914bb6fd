import { describe, expect, it } from "bun:test";
import type { FakeCallLeg } from "../../telephony/testing/fake-telephony.ts";
import { RuleError, type Actor } from "../admin/index.ts";
import { recordAgentStates } from "../org/index.ts";
import { SCHEDULER_TICK_MS } from "../callback/callback-scheduler.ts";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";
import { silentLogger } from "../../lib/index.ts";
import { TrailRecorder, trailWords, type TrailEntry, type TrailSteps } from "../trail/index.ts";

const agentA1: Actor = { kind: "agent", id: "a1" };
const apiKey: Actor = { kind: "api-key", id: "crm" };

/** The demo service with two trunks: "main" (a peer, first) and "backup" (a registration trunk with an account, second). */
function twoTrunks(flow: Parameters<typeof testCenter>[0] = {}) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready", ...flow });
  const base = { port: 5060, transport: "udp" as const };
  t.repos.trunks.create({ ...base, mode: "peer", username: "", password: "", trunkId: "main", name: "main", host: "192.0.2.1", numbers: [{ number: "15880000", serviceId: "demo" }], priority: 1, maxCalls: 10 });
  t.repos.trunks.create({
    ...base, mode: "register", username: "07055550011", password: "pw", trunkId: "backup", name: "backup", host: "192.0.2.2",
    numbers: [{ number: "07055550011", serviceId: "demo" }], priority: 2, fromUser: "account", assertIdentity: true, capDayMinutes: 600,
  });
  return t;
}

const lastFar = (t: ReturnType<typeof twoTrunks>) => t.telephony.dialled.at(-1)! as FakeCallLeg;
const steps = (trail: TrailEntry[]) => trail.map((e) => e.step);
const texts = (trail: TrailEntry[], lang: "ko" | "en") => trailWords(trail, lang, "Asia/Seoul").map((l) => l.text);

describe("routing explainer for outbound and internal calls (issue 17 point 3, C9, C11)", () => {
  it("C11 (issue 17.3): an outbound call's page MUST name who dialled from where, the number as dialled and sent, the rule, the caps with their figures, the caller ID, each trunk tried and its answer (503 → next, 407 answered with the trunk's account, 200), the far end's result and the end", async () => {
    const t = twoTrunks();
    t.admin.trunks.setRules({ kind: "member", id: "admin" }, "demo", { extensionHourMinutes: 60 });
    t.cc.setState("demo", "a1", "ready");
    const { callId } = t.admin.calls.dial(agentA1, "demo", "a1", { number: "02-1234-5678" });
    await advance(t.clock, 0);
    t.telephony.ringing("1001")!.remoteAnswer();
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls.map((c) => c.trunk.trunkId)).toEqual(["main"]);
    await advance(t.clock, 300);
    lastFar(t).end({ by: "remote", cause: "rejected", status: 503 });
    await advance(t.clock, 0);
    const second = lastFar(t);
    second.onChallengeAnswered.execute(407);
    await advance(t.clock, 1500);
    second.remoteAnswer();
    await advance(t.clock, 5000);
    second.remoteHangup();
    await advance(t.clock, 100);

    const trail = t.cc.callTrail(callId);
    expect(steps(trail)).toEqual(["dial", "rule", "caps", "callerId", "trunk", "trunk", "far", "end"]);
    const d = (i: number) => trail[i]!.detail;
    expect(d(0)).toEqual({ origin: "console", loginId: "a1", extension: "1001", dialled: "02-1234-5678", sent: "0212345678" });
    expect(d(1)).toEqual({ verdict: "allowed", kind: "domestic", closed: false });
    const caps = d(2) as TrailSteps["caps"];
    expect(caps.figures).toEqual([
      { scope: "extension", id: "a1", window: "hour", used: 0, minutes: 60 },
      { scope: "trunk", id: "backup", window: "day", used: 0, minutes: 600 },
    ]);
    expect(caps.trunks.map((r) => [r.name, r.calls, r.maxCalls, r.capped])).toEqual([["main", 0, 10, false], ["backup", 0, 0, false]]);
    expect(d(3)).toEqual({ number: "1588", source: "caller-id" });
    expect(d(4)).toMatchObject({ n: 1, trunkId: "main", status: 503, outcome: "next", presentation: { from: "number", pai: true } });
    expect(d(5)).toMatchObject({ n: 2, trunkId: "backup", status: 200, outcome: "answered", auth: { status: 407, account: "07055550011" }, presentation: { from: "account", account: "07055550011", pai: true } });
    expect(d(6)).toMatchObject({ result: "answered" });

    const en = texts(trail, "en");
    expect(en[0]).toBe('Dialled by a1 (extension 1001) from the agent console: "02-1234-5678" sent as 0212345678');
    expect(en[1]).toBe("Outbound rule: domestic number — allowed");
    expect(en[2]).toBe('Caps checked: extension a1: 0 of 60 min in the last hour; trunk "backup": 0 of 600 min in the last 24 h; trunk "main": 0 of 10 calls at once; trunk "backup": 0 calls at once (no cap)');
    expect(en[3]).toBe("Caller ID 1588: the service's caller ID");
    expect(en[4]).toBe('Trunk 1 "main" [From the caller ID, with P-Asserted-Identity]: answered 503 → next trunk');
    expect(en[5]).toBe('Trunk 2 "backup" [From account 07055550011, with P-Asserted-Identity]: 407 answered with the trunk\'s account 07055550011 → answered 200 after 1.5 s');
    expect(en[6]).toBe("The far end answered, after 1.8 s");
    expect(en[7]).toBe("End: call completed");
    const ko = texts(trail, "ko");
    expect(ko[0]).toBe('a1(내선 1001)이(가) 상담원 콘솔에서 발신: "02-1234-5678" → 0212345678(으)로 전송');
    expect(ko[4]).toBe('트렁크 1 "main" [From 발신번호, P-Asserted-Identity 포함]: 503 응답 → 다음 트렁크');
    expect(ko[5]).toBe('트렁크 2 "backup" [From 계정 07055550011, P-Asserted-Identity 포함]: 407 인증 요구에 트렁크 계정 07055550011(으)로 응답 → 200 응답 — 연결 (1.5초)');
    expect(ko[7]).toBe("종료: 통화 완료");
  });

  it("C11 (issue 17.3): a desk phone's dial MUST say so, and a far end that is busy MUST be named with its status — a few rows, written in one batch", async () => {
    const t = twoTrunks();
    t.telephony.call("1002", "0312345678", "1002");
    await advance(t.clock, 0);
    lastFar(t).reject(486);
    await advance(t.clock, 100);
    const call = t.repos.calls.list("demo", 0, t.clock.now() + 1).find((c) => c.to === "0312345678")!;
    expect(t.repos.trail.forCall(call.callId)).toHaveLength(0); // nothing written per step: the recorder batches
    await advance(t.clock, 1000);
    const trail = t.cc.callTrail(call.callId);
    expect(t.repos.trail.forCall(call.callId)).toHaveLength(trail.length);
    expect(steps(trail)).toEqual(["dial", "rule", "caps", "callerId", "trunk", "far", "end"]);
    const en = texts(trail, "en");
    expect(en[0]).toBe("Dialled by a2 (extension 1002) from the desk phone: 0312345678");
    expect(en[4]).toBe('Trunk 1 "main" [From the caller ID, with P-Asserted-Identity]: answered 486 after 0 s');
    expect(en[5]).toBe("The far end is busy (486), after 0 s");
    expect(en[6]).toBe("End: busy");
    expect(texts(trail, "ko")[5]).toBe("상대방 통화 중 (486), 0초");
  });

  it("C11 (issue 17.3): the API's dial and an agent hanging up while the far end rings MUST be named; the trunk attempt cut short once", async () => {
    const t = twoTrunks();
    t.cc.setState("demo", "a3", "ready");
    const { callId } = t.admin.calls.dial(apiKey, "demo", "a3", { number: "0212345678" });
    await advance(t.clock, 0);
    t.telephony.ringing("1003")!.remoteAnswer();
    await advance(t.clock, 4000);
    t.admin.calls.hangup(apiKey, "demo", "a3");
    await advance(t.clock, 100);
    const trail = t.cc.callTrail(callId);
    expect(steps(trail)).toEqual(["dial", "rule", "caps", "callerId", "trunk", "far", "end"]);
    const en = texts(trail, "en");
    expect(en[0]).toBe("Dialled by a3 (extension 1003) from the REST API: 0212345678");
    expect(en[4]).toBe('Trunk 1 "main" [From the caller ID, with P-Asserted-Identity]: cancelled after 4 s');
    expect(en[5]).toBe("The agent hung up while the far end rang, after 4 s");
    expect(trail.at(-1)!.detail).toMatchObject({ result: "no-answer", hangupBy: "agent" });
  });

  it("C11 (issue 17.3): the far end's early media MUST be named on the trunk that carried it", async () => {
    const t = twoTrunks();
    t.cc.setState("demo", "a1", "ready");
    const { callId } = t.admin.calls.dial(agentA1, "demo", "a1", { number: "0212345678" });
    await advance(t.clock, 0);
    t.telephony.ringing("1001")!.remoteAnswer();
    await advance(t.clock, 0);
    lastFar(t).remoteEarlyMedia();
    await advance(t.clock, 2000);
    lastFar(t).reject(480);
    await advance(t.clock, 100);
    const trail = t.cc.callTrail(callId);
    expect(trail.find((e) => e.step === "trunk")!.detail).toMatchObject({ earlyMedia: true, status: 480, outcome: "failed" });
    const en = texts(trail, "en");
    expect(en[4]).toBe('Trunk 1 "main" [From the caller ID, with P-Asserted-Identity]: early media (183) relayed to the agent → answered 480 after 2 s');
    expect(en[5]).toBe("The far end did not answer (480), after 2 s");
    expect(texts(trail, "ko")[4]).toBe('트렁크 1 "main" [From 발신번호, P-Asserted-Identity 포함]: 조기 미디어(183) 상담원에게 전달 → 480 응답 (2초)');
  });

  it("C11 (issue 17.3): an automatic callback's dial MUST be named as such, with the number as the caller left it and its request", async () => {
    const t = twoTrunks({ callbackAutoDial: true });
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    const caller = await t.queueCall("010-2222-3333");
    caller.press("*");
    await advance(t.clock, 20_000);
    const [cb] = t.cc.callbacks("demo");
    t.cc.setState("demo", "a2", "ready");
    await advance(t.clock, SCHEDULER_TICK_MS);
    t.telephony.ringing("1002")!.remoteAnswer();
    await advance(t.clock, 0);
    const callId = t.repos.calls.listOpen().find((c) => c.direction === "outbound")!.callId;
    const [dial] = t.cc.callTrail(callId);
    expect(dial!.detail).toEqual({ origin: "callback", loginId: "a2", extension: "1002", dialled: "010-2222-3333", sent: "01022223333", callbackId: cb!.id });
    expect(texts([dial!], "en")[0]).toBe(`Dialled by a2 (extension 1002) from an automatic callback: "010-2222-3333" sent as 01022223333 (callback #${cb!.id})`);
    expect(texts([dial!], "ko")[0]).toBe(`a2(내선 1002)이(가) 자동 콜백에서 발신: "010-2222-3333" → 01022223333(으)로 전송 (콜백 #${cb!.id})`);
  });

  it("C11 (issue 17.3): a refused dial (rule or cap) MUST leave no record, and the one door MUST name the reason to the agent or the API", async () => {
    const t = twoTrunks();
    t.cc.setState("demo", "a1", "ready");
    const refused = (input: { number: string }) => {
      try {
        t.admin.calls.dial(apiKey, "demo", "a1", input);
      } catch (e) {
        if (e instanceof RuleError) return e.fields;
        throw e;
      }
      return undefined;
    };
    expect(refused({ number: "+442071234567" })).toEqual({ number: "international" });
    // From a desk phone: its INVITE is refused with the reason in the reason phrase, nothing goes out.
    const desk = t.telephony.call("1002", "+442071234567", "1002");
    await advance(t.clock, 0);
    expect(desk.state).toBe("ended");
    expect(desk.refusal).toBe("International Calls Not Allowed");
    expect(t.telephony.trunkCalls).toHaveLength(0);
    expect(refused({ number: "0601234567" })).toEqual({ number: "premiumNumber" });
    t.admin.trunks.setRules({ kind: "member", id: "admin" }, "demo", { extensionHourMinutes: 1 });
    t.repos.calls.create({
      callId: "old", serviceId: "demo", direction: "outbound", from: "1588", to: "0299999999", sipCallId: null, startedAt: t.clock.now() - 120_000,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: t.clock.now() - 110_000, endedAt: t.clock.now() - 10_000, agent: "a1",
      hangupBy: "agent", result: "answered", recordingPath: null, waitSeconds: 10, talkSeconds: 100, type: null,
    });
    expect(refused({ number: "0212345678" })).toEqual({ number: "extensionCapReached" });
    expect(t.repos.calls.list("demo", 0, t.clock.now() + 1).map((c) => c.callId)).toEqual(["old"]);
  });
});

describe("routing explainer for internal calls (issue 17 point 3, C11)", () => {
  const binding = (aor: string, expiresAt: number) => ({
    aor, contact: `sip:${aor}@10.0.0.9`, source: { transport: "udp" as const, address: "10.0.0.9", port: 5060 }, callId: "r", cseq: 1, expiresAt, updatedAt: expiresAt - 3_600_000,
  });

  it("C11 (issue 17.3): an internal call's page MUST name the extension, its agent, their state and a registered phone, then the end", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a2", "ready");
    t.repos.bindings.upsert(binding("1002", t.clock.now() + 3_600_000));
    const call = { callId: "x1@pbx", from: "1001", to: "1002", startedAt: t.clock.now(), answeredAt: t.clock.now() + 3000 };
    t.cc.internalCalls.started(call);
    t.cc.internalCalls.ended({ ...call, endedBy: "caller", endCause: "bye" }, t.clock.now() + 63_000);
    const record = t.repos.calls.list("demo", 0, t.clock.now() + 100_000).find((c) => c.direction === "internal")!;
    const trail = t.cc.callTrail(record.callId);
    expect(steps(trail)).toEqual(["internal", "end"]);
    expect(texts(trail, "en")).toEqual(["Internal call from 1001 (a1) to 1002: 1002 is a2, ready, phone registered", "End: call completed"]);
    expect(texts(trail, "ko")[0]).toBe("내선 통화 1001(a1) → 1002: 1002은(는) a2, 대기, 전화기 등록됨");
  });

  it("C11 (issue 17.3): an internal call to an extension whose phone is not registered MUST say since when, and the 480 the caller got", async () => {
    const t = testCenter();
    t.cc.setState("demo", "a2", "away", "meal");
    const since = t.cc.agentState("demo", "a2").since;
    const expired = Date.UTC(2026, 2, 4, 0, 14); // 09:14 in Seoul
    t.repos.bindings.upsert(binding("1002", expired));
    const now = t.clock.now();
    t.cc.internalCalls.ended({ callId: "x2@pbx", from: "1001", to: "1002", startedAt: now, answeredAt: null, endedBy: "system", endCause: "unavailable", status: 480 }, now);
    const record = t.repos.calls.list("demo", 0, now + 1).find((c) => c.direction === "internal")!;
    expect(record.result).toBe("unreachable");
    const trail = t.cc.callTrail(record.callId);
    expect(trail[0]!.detail).toMatchObject({ to: "1002", agent: "a2", state: "away", reason: "meal", registered: false, expiredAt: expired, status: 480 });
    const hhmm = new Date(since + 9 * 3_600_000).toISOString().slice(11, 16);
    expect(texts(trail, "en")).toEqual([`Internal call from 1001 (a1) to 1002: 1002 is a2, away (meal) since ${hhmm}, phone unregistered since 09:14 → 480`, "End: unreachable"]);
    expect(texts(trail, "ko")[0]).toBe(`내선 통화 1001(a1) → 1002: 1002은(는) a2, 자리 비움 (meal) ${hhmm}부터, 전화기 미등록 (09:14부터) → 480`);
    // No registration at all, and an extension of no agent.
    t.cc.internalCalls.ended({ callId: "x3@pbx", from: "1001", to: "1003", startedAt: now, answeredAt: null, endedBy: "system", endCause: "unavailable", status: 480 }, now);
    const third = t.repos.calls.list("demo", 0, now + 1).find((c) => c.to === "1003")!;
    expect(texts(t.cc.callTrail(third.callId), "en")[0]).toMatch(/^Internal call from 1001 \(a1\) to 1003: 1003 is a3, logged out since \d\d:\d\d, phone unregistered \(no registration\) → 480$/);
  });

  it("C11 (issue 17.3): an internal call MUST name the callee's state when the INVITE came, not after a change while it rang", async () => {
    const t = testCenter();
    recordAgentStates(t.cc.agents, t.repos, silentLogger); // the state log, as main.ts wires it
    t.cc.setState("demo", "a2", "ready");
    t.repos.bindings.upsert(binding("1002", t.clock.now() + 3_600_000));
    await advance(t.clock, 1000);
    const startedAt = t.clock.now();
    await advance(t.clock, 20_000);
    t.cc.setState("demo", "a2", "away", "meal"); // while the phone rang
    t.cc.internalCalls.ended({ callId: "x4@pbx", from: "1001", to: "1002", startedAt, answeredAt: null, endedBy: "system", endCause: "timeout", status: 408 }, t.clock.now());
    const record = t.repos.calls.list("demo", 0, t.clock.now() + 1).find((c) => c.direction === "internal")!;
    expect(record.result).toBe("no-answer");
    expect(texts(t.cc.callTrail(record.callId), "en")).toEqual(["Internal call from 1001 (a1) to 1002: 1002 is a2, ready, phone registered → 408", "End: no answer"]);
  });

  it("C11 (issue 17.3): an internal call to an agent whose device is gone MUST name the cause (registration expired), its binding purged", () => {
    const t = testCenter();
    t.cc.setState("demo", "a2", "ready");
    t.cc.agents.deviceChanged("1002", false, "sip: registration expired 2026-03-04T00:14:00Z");
    const since = t.cc.agentState("demo", "a2").since;
    const now = t.clock.now();
    t.cc.internalCalls.ended({ callId: "x5@pbx", from: "1001", to: "1002", startedAt: now, answeredAt: null, endedBy: "system", endCause: "unavailable", status: 480 }, now);
    const record = t.repos.calls.list("demo", 0, now + 1).find((c) => c.direction === "internal")!;
    const hhmm = new Date(since + 9 * 3_600_000).toISOString().slice(11, 16);
    expect(texts(t.cc.callTrail(record.callId), "en")[0]).toBe(
      `Internal call from 1001 (a1) to 1002: 1002 is a2, unreachable since ${hhmm} (cause: sip: registration expired 2026-03-04T00:14:00Z), phone unregistered (no registration) → 480`,
    );
    expect(texts(t.cc.callTrail(record.callId), "ko")[0]).toBe(
      `내선 통화 1001(a1) → 1002: 1002은(는) a2, 연결 불가 ${hhmm}부터 (원인: sip: registration expired 2026-03-04T00:14:00Z), 전화기 미등록 (등록 없음) → 480`,
    );
  });

  it("C11 (issue 17.3): a trail's end written after a restart MUST follow the steps already written, not overwrite them", () => {
    const t = testCenter();
    t.cc.trail.step("c-old", "demo", "number", { number: "1588", serviceId: "demo", serviceName: "Demo" });
    t.cc.trail.flush();
    // A second recorder (a restart) over the same store: its first step for the call is the end.
    const rec = new TrailRecorder(t.repos, t.clock, silentLogger);
    rec.step("c-old", "demo", "end", { result: "interrupted", hangupBy: "system" });
    rec.flush();
    expect(t.repos.trail.forCall("c-old").map((r) => [r.seq, r.step])).toEqual([[0, "number"], [1, "end"]]);
  });
});
