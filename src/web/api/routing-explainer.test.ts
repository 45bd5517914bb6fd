import { describe, expect, it } from "bun:test";
import { testCallCenter } from "./test-call-center.ts";

describe("API: routing explainer and change preview (issue 17 points 3 and 6)", () => {
  it("C11: MUST answer a call's trail with facts and plain words, and 404 for an unknown call", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall("01099998888", 3000, 5000);
    await t.advance(1000);
    const r = await t.call("GET", `/services/demo/calls/${rec.callId}/trail?lang=en`);
    expect(r.status).toBe(200);
    const steps = r.json.steps as { step: string; text: string; agents?: string[] }[];
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(["number", "hours", "key", "queue", "round", "offer", "end"]));
    expect(steps.find((s) => s.step === "number")!.text).toBe('Dialled 1588 → service "Demo"');
    expect(steps.find((s) => s.step === "round")!.agents!.some((a) => a.startsWith("a1: away: break"))).toBe(true);
    expect(steps.find((s) => s.step === "offer")!.text).toMatch(/^a1 answered after/);
    expect(steps.at(-1)!.text).toBe("End: call completed");
    const ko = await t.call("GET", `/services/demo/calls/${rec.callId}/trail`);
    expect(ko.json.steps[0].text).toBe("1588 번호로 걸려 옴 → 서비스 \"Demo\"");
    expect((await t.call("GET", "/services/demo/calls/nope/trail")).status).toBe(404);
    expect((await t.call("GET", `/services/demo/calls/${rec.callId}/trail?lang=fr`)).status).toBe(422);
  });

  it("D5: MUST say why each waiting caller still waits, and list an agent's missed offers", async () => {
    const t = testCallCenter({ ringTimeoutSeconds: 15 });
    t.cc.setState("demo", "a1", "ready");
    t.cc.setState("demo", "a2", "away", "meal");
    await t.queueCall("01055556666");
    await t.advance(16_000);
    const w = await t.call("GET", "/services/demo/waiting?lang=en");
    expect(w.status).toBe(200);
    expect(w.json).toHaveLength(1);
    expect(w.json[0].why[0]).toMatch(/^a1: away: no answer \(since /);
    expect(w.json[0].why[1]).toMatch(/^a2: away: meal \(since /);
    expect(w.json[0].why[2]).toMatch(/^a3: logged out/);
    const m = await t.call("GET", "/services/demo/agents/a1/missed-offers?lang=en");
    expect(m.status).toBe(200);
    expect(m.json[0]).toMatchObject({ outcome: "no-answer", text: "a1: rang 15 s, no answer → away (no answer)" });
    expect((await t.call("GET", "/services/demo/agents/ghost/missed-offers")).status).toBe(404);
  });

  it("C3: MUST preview a holiday over today's call, store nothing, and name a malformed field", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall("01012121212", 1000, 1000);
    await t.advance(1000);
    const day = Temporal.Instant.fromEpochMilliseconds(rec.startedAt).toZonedDateTimeISO("Asia/Seoul").toPlainDate().toString();
    const p = await t.call("POST", "/services/demo/changes/preview?lang=en", { change: "holiday-add", holiday: { date: day, name: "Test", kind: "temporary", repeat: "once" } });
    expect(p.status).toBe(200);
    expect(p.json.changed.map((c: { callId: string }) => c.callId)).toEqual([rec.callId]);
    expect(p.json.changed[0].afterText).toBe(`closed: holiday (${day} Test)`);
    expect(t.admin.flows.read("demo").holidays).toEqual([]);
    const bad = await t.call("POST", "/services/demo/changes/preview", { change: "holiday-add", holiday: { date: "tomorrow", kind: "holiday", repeat: "once" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error.fields)).toEqual(["holiday.date"]);
    expect((await t.call("POST", "/services/demo/changes/preview", "{not json")).status).toBeGreaterThanOrEqual(400);
    expect((await t.call("POST", "/services/demo/changes/preview", { change: "what" })).json.error.fields).toHaveProperty("change");
  });
});
