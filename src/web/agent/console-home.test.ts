import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import readXlsxFile from "read-excel-file/node";
import { adminClient } from "../admin/test-admin.ts";
import { consoleClient, readEvents, testConsole } from "./test-console.ts";

const text = (html: string, testid: string) => new RegExp(`data-testid="${testid}"[^>]*>([\\s\\S]*?)</`).exec(html)?.[1];
const WORK = { stateAfterLogin: "away", stateAfterCall: "wrap-up", screenPopUrl: "https://crm.example/customer?n={caller}" } as const;

describe("the console's main screen (A2, A3, A6, A7, X7)", () => {
  it("A2: MUST show the state with its time in state, and the buttons MUST pick ready, away with a reason, and wrap-up", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.clock.advance(65_000);
    const home = await (await c.get("/agent/?lang=en")).text();
    expect(text(home, "state")).toContain("Away");
    expect(text(home, "elapsed")).toBe("1:05");
    const ready = await c.post("/agent/state", { state: "ready" }, { "HX-Request": "true" });
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('data-state="ready"');
    await c.post("/agent/state", { state: "away", reason: "meal" }, { "HX-Request": "true" });
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "meal" });
    const plain = await c.post("/agent/state", { state: "wrap-up" });
    expect(plain.status).toBe(303);
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    const audit = t.repos.audit.list("demo", 20).filter((e) => e.action === "state");
    expect(audit.every((e) => e.actorKind === "agent" && e.loginId === "a1")).toBe(true);
    expect(audit).toHaveLength(3);
  });

  it("A2: no state change while on a call: the domain MUST refuse it and the panel MUST say so", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.cc.setState("demo", "a1", "ready");
    t.cc.agents.get("demo", "a1")!.offer();
    const res = await c.post("/agent/state?lang=en", { state: "away", reason: "break" }, { "HX-Request": "true" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(text(html, "state-error")).toContain("on a call");
    expect(html).not.toContain('data-testid="pick-ready"');
    expect(t.cc.agentState("demo", "a1").state).toBe("ringing");
  });

  it("A3, G9: the stream MUST tell the console when the agent rings, with the caller's number, the customer's last calls and the screen-pop URL once switched on", async () => {
    const t = testConsole();
    t.admin.flows.setWork(SYSTEM, "demo", { ...WORK, stateAfterCall: "ready" });
    const earlier = await t.answeredCall("01055556666", 1000, 30_000);
    t.admin.console.saveNotes({ kind: "agent", id: "a1" }, "demo", "a1", { callId: earlier.callId, notes: "asked about delivery" });
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.cc.setState("demo", "a1", "away", "break");
    await t.queueCall("01055556666");
    t.cc.setState("demo", "a1", "ready");
    await t.flush();
    expect(t.cc.agentState("demo", "a1").state).toBe("ringing");
    const off = await readEvents(await c.get("/agent/events?lang=en"), (e) => e.some((x) => x.event === "call"));
    const panel = off.find((e) => e.event === "call")!.data;
    expect(panel).toContain('data-testid="incoming"');
    expect(text(panel, "caller")).toBe("01055556666");
    expect(panel).toContain("asked about delivery");
    expect(panel).not.toContain("crm.example"); // screen-pop is off by default
    t.admin.console.setPrefs({ kind: "agent", id: "a1" }, "demo", "a1", { screenPop: true, phoneMode: "softphone" });
    const on = await readEvents(await c.get("/agent/events?lang=en"), (e) => e.some((x) => x.event === "call"));
    expect(on.find((e) => e.event === "call")!.data).toContain('data-popup="https://crm.example/customer?n=01055556666"');
  });

  it("A3, C10: during a call the panel MUST show the customer's number and the call controls (posted to /agent/calls), with the ready agents to transfer to", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.cc.setState("demo", "a2", "away", "break");
    t.cc.setState("demo", "a3", "away", "break");
    await t.queueCall("01099998888");
    t.cc.setState("demo", "a1", "ready");
    await t.flush();
    t.telephony.ringing("1001")!.remoteAnswer();
    await t.flush();
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    t.cc.setState("demo", "a2", "ready");
    const events = await readEvents(await c.get("/agent/events?lang=en"), (e) => e.some((x) => x.event === "call"));
    const panel = events.find((e) => e.event === "call")!.data;
    expect(panel).toContain('data-testid="in-call"');
    expect(text(panel, "caller")).toBe("01099998888");
    for (const a of ["hold", "resume", "transfer", "consult-complete", "consult-cancel", "hangup"]) expect(panel).toContain(`data-testid="call-${a}"`);
    expect(panel).toContain('action="/agent/calls/hold"');
    expect(panel).toContain('<option value="a2">');
    expect(panel).not.toContain('<option value="a3">');
  });

  it("A3, C9: for a call the agent dialled, the panel MUST name the dialled party, not a caller, while dialling and once connected", async () => {
    const t = testConsole();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const c = await consoleClient(t, "a1", t.pw.a1);
    const panel = async (lang: string) =>
      (await readEvents(await c.get(`/agent/events?lang=${lang}`), (e) => e.some((x) => x.event === "call"))).find((e) => e.event === "call")!.data;
    const agentLeg = t.telephony.call("1001", "0212345678", "1001");
    await t.flush();
    expect(t.cc.agentState("demo", "a1").state).toBe("dialing");
    const dialling = await panel("en");
    expect(dialling).toContain("Dialled number");
    expect(dialling).not.toContain(">Caller<");
    expect(text(dialling, "caller")).toBe("0212345678");
    t.telephony.dialled.at(-1)!.remoteAnswer();
    await t.flush();
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    const connected = await panel("ko");
    expect(connected).toContain("수신번호");
    expect(connected).not.toContain("발신번호");
    expect(text(connected, "caller")).toBe("0212345678");
    agentLeg.remoteHangup();
    await t.flush();
  });

  it("A6: after a call, with wrap-up as G9's after-call state, MUST show the wrap-up form and save type and notes when the agent picks ready; visible in history and in the admin's consultation history and export", async () => {
    const t = testConsole();
    t.admin.flows.setWork(SYSTEM, "demo", WORK);
    const type = t.admin.types.add(SYSTEM, "demo", { name: "Delivery" });
    const c = await consoleClient(t, "a1", t.pw.a1);
    const call = await t.answeredCall("01077778888");
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    const events = await readEvents(await c.get("/agent/events"), (e) => e.some((x) => x.event === "wrapup"));
    expect(events.find((e) => e.event === "wrapup")!.data).toBe(call.callId);
    const form = await (await c.get("/agent/wrap-up?lang=en")).text();
    expect(form).toContain(`data-call="${call.callId}"`);
    expect(form).toContain("01077778888");
    expect(form).toContain("Delivery");

    const saved = await c.post("/agent/wrap-up", { callId: call.callId, typeId: String(type.id), notes: "Parcel late.\nSent a new one.", then: "ready" }, { "HX-Request": "true" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('data-testid="wrap-saved"');
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
    expect(t.repos.calls.get(call.callId)).toMatchObject({ type: String(type.id), notes: "Parcel late.\nSent a new one." });
    expect(text(await (await c.get("/agent/wrap-up")).text(), "wrap-up")).toBeUndefined();

    const detail = await (await c.get(`/agent/history/${call.callId}`)).text();
    expect(text(detail, "detail-notes")).toBe("Parcel late.\nSent a new one.");
    const edited = await c.post("/agent/wrap-up", { callId: call.callId, typeId: String(type.id), notes: "Parcel late. Resent.", mode: "edit", then: "stay" }, { "HX-Request": "true" });
    expect(await edited.text()).toContain('data-testid="wrap-saved"');

    const boss = await t.repos.members.create({ loginId: "admin", name: "Admin", password: "admin-password", orgAdmin: true });
    t.repos.members.grant(boss.id, "demo", "service-admin"); // the org admin role alone shows no service data (O4)
    const admin = await adminClient(t.app as never);
    const consultations = await (await admin.get("/admin/services/demo/history/consultations?lang=en&from=2026-03-04&to=2026-03-04")).text();
    expect(consultations).toContain("Parcel late. Resent.");
    expect(consultations).toContain("Delivery");
    const xlsx = await admin.get(`/admin/services/demo/history/consultations/export.xlsx?ids=${call.callId}&lang=en`);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet!.data[0]![5]).toBe("Notes");
    expect(sheet!.data[1]![5]).toBe("Parcel late. Resent.");
  });

  it("A6: notes over 1024 characters MUST be refused with a field message, keeping what was typed, and nothing already saved is lost", async () => {
    const t = testConsole();
    t.admin.flows.setWork(SYSTEM, "demo", WORK);
    const c = await consoleClient(t, "a1", t.pw.a1);
    const call = await t.answeredCall("01011113333");
    await c.post("/agent/wrap-up", { callId: call.callId, notes: "first version", mode: "edit", then: "stay" }, { "HX-Request": "true" });
    const long = `${"가".repeat(1020)}abcde`;
    const res = await c.post("/agent/wrap-up?lang=en", { callId: call.callId, notes: long, then: "ready" }, { "HX-Request": "true" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(text(html, "notes-error")).toBe("Too long.");
    expect(html).toContain(long);
    expect(t.repos.calls.get(call.callId)!.notes).toBe("first version");
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
  });

  it("A6: picking away with a reason from the wrap-up form MUST save the notes and set away with that reason; another agent's call MUST be refused, its notes untouched", async () => {
    const t = testConsole();
    t.admin.flows.setWork(SYSTEM, "demo", WORK);
    const c = await consoleClient(t, "a1", t.pw.a1);
    const call = await t.answeredCall("01022223333");
    expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
    const saved = await c.post("/agent/wrap-up", { callId: call.callId, notes: "Asked for a refund.", then: "away", reason: "meal" }, { "HX-Request": "true" });
    expect(saved.status).toBe(200);
    expect(t.repos.calls.get(call.callId)!.notes).toBe("Asked for a refund.");
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "meal" });

    const other = await consoleClient(t, "a2", t.pw.a2, "10.0.0.2");
    const refused = await other.post("/agent/wrap-up?lang=en", { callId: call.callId, notes: "Not my call.", mode: "edit", then: "stay" }, { "HX-Request": "true" });
    expect(refused.status).toBe(404);
    expect(t.repos.calls.get(call.callId)!.notes).toBe("Asked for a refund.");
    expect((await other.get(`/agent/history/${call.callId}?lang=en`)).status).toBe(200);
    expect(await (await other.get(`/agent/history/${call.callId}?lang=en`)).text()).not.toContain('data-testid="save-notes"');
  });

  it("A7: MUST show customers waiting, today's answer rate, the yesterday/today chart and my performance today", async () => {
    const t = testConsole();
    await t.answeredCall("01000000001", 4000, 20_000);
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.cc.setState("demo", "a1", "away", "break");
    t.cc.setState("demo", "a2", "away", "break");
    await t.queueCall("01000000002");
    const home = await (await c.get("/agent/?lang=en")).text();
    expect(home).toMatch(/data-testid="waiting"[\s\S]*?<strong>1</);
    expect(home).toMatch(/data-testid="answer-rate"[\s\S]*?<strong>50%/);
    expect(home).toMatch(/data-testid="my-answered"[\s\S]*?<strong>1 \/ 1/);
    const chart = JSON.parse(/data-values="([^"]+)"/.exec(home)![1]!.replaceAll("&quot;", '"'));
    expect(chart.today.offered.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(chart.today.answered.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(chart.both.offered.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(Math.max(...chart.today.maxWait.filter((x: number | null) => x !== null))).toBeGreaterThanOrEqual(4);
  });

  it("A4, C9: the main screen MUST offer a dialpad posting to the call controls' dial, and redial MUST offer the last number the agent dialled", async () => {
    const t = testConsole();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const c = await consoleClient(t, "a1", t.pw.a1);
    const before = await (await c.get("/agent/?lang=en")).text();
    expect(before).toMatch(/<form method="post" action="\/agent\/calls\/dial" data-call-action="#pad-result">/);
    for (const k of ["0", "9", "*", "#"]) expect(before).toContain(`data-pad-key="${k}"`);
    expect(before).not.toContain('data-testid="pad-redial"');
    const dialled = await c.post("/agent/calls/dial?lang=en", { number: "02-1234-5678" });
    expect(dialled.status).toBe(200);
    await c.post("/agent/calls/hangup", {});
    const after = await (await c.get("/agent/?lang=ko")).text();
    expect(text(after, "pad-redial")).toBe("재다이얼 0212345678");
    expect(after).toMatch(/name="number" value="0212345678"[^]*?data-testid="pad-redial"/);
    expect((await t.app.request("/agent/assets/dialpad.js")).status).toBe(200);
  });

  it("X7, A5: the console MUST speak Korean and English, and leave a guarded slot for the softphone (desk-phone mode without it)", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const ko = await (await c.get("/agent/?lang=ko")).text();
    expect(ko).toContain("수신대기");
    expect(ko).toContain('id="softphone"');
    expect(ko).toContain('<script src="/agent/softphone.js" defer=""></script>');
    const en = await (await c.get("/agent/?lang=en")).text();
    for (const s of ["Ready", "Away", "Wrap-up", "Customers waiting", "My performance today"]) expect(en).toContain(s);
    await c.post("/agent/more/settings", { screenPop: "1", phoneMode: "desk" });
    const desk = await (await c.get("/agent/?lang=en")).text();
    expect(desk).not.toContain("/agent/softphone.js");
    expect(desk).toContain("Calls ring your desk phone (extension 1001)");
  });
});
