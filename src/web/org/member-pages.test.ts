import { describe, expect, it } from "bun:test";
import { recordAgentStates } from "../../cc/index.ts";
import { silentLogger } from "../../lib/index.ts";
import { ORIGIN } from "../admin/test-admin.ts";
import { testCallCenter } from "../api/test-call-center.ts";

/** The API's call center with members: boss (org admin and demo's service admin), a1 and a2 (agents of demo, same login IDs as its agents). */
async function setup() {
  const t = testCallCenter();
  recordAgentStates(t.cc.agents, t.repos, silentLogger);
  const boss = await t.repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password", orgAdmin: true });
  t.repos.members.grant(boss.id, "demo", "service-admin"); // the org admin role alone shows no service data (O4)
  for (const id of ["a1", "a2"]) {
    const m = await t.repos.members.create({ loginId: id, name: `Member ${id}`, password: `${id}-password`, email: `${id}@example.com` });
    t.repos.members.grant(m.id, "demo", "agent");
  }
  return t;
}

/** A signed-in member (not necessarily an admin): GET, and form POST with the CSRF token of their own pages. */
async function adminClient(app: ReturnType<typeof testCallCenter>["app"], loginId: string, password: string) {
  const res = await app.request("/admin/login", {
    method: "POST", headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ loginId, password }).toString(),
  });
  const cookie = /cc_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await app.request("/admin/org/me/settings", { headers: { Cookie: cookie } })).text())?.[1] ?? "";
  return {
    get: (path: string) => app.request(path, { headers: { Cookie: cookie } }),
    post: (path: string, fields: Record<string, string>) =>
      app.request(path, {
        method: "POST", headers: { Cookie: cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
  };
}

describe("a member's own pages and tickets (O7, O8, O9)", () => {
  it("O8: MUST show the account read-only and change nickname, language, ticket assignment and the password (old one checked)", async () => {
    const t = await setup();
    const a1 = await adminClient(t.app, "a1", "a1-password");
    expect((await a1.get("/admin/org")).headers.get("location")).toBe("/admin/org/me/settings");
    expect((await a1.get("/admin")).headers.get("location")).toBe("/admin/org/me/performance");
    const page = await (await a1.get("/admin/org/me/settings")).text();
    expect(page).toContain("a1@example.com");
    expect(page).not.toContain('name="email"');
    const saved = await a1.post("/admin/org/me/settings", { nickname: "Sunny", uiLang: "en" });
    expect(saved.headers.get("location")).toBe("/admin/org/me/settings?saved=1&lang=en");
    expect(t.repos.members.findByLoginId("a1")).toMatchObject({ nickname: "Sunny", uiLang: "en", ticketAssign: false });
    const wrong = await a1.post("/admin/org/me/password", { oldPassword: "nope", newPassword: "a-new-password", confirm: "a-new-password" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("현재 비밀번호가 틀립니다");
    const differ = await a1.post("/admin/org/me/password", { oldPassword: "a1-password", newPassword: "a-new-password", confirm: "other-password" });
    expect(await differ.text()).toContain("새 비밀번호가 서로 다릅니다");
    expect((await a1.post("/admin/org/me/password", { oldPassword: "a1-password", newPassword: "a-new-password", confirm: "a-new-password" })).status).toBe(303);
    await adminClient(t.app, "a1", "a-new-password");
  });

  it("O9: MUST open a ticket from a call's notes, assign it skipping members who turned assignment off, and move its state", async () => {
    const t = await setup();
    const call = await t.answeredCall("01012340000");
    t.repos.calls.update(call.callId, { notes: "Refund asked for order 7" });
    t.repos.members.update(t.repos.members.findByLoginId("a1")!.id, { ticketAssign: false });
    const boss = await adminClient(t.app, "boss", "boss-password");
    const list = await (await boss.get("/admin/org/tickets?serviceId=demo")).text();
    expect(list).toContain("Refund asked for order 7");
    expect((await boss.post("/admin/org/tickets?serviceId=demo", { callId: call.callId })).status).toBe(303);
    const [ticket] = t.repos.tickets.list("demo");
    expect(ticket).toMatchObject({ callId: call.callId, notes: "Refund asked for order 7", state: "in-progress", assignee: "a2" });
    const off = await boss.post(`/admin/org/tickets/${ticket!.id}?serviceId=demo`, { state: "in-progress", assignee: "a1" });
    expect(off.status).toBe(422);
    expect(await off.text()).toContain("티켓 할당을 끈 회원입니다");
    const a2 = await adminClient(t.app, "a2", "a2-password");
    expect((await a2.post(`/admin/org/tickets/${ticket!.id}?serviceId=demo`, { state: "resolved", assignee: "a2" })).status).toBe(303);
    expect(t.repos.tickets.get(ticket!.id)?.state).toBe("resolved");
    const empty = await boss.post("/admin/org/tickets?serviceId=demo", { title: "" });
    expect(empty.status).toBe(422);
    expect(t.repos.tickets.list("demo")).toHaveLength(1);
    // A member sees only their services' tickets (X4).
    t.repos.services.create({ serviceId: "other", name: "Other", number: "0700", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 1 });
    expect((await a2.get("/admin/org/tickets?serviceId=other")).status).toBe(404);
    expect((await a2.post("/admin/org/tickets?serviceId=other", { title: "x" })).status).toBe(404);
  });

  it("O7: MUST show the member's calls, ready time, away reasons and tickets of today", async () => {
    const t = await setup();
    t.cc.login("demo", "a1");
    await t.answeredCall("01012340001", 3000, 60_000); // a1 away (break) while the caller dials in (2 s) and waits (3 s), then 60 s on the call
    t.cc.setState("demo", "a1", "ready");
    await t.advance(10_000);
    const a1 = await adminClient(t.app, "a1", "a1-password");
    const page = await (await a1.get("/admin/org/me/performance?serviceId=demo&lang=en")).text();
    expect(page).toMatch(/Inbound calls \(count\/time\)<\/dt><dd>1 \/ 00:01:0\d/);
    expect(page).toContain("Away · break</dt><dd>00:00:05");
    expect(page).toMatch(/Ready<\/dt><dd>00:00:1\d/);
    expect((await a1.get("/admin/org/me/performance?serviceId=other")).status).toBe(404);
  });
});

describe("CTI management (O5)", () => {
  it("MUST keep CTI settings and the searchable mapping, and give the daily CTI log as Excel only while monitoring is on", async () => {
    const t = await setup();
    const boss = await adminClient(t.app, "boss", "boss-password");
    const a1 = await adminClient(t.app, "a1", "a1-password");
    expect((await a1.get("/admin/org/cti")).status).toBe(403);
    expect((await boss.get("/admin/org/cti/log.xlsx?serviceId=demo")).status).toBe(409);
    expect((await boss.post("/admin/org/cti/settings?serviceId=demo", { tenantId: "T-01", tenantName: "Demo tenant", logMonitoring: "1" })).status).toBe(303);
    expect(t.repos.cti.get("demo")).toEqual({ tenantId: "T-01", tenantName: "Demo tenant", logMonitoring: true });
    expect((await boss.post("/admin/org/cti/map/a1?serviceId=demo", { ctiId: "cti-a1", ctiNumber: "1001" })).status).toBe(303);
    const taken = await boss.post("/admin/org/cti/map/a2?serviceId=demo", { ctiId: "cti-a1", ctiNumber: "1002" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("다른 회원이 쓰는 CTI ID입니다");
    const found = await (await boss.get("/admin/org/cti?serviceId=demo&q=a1@")).text();
    expect(found).toContain('id="cti-a1"');
    expect(found).not.toContain('id="cti-a2"');
    expect(found).toContain("cti-a1");
    await t.answeredCall("01012340002");
    const day = Temporal.Instant.fromEpochMilliseconds(t.clock.now()).toZonedDateTimeISO("Asia/Seoul").toPlainDate().toString();
    const xlsx = await boss.get(`/admin/org/cti/log.xlsx?serviceId=demo&day=${day}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip (xlsx)
  });
});
