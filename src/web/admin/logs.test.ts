import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient, ORIGIN } from "./test-admin.ts";

const signIn = (app: Awaited<ReturnType<typeof testApp>>["app"], loginId: string, password: string) =>
  app.request("/admin/login", {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TestBrowser/1.0" },
    body: new URLSearchParams({ loginId, password }).toString(),
  });

describe("login history (H4)", () => {
  it("H4: MUST record success, no such account, wrong password and blocked, then sign-outs with session length", async () => {
    const { app, repos, db, state } = await testApp();
    await signIn(app, "ghost", "x");
    await signIn(app, "admin", "wrong");
    const m = await repos.members.create({ loginId: "gone", name: "Gone", password: "gone-password" });
    db.run("UPDATE members SET active = 0 WHERE id = ?", [m.id]);
    await signIn(app, "gone", "gone-password");
    const admin = await adminClient(app);
    state.now += 90_000;
    await admin.post("/admin/logout", {});
    const rows = repos.loginHistory.list(null).reverse();
    expect(rows.map((r) => r.result)).toEqual(["no-account", "wrong-password", "blocked", "success", "manual"]);
    expect(rows[0]).toMatchObject({ loginId: "ghost", ip: "unknown", platform: "TestBrowser/1.0", kind: "login" });
    expect(rows[4]).toMatchObject({ kind: "logout", loginId: "admin", sessionMs: 90_000 });
  });

  it("H4: MUST record an expired session as an expiry sign-out and list it on the page", async () => {
    const { app, repos, state } = await testApp();
    const first = await adminClient(app);
    repos.loginHistory.record({ serviceId: "demo", loginId: "agent1", kind: "login", result: "no-service", ip: "192.0.2.1" }, state.now);
    state.now += 13 * 60 * 60_000;
    expect((await first.get("/admin/services/demo/info")).status).toBe(303);
    const admin = await adminClient(app);
    const html = await (await admin.get("/admin/services/demo/login-history")).text();
    expect(html).toContain("테넌트 정보없음");
    expect(html).toContain("세션 만료");
    expect(repos.loginHistory.list(null).some((r) => r.result === "expiry" && r.sessionMs === 12 * 60 * 60_000)).toBe(true);
  });
});

describe("audit log (H5)", () => {
  it("H5: MUST record who viewed or changed what, when and from where, and show it", async () => {
    const { app, repos, state } = await testApp();
    const admin = await adminClient(app);
    await app.request("/admin/services/demo/login-history", { headers: { Cookie: admin.cookie } }, { ip: { address: "198.51.100.4" } });
    const [entry] = repos.audit.list("demo");
    expect(entry).toEqual({ id: entry!.id, serviceId: "demo", loginId: "admin", action: "view", target: "login-history", ip: "198.51.100.4", at: state.now });
    const html = await (await admin.get("/admin/services/demo/audit?lang=en")).text();
    expect(html).toContain("login-history");
    expect(html).toContain("198.51.100.4");
  });
});
