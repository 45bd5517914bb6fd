import { loadConfig } from "../../config.ts";
import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";

const ORIGIN = "http://localhost";

async function signIn(app: Awaited<ReturnType<typeof testApp>>["app"], loginId = "admin", password = "admin-password") {
  return app.request("/admin/login", {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ loginId, password }).toString(),
  });
}

function sessionCookie(res: Response): string {
  const set = res.headers.get("set-cookie") ?? "";
  const m = /cc_session=([^;]+)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return `cc_session=${m[1]}`;
}

describe("admin sign-in (X4)", () => {
  it("X4: MUST sign in with the admin password and set a HttpOnly SameSite=Lax session cookie", async () => {
    const { app } = await testApp();
    const res = await signIn(app);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
    const set = res.headers.get("set-cookie")!;
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Lax");
    expect(set).not.toContain("Secure");
  });

  it("X4: MUST mark the session cookie Secure behind a trusted HTTPS-terminating proxy, and not on a forged header", async () => {
    const { app } = await testApp({ config: { ...loadConfig({}), trustedProxies: ["10.0.0.5"] } });
    const post = (ip: string) =>
      app.request(
        "http://cc.example/admin/login",
        {
          method: "POST",
          headers: { Origin: "http://cc.example", "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.4" },
          body: "loginId=admin&password=admin-password",
        },
        { ip: { address: ip, port: 50000 } },
      );
    expect((await post("10.0.0.5")).headers.get("set-cookie")).toContain("Secure");
    expect((await post("203.0.113.9")).headers.get("set-cookie")).not.toContain("Secure");
  });

  it("X4: MUST mark the session cookie Secure over HTTPS", async () => {
    const { app } = await testApp();
    const res = await app.request("https://cc.example/admin/login", {
      method: "POST",
      headers: { Origin: "https://cc.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "loginId=admin&password=admin-password",
    });
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  it("X4: MUST refuse a wrong password with the same message as an unknown login", async () => {
    const { app } = await testApp();
    const wrong = await signIn(app, "admin", "nope");
    const unknown = await signIn(app, "ghost", "nope");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get("set-cookie") ?? "").not.toContain("cc_session");
    const text = await wrong.text();
    expect(text).toContain("아이디 또는 비밀번호가 올바르지 않습니다.");
    expect(await unknown.text()).toContain("아이디 또는 비밀번호가 올바르지 않습니다.");
  });

  it("X4: MUST throttle sign-in after 5 failures per login id and address for 5 minutes", async () => {
    const { app, state } = await testApp();
    for (let i = 0; i < 5; i++) expect((await signIn(app, "admin", "bad")).status).toBe(401);
    const blocked = await signIn(app, "admin", "admin-password");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("300");
    expect(await blocked.text()).toContain("5분");
    expect((await signIn(app, "other", "bad")).status).toBe(401);
    state.now += 5 * 60_000 + 1;
    expect((await signIn(app)).status).toBe(303);
  });

  it("X4: MUST refuse a cross-site form post (CSRF)", async () => {
    const { app } = await testApp();
    const res = await app.request("/admin/login", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "loginId=admin&password=admin-password",
    });
    expect(res.status).toBe(403);
  });

  it("X4: sign-out MUST need the session's CSRF token and then end the session", async () => {
    const { app } = await testApp();
    const cookie = sessionCookie(await signIn(app));
    const page = await (await app.request("/admin/phones", { headers: { Cookie: cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = (body: string) =>
      app.request("/admin/logout", {
        method: "POST",
        headers: { Cookie: cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
    expect((await post("_csrf=wrong")).status).toBe(403);
    expect((await post(`_csrf=${encodeURIComponent(token)}`)).status).toBe(303);
    const after = await app.request("/admin/phones", { headers: { Cookie: cookie } });
    expect(after.status).toBe(303);
  });

  it("X4: MUST refuse agents and unknown sessions on admin pages", async () => {
    const { app, repos } = await testApp();
    const res = await app.request("/admin/phones");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/login?next=%2Fadmin%2Fphones");
    const hx = await app.request("/admin/phones", { headers: { "HX-Request": "true" } });
    expect(hx.status).toBe(401);
    expect(hx.headers.get("hx-redirect")).toStartWith("/admin/login");
    const m = await repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password" });
    repos.members.grant(m.id, "demo", "agent");
    const cookie = sessionCookie(await signIn(app, "kim", "kim-password"));
    expect((await app.request("/admin/phones", { headers: { Cookie: cookie } })).status).toBe(403);
  });
});

describe("Phones page", () => {
  it("MUST list live registrations, full page normally and a fragment for htmx", async () => {
    const { app, state } = await testApp();
    state.bindings = [
      {
        aor: "1001",
        contact: "<sip:1001@192.0.2.1:5062;transport=tcp>",
        source: { transport: "tcp", address: "192.0.2.1", port: 40000 },
        callId: "c",
        cseq: 1,
        expiresAt: state.now + 90_000,
        updatedAt: state.now,
        userAgent: "Yealink SIP-T46U",
      },
    ];
    const cookie = sessionCookie(await signIn(app));
    const full = await app.request("/admin/phones?lang=en", { headers: { Cookie: cookie } });
    const html = await full.text();
    expect(html).toStartWith("<!DOCTYPE html>");
    expect(html).toContain("Registered devices");
    expect(html).toContain("Agent 1");
    expect(html).toContain("tcp 192.0.2.1:40000");
    expect(html).toContain("Yealink SIP-T46U");
    expect(html).toContain("90 s");
    expect(html).toContain('hx-trigger="every 2s"');
    expect(html).toContain('src="/assets/htmx.min.js"');
    const frag = await app.request("/admin/phones", { headers: { Cookie: `${cookie}; lang=en`, "HX-Request": "true" } });
    const part = await frag.text();
    expect(part).toStartWith('<section id="phones"');
    expect(part).not.toContain("<html");
    expect(part).toContain("1 registered");
  });

  it("X7: MUST speak Korean or English by ?lang=, cookie or Accept-Language", async () => {
    const { app } = await testApp();
    const ko = await (await app.request("/admin/login")).text();
    expect(ko).toContain("관리자 로그인");
    const en = await (await app.request("/admin/login", { headers: { "Accept-Language": "en-US,en;q=0.9,ko;q=0.5" } })).text();
    expect(en).toContain("Admin sign-in");
    const pick = await app.request("/admin/login?lang=en");
    expect(pick.headers.get("set-cookie")).toContain("lang=en");
    const byCookie = await (await app.request("/admin/login", { headers: { Cookie: "lang=en", "Accept-Language": "ko" } })).text();
    expect(byCookie).toContain("Admin sign-in");
  });
});
