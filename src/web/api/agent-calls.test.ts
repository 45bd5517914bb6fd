import { describe, expect, it } from "bun:test";
import { consoleClient, testConsole } from "../agent/test-console.ts";

describe("the REST API's call controls (X3, C9, C10)", () => {
  it("C10/X3: MUST hold, resume, transfer and hang up an agent's call through /agents/{loginId}/call, audited with the API key", async () => {
    const t = testConsole();
    t.cc.setState("demo", "a1", "ready");
    const caller = await t.queueCall("01012345678");
    t.telephony.ringing("1001")!.remoteAnswer();
    await t.flush();
    expect((await t.call("GET", "/services/demo/agents/a1/call")).json).toMatchObject({ state: "talking" });
    expect((await t.call("GET", "/services/demo/agents/a2/call")).status).toBe(404);
    expect((await t.call("POST", "/services/demo/agents/a1/call/hold")).json).toMatchObject({ state: "held" });
    expect(caller.playing).toBe("tone:hold");
    expect((await t.call("POST", "/services/demo/agents/a1/call/resume")).json).toMatchObject({ state: "talking" });
    const notReady = await t.call("POST", "/services/demo/agents/a1/call/transfer", { loginId: "a2" }, { "Accept-Language": "ko" });
    expect(notReady).toMatchObject({ status: 409, json: { error: { code: "agentNotReady", fields: { loginId: "그 상담사는 수신대기 상태가 아닙니다. 수신대기 중인 상담사를 고르세요." } } } });
    t.cc.setState("demo", "a2", "ready");
    expect((await t.call("POST", "/services/demo/agents/a1/call/transfer", { loginId: "a2" })).status).toBe(200);
    t.telephony.ringing("1002")!.remoteAnswer();
    await t.flush();
    const ended = await t.call("POST", "/services/demo/agents/a2/call/hangup");
    expect(ended.status).toBe(200);
    const call = t.cc.call(ended.json.callId)!;
    expect(call.legs.filter((l) => l.role === "agent").map((l) => l.agent)).toEqual(["a1", "a2"]);
    expect(call.hangupBy).toBe("agent");
    const audit = t.repos.audit.list("demo", 20).filter((e) => e.actorKind === "api-key").map((e) => e.action);
    expect(audit).toEqual(["hangup", "transfer", "resume", "hold"]);
  });

  it("C9/X4: an international number MUST be refused alike by the console and the API, in Korean and English", async () => {
    const t = testConsole();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const c = await consoleClient(t, "a1", t.pw.a1);
    for (const lang of ["ko", "en"] as const) {
      const api = await t.call("POST", "/services/demo/agents/a1/call/dial", { number: "+1 415 555 0100" }, { "Accept-Language": lang });
      const page = (await (await c.post(`/agent/calls/dial?lang=${lang}`, { number: "+1 415 555 0100" })).json()) as { error: { message: string } };
      expect(api.status).toBe(422);
      expect(api.json.error.fields.number).toBe(page.error.message);
      expect(page.error.message).toBe(lang === "ko" ? "국제전화는 걸 수 없습니다." : "International numbers cannot be dialled.");
    }
    expect(t.telephony.dialled).toHaveLength(0);
    const ok = await t.call("POST", "/services/demo/agents/a1/call/dial", { number: "0212345678" });
    expect(ok).toMatchObject({ status: 201, json: { number: "0212345678" } });
  });

  it("X3: the OpenAPI document MUST describe the call controls", async () => {
    const t = testConsole();
    const doc = (await t.call("GET", "/openapi.json")).json;
    for (const op of ["hold", "resume", "transfer", "consult/complete", "consult/cancel", "hangup", "dial"]) {
      expect(doc.paths[`/services/{serviceId}/agents/{loginId}/call/${op}`]?.post, op).toBeDefined();
    }
    expect(doc.components.schemas.Dial.properties).toHaveProperty("callbackId");
  });
});
