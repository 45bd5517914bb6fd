import { describe, expect, it } from "bun:test";
import { testCallCenter } from "./test-call-center.ts";

/** A caller in queue "main" presses the callback key (C7). */
async function requestCallback(t: ReturnType<typeof testCallCenter>, from: string) {
  const caller = await t.queueCall(from);
  caller.press("*");
  await t.advance(2500);
}

describe("REST API: callbacks, statistics, live figures, agent states (C7, S1, D1–D6, A2)", () => {
  it("C7: MUST list callback requests with their state and change log", async () => {
    const t = testCallCenter();
    await requestCallback(t, "01099998888");
    const r = await t.call("GET", "/services/demo/callbacks");
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(1);
    expect(r.json[0]).toMatchObject({ queueId: "main", number: "01099998888", state: "requested", tries: 0, agent: null });
    expect(r.json[0].createdAt).toMatch(/^2026-03-04T/);
    expect(r.json[0].log).toEqual([expect.objectContaining({ action: "requested", state: "requested", agent: null })]);
    expect((await t.call("GET", "/services/demo/callbacks?state=completed")).json).toEqual([]);
    expect((await t.call("GET", "/services/demo/callbacks?state=requested")).json).toHaveLength(1);
  });

  it("C7: MUST complete, fail and delete requests, logging agent and time, and refuse a closed one", async () => {
    const t = testCallCenter();
    for (const n of ["0101", "0102", "0103"]) await requestCallback(t, n);
    const [a, b, c] = (await t.call("GET", "/services/demo/callbacks")).json.map((x: { id: number }) => x.id);
    const done = await t.call("POST", `/services/demo/callbacks/${a}/complete`, { agent: "a1" });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ state: "completed", agent: "a1" });
    expect(done.json.log.map((l: { state: string; agent: string | null }) => [l.state, l.agent])).toEqual([["requested", null], ["completed", "a1"]]);
    expect((await t.call("POST", `/services/demo/callbacks/${b}/fail`)).json).toMatchObject({ state: "failed", agent: "api" });
    expect((await t.call("DELETE", `/services/demo/callbacks/${c}`, { agent: "a2" })).json).toMatchObject({ state: "deleted", agent: "a2" });
    const again = await t.call("POST", `/services/demo/callbacks/${a}/fail`, { agent: "a1" });
    expect(again.status).toBe(409);
    expect(t.cc.callbacks("demo").map((x) => x.state)).toEqual(["completed", "failed", "deleted"]);
  });

  it("C7: MUST refuse bad callback input with 404 or 422, changing nothing", async () => {
    const t = testCallCenter();
    await requestCallback(t, "0101");
    const id = t.cc.callbacks("demo")[0]!.id;
    expect((await t.call("POST", `/services/demo/callbacks/${id}/complete`, { agent: "ghost" })).json.error.fields.agent).toBe("Does not exist.");
    expect((await t.call("POST", `/services/demo/callbacks/${id}/complete`, { agent: "a1", extra: 1 })).status).toBe(422);
    expect((await t.call("POST", "/services/demo/callbacks/abc/complete")).json.error.fields.id).toBeDefined();
    expect((await t.call("POST", "/services/demo/callbacks/999/complete")).status).toBe(404);
    expect((await t.call("GET", "/services/demo/callbacks?state=open")).json.error.fields.state).toBeDefined();
    t.repos.services.create({ serviceId: "other", name: "Other", number: "1599", callerId: "1599", timezone: "UTC", language: "en", state: "active", licences: 1 });
    expect((await t.call("DELETE", `/services/other/callbacks/${id}`)).status).toBe(404);
    expect(t.cc.callbacks("demo")[0]!.state).toBe("requested");
  });

  it("S1: MUST answer statistics by queue and by agent, per interval", async () => {
    const t = testCallCenter();
    await t.answeredCall("0101", 3000, 30_000);
    await t.answeredCall("0102", 25_000, 60_000);
    const byQueue = await t.call("GET", "/services/demo/stats?by=queue&from=2026-03-04&to=2026-03-04");
    expect(byQueue.status).toBe(200);
    expect(byQueue.json).toEqual([
      expect.objectContaining({ key: "main", period: null, offered: 2, answered: 2, answeredWithinSl: 1, answerRate: 1, serviceLevel: 0.5, maxWaitSeconds: 25, avgTalkSeconds: 45 }),
    ]);
    const byAgent = await t.call("GET", "/services/demo/stats?by=agent&interval=hour");
    expect(byAgent.json).toEqual([expect.objectContaining({ key: "a1", period: "2026-03-04T10", answered: 2 })]);
    expect((await t.call("GET", "/services/demo/stats?by=queue&from=2026-03-05")).json).toEqual([]);
  });

  it("S1: MUST report the average wrap-up time by queue and by agent; C11: MUST answer each call's wrap-up seconds", async () => {
    const t = testCallCenter();
    const first = await t.answeredCall("0101", 3000, 30_000);
    expect((await t.call("GET", `/services/demo/calls/${first.callId}`)).json.wrapUpSeconds).toBeNull();
    await t.advance(12_000);
    t.cc.setState("demo", "a1", "ready"); // leaves wrap-up after 12 s
    const second = await t.answeredCall("0102", 3000, 30_000);
    await t.advance(60_000); // the wrap-up timer (30 s by default) ends it
    expect((await t.call("GET", `/services/demo/calls/${first.callId}`)).json.wrapUpSeconds).toBe(12);
    const list = await t.call("GET", "/services/demo/calls?from=2026-03-04&to=2026-03-04");
    expect(list.json.map((c: { callId: string; wrapUpSeconds: number | null }) => [c.callId, c.wrapUpSeconds])).toEqual([
      [first.callId, 12], [second.callId, 30],
    ]);
    for (const by of ["queue", "agent"]) {
      const rows = (await t.call("GET", `/services/demo/stats?by=${by}&from=2026-03-04&to=2026-03-04`)).json;
      expect(rows).toEqual([expect.objectContaining({ answered: 2, avgWrapUpSeconds: 21 })]);
    }
  });

  it("S1: MUST refuse bad statistics parameters with 422", async () => {
    const t = testCallCenter();
    const r = await t.call("GET", "/services/demo/stats?by=planet&interval=year&from=soon");
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(["by", "from", "interval"]);
    expect((await t.call("GET", "/services/nope/stats")).status).toBe(404);
  });

  it("D1–D6: MUST answer the live figures: waiting callers, agent states, today's trend", async () => {
    const t = testCallCenter();
    await t.answeredCall("0101", 2000, 10_000);
    await t.queueCall("0102");
    await t.advance(7000);
    const r = await t.call("GET", "/services/demo/live");
    expect(r.status).toBe(200);
    expect(r.json.at).toBe(new Date(t.clock.now()).toISOString());
    expect(r.json.resources).toMatchObject({ linesInUse: 1, licences: 10 });
    expect(r.json.inboundTrend.today[10]).toBe(2);
    expect(r.json.inboundTrend.yesterday).toHaveLength(24);
    expect(r.json.service).toMatchObject({ totalInbound: 2, answered: 1 });
    expect(r.json.queues.map((q: { key: string }) => q.key)).toEqual(["main"]);
    expect(r.json.waiting).toEqual([{ queueId: "main", waiting: 1, longestWaitSeconds: 7 }]);
    expect(r.json.agents.list.map((a: { loginId: string; state: string }) => [a.loginId, a.state])).toContainEqual(["a1", "wrap-up"]);
    expect(Object.values(r.json.agents.counts).reduce((s: number, n) => s + (n as number), 0)).toBe(3);
  });

  it("A2: MUST set an agent's state through the contact center, and refuse it while on a call", async () => {
    const t = testCallCenter();
    const r = await t.call("POST", "/services/demo/agents/a2/state", { state: "away", reason: "meal" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ loginId: "a2", state: "away" });
    expect(t.cc.agentState("demo", "a2")).toMatchObject({ state: "away", reason: "meal" });
    t.cc.setState("demo", "a1", "ready");
    await t.queueCall();
    t.telephony.ringing("1001")!.remoteAnswer();
    await t.flush();
    const busy = await t.call("POST", "/services/demo/agents/a1/state", { state: "away", reason: "break" });
    expect(busy.status).toBe(409);
    expect(busy.json.error.code).toBe("busy");
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
  });

  it("X3: MUST describe the contact-center routes in the OpenAPI document", async () => {
    const t = testCallCenter();
    const r = await t.call("GET", "/openapi.json");
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.paths)).toEqual(
      expect.arrayContaining([
        "/services/{serviceId}/ivr", "/services/{serviceId}/calls", "/services/{serviceId}/calls/{callId}",
        "/services/{serviceId}/calls/{callId}/recording", "/services/{serviceId}/callbacks", "/services/{serviceId}/callbacks/{id}/complete",
        "/services/{serviceId}/callbacks/{id}/fail", "/services/{serviceId}/callbacks/{id}", "/services/{serviceId}/stats", "/services/{serviceId}/live",
      ]),
    );
    expect(r.json.components.schemas.Call.properties).toHaveProperty("recording");
  });
});
