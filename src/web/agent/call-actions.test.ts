import { describe, expect, it } from "bun:test";
import { flush } from "../../cc/test-clock.ts";
import { consoleClient, testConsole } from "./test-console.ts";

/** a1 signed in to the console and on a call from the queue; a2 signed in and ready. */
async function onCall() {
  const t = testConsole();
  const c = await consoleClient(t, "a1", t.pw.a1);
  t.cc.setState("demo", "a1", "ready");
  const caller = await t.queueCall("01012345678");
  t.telephony.ringing("1001")!.remoteAnswer();
  await flush();
  return { ...t, c, caller };
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as { ok?: boolean; message?: string; call?: { state: string }; error?: { code: string; message: string } } });

describe("the console's call controls under /agent/calls (A4, A5, C9, C10)", () => {
  it("A5/C10: hold and resume MUST act on the agent's own call, answer JSON for the console's status line, and be audited with the agent as actor", async () => {
    const t = await onCall();
    const held = await json(await t.c.post("/agent/calls/hold?lang=en", {}));
    expect(held).toMatchObject({ status: 200, body: { ok: true, message: "On hold: the caller hears music.", call: { state: "held" } } });
    expect(t.caller.playing).toBe("tone:hold");
    const resumed = await json(await t.c.post("/agent/calls/resume?lang=ko", {}));
    expect(resumed).toMatchObject({ status: 200, body: { message: "통화를 재개했습니다.", call: { state: "talking" } } });
    const audit = t.repos.audit.list("demo", 20).filter((e) => e.action === "hold" || e.action === "resume");
    expect(audit.map((e) => [e.action, e.actorKind, e.loginId, e.ip])).toEqual([
      ["resume", "agent", "a1", "10.0.0.1"],
      ["hold", "agent", "a1", "10.0.0.1"],
    ]);
  });

  it("C10: a transfer to an agent who is not ready MUST be refused with the rule's message in the console's language", async () => {
    const t = await onCall();
    t.cc.setState("demo", "a2", "away", "meal");
    const ko = await json(await t.c.post("/agent/calls/transfer?lang=ko", { loginId: "a2" }));
    expect(ko).toMatchObject({ status: 409, body: { error: { code: "agentNotReady", message: "그 상담사는 수신대기 상태가 아닙니다. 수신대기 중인 상담사를 고르세요." } } });
    const en = await t.c.post("/agent/calls/transfer?lang=en", { loginId: "a2" }, { "HX-Request": "true" });
    expect(en.status).toBe(409);
    expect(await en.text()).toContain("That agent is not ready.");
    t.cc.setState("demo", "a2", "ready");
    const ok = await json(await t.c.post("/agent/calls/transfer?lang=en", { loginId: "a2" }));
    expect(ok).toMatchObject({ status: 200, body: { message: "Transferring to a2…" } });
    expect(t.telephony.ringing("1002")).toBeDefined();
    expect(t.cc.agentState("demo", "a1").state).not.toBe("on-call");
  });

  it("C9/A4: dialling an international number MUST be refused with a message and dial nothing; a national one rings the agent first", async () => {
    const t = testConsole();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const c = await consoleClient(t, "a1", t.pw.a1);
    const refused = await json(await c.post("/agent/calls/dial?lang=en", { number: "001-1-555-0100" }));
    expect(refused).toMatchObject({ status: 422, body: { error: { message: "International numbers cannot be dialled." } } });
    expect(t.telephony.dialled).toHaveLength(0);
    const dialled = await json(await c.post("/agent/calls/dial?lang=en", { number: "02-1234-5678", callbackId: "" }));
    expect(dialled).toMatchObject({ status: 200, body: { ok: true, message: "Calling 0212345678: answer your phone.", number: "0212345678" } });
    expect(t.telephony.ringing("1001")!.from).toBe("0212345678");
    expect((await json(await c.post("/agent/calls/hangup?lang=en", {}))).body.message).toBe("Call ended.");
  });

  it("A5: the call controls MUST need the console session and its CSRF token", async () => {
    const t = await onCall();
    const noToken = await t.app.request("/agent/calls/hold", {
      method: "POST", headers: { Cookie: t.c.cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: "",
    }, { ip: { address: "10.0.0.1" } });
    expect(noToken.status).toBe(403);
    const noSession = await t.app.request("/agent/calls/hold", { method: "POST", headers: { Origin: "http://localhost" } }, { ip: { address: "10.0.0.1" } });
    expect(noSession.status).toBe(401);
    expect(t.caller.playing).not.toBe("tone:hold");
  });
});
