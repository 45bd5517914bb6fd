import { describe, expect, it } from "bun:test";
import { AGENT_SESSION_TTL_MS, SYSTEM } from "../../cc/index.ts";
import { consoleClient, login, readEvents, testConsole } from "./test-console.ts";

describe("console sign-in pages (A1, H4, X4, X7)", () => {
  it("A1, X7: the sign-in page MUST ask for the service ID, agent ID and password, in Korean and English", async () => {
    const t = testConsole();
    const ko = await (await t.app.request("/agent/login?lang=ko")).text();
    expect(ko).toContain("서비스 ID");
    expect(ko).toContain("ID 저장");
    const en = await (await t.app.request("/agent/login?lang=en")).text();
    for (const s of ["Service ID", "Agent ID", "Password", "Remember ID", "upper and lower case".replace("upper", "Upper")]) expect(en).toContain(s);
    const page = await t.app.request("/agent/history");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/agent/login");
  });

  it("A1, H4: a wrong password, an unknown service, an unknown agent and a blocked agent MUST each get their own message and history entry", async () => {
    const t = testConsole();
    const msg = async (fields: Record<string, string>) => {
      const res = await login(t, fields, "10.0.0.7", "", "/agent/login?lang=en");
      expect(res.status).toBe(401);
      return /data-testid="login-error">([^<]+)</.exec(await res.text())?.[1];
    };
    expect(await msg({ serviceId: "demo", loginId: "a1", password: "not-it-at-all" })).toContain("password");
    expect(await msg({ serviceId: "nope", loginId: "a1", password: t.pw.a1 })).toContain("No service");
    expect(await msg({ serviceId: "demo", loginId: "zz", password: t.pw.a1 })).toContain("no agent");
    t.admin.agents.update(SYSTEM, "demo", "a2", { blocked: true });
    expect(await msg({ serviceId: "demo", loginId: "a2", password: t.pw.a2 })).toContain("blocked");
    expect(t.history()).toEqual(["login:wrong-password", "login:no-service", "login:no-agent", "login:blocked"]);
  });

  it("A1, O5: an organization member without the agent role or CTI mapping MUST be told why, in Korean and English", async () => {
    const t = testConsole();
    await t.repos.members.create({ loginId: "a1", name: "Member a1", password: "member-password-1" });
    const msg = async (lang: string) => {
      const res = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.8", "", `/agent/login?lang=${lang}`);
      expect(res.status).toBe(401);
      return /data-testid="login-error">([^<]+)</.exec(await res.text())?.[1];
    };
    expect(await msg("ko")).toBe("상담 앱으로 전화를 받으려면 이 서비스의 상담사 권한과 CTI 매핑(내선번호)이 필요합니다. 조직관리자에게 문의하세요.");
    expect(await msg("en")).toContain("CTI mapping");
    expect(await msg("en")).not.toContain("login.");
    expect(t.history()).toEqual(["login:no-agent", "login:no-agent", "login:no-agent"]);
  });

  it("A1: MUST sign a second session in only when forced, and sign the first out; the first page learns it at once", async () => {
    const t = testConsole();
    const first = await consoleClient(t, "a1", t.pw.a1, "10.0.0.1");
    const stream = await first.get("/agent/events");
    expect(stream.headers.get("content-type")).toContain("text/event-stream");

    const ask = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.2");
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain('data-testid="confirm"');
    const ticket = /name="ticket" value="([^"]+)"/.exec(html)![1]!;
    expect((await first.get("/agent/")).status).toBe(200);

    const forced = await login(t, { ticket, force: "1" }, "10.0.0.2", "", "/agent/login/confirm");
    expect(forced.status).toBe(303);
    expect(forced.headers.get("set-cookie")).toContain("cc_agent=");

    const events = await readEvents(stream, (e) => e.some((x) => x.event === "signed-out"));
    expect(events.find((e) => e.event === "signed-out")?.data).toBe("forced-logout");
    const kicked = await first.get("/agent/");
    expect(kicked.headers.get("location")).toBe("/agent/login?ended=forced-logout");
    const said = await (await t.app.request("/agent/login?ended=forced-logout&lang=en")).text();
    expect(said).toContain("signed out because this ID signed in somewhere else");
    expect(t.history()).toEqual(["login:success", "logout:forced-logout", "login:success"]);
  });

  it("A1, H4: cancelling the second sign-in MUST keep the first and record \"login cancelled\"", async () => {
    const t = testConsole();
    const first = await consoleClient(t, "a1", t.pw.a1, "10.0.0.1");
    const ask = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.2");
    const ticket = /name="ticket" value="([^"]+)"/.exec(await ask.text())![1]!;
    const res = await login(t, { ticket, force: "0" }, "10.0.0.2", "", "/agent/login/confirm");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data-testid="login-notice"');
    expect((await first.get("/agent/")).status).toBe(200);
    expect(t.history()).toEqual(["login:success", "login:cancelled"]);
  });

  it("A1, H4: an expired session MUST get its own message and an \"expiry\" entry", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.clock.advance(AGENT_SESSION_TTL_MS + 1000);
    const res = await c.get("/agent/stats");
    expect(res.headers.get("location")).toBe("/agent/login?ended=expired");
    const htmx = await c.get("/agent/stats", { "HX-Request": "true" });
    expect(htmx.status).toBe(401);
    const page = await (await t.app.request("/agent/login?ended=expired&lang=en")).text();
    expect(page).toContain("Your session expired");
    expect(t.history()).toEqual(["login:success", "logout:expiry"]);
  });

  it("X4: failed sign-ins MUST be throttled per service, agent ID and address, like the admin sign-in", async () => {
    const t = testConsole();
    for (let i = 0; i < 5; i++) expect((await login(t, { serviceId: "demo", loginId: "a1", password: `wrong-${i}` }, "10.0.0.9")).status).toBe(401);
    const blocked = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.9");
    expect(blocked.status).toBe(429);
    // Five minutes from the last failure (the clock has not moved), said in the page too.
    expect(blocked.headers.get("retry-after")).toBe("300");
    expect(await blocked.text()).toContain("5분");
    expect((await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.10")).status).toBe(303);
    t.clock.advance(5 * 60_000 + 1);
    // The window over, the right password goes on (to the question, as a1 is signed in from .10).
    const later = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 }, "10.0.0.9");
    expect(later.status).toBe(200);
    expect(await later.text()).toContain('data-testid="confirm"');
  });

  it("A1: \"remember ID\" MUST keep the service and agent ID for the next sign-in, never the password", async () => {
    const t = testConsole();
    const res = await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1, remember: "1" });
    const remembered = /cc_agent_id=[^;]+/.exec(res.headers.get("set-cookie") ?? "")![0];
    expect(decodeURIComponent(remembered)).not.toContain(t.pw.a1);
    const page = await (await t.app.request("/agent/login", { headers: { Cookie: remembered } })).text();
    expect(page).toContain('name="serviceId" value="demo"');
    expect(page).toContain('name="loginId" value="a1"');
  });

  it("A1, A2, H4: signing out MUST end the session as \"manual\", and MUST be refused during a call", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    t.cc.setState("demo", "a1", "ready");
    t.cc.agents.get("demo", "a1")!.offer();
    const refused = await c.post("/agent/logout", {});
    expect(refused.headers.get("location")).toBe("/agent/?refused=busy");
    expect((await c.get("/agent/?refused=busy&lang=en")).status).toBe(200);
    t.cc.agents.get("demo", "a1")!.withdrawn();
    const out = await c.post("/agent/logout", {});
    expect(out.headers.get("location")).toBe("/agent/login?out=1");
    expect((await c.get("/agent/")).headers.get("location")).toBe("/agent/login?ended=manual");
    expect(t.history()).toEqual(["login:success", "logout:manual"]);
    expect(t.cc.agentState("demo", "a1").state).toBe("logged-out");
  });

  it("X4: a change from the console MUST carry the session's CSRF token", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const res = await t.app.request("/agent/state", {
      method: "POST",
      headers: { Cookie: c.cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
      body: "state=ready",
    });
    expect(res.status).toBe(403);
    expect(t.cc.agentState("demo", "a1").state).toBe("away");
  });
});
