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
    const html = await (await admin.get("/admin/services/demo/history/logins")).text();
    expect(html).toContain("테넌트 정보없음");
    expect(html).toContain("세션 만료");
    expect(repos.loginHistory.list(null).some((r) => r.result === "expiry" && r.sessionMs === 12 * 60 * 60_000)).toBe(true);
  });
});

describe("audit log (H5)", () => {
  it("H5: MUST record who viewed or changed what, when and from where, and show it", async () => {
    const { app, repos, state } = await testApp();
    const admin = await adminClient(app);
    await app.request("/admin/services/demo/history/logins", { headers: { Cookie: admin.cookie } }, { ip: { address: "198.51.100.4" } });
    const [entry] = repos.audit.list("demo");
    expect(entry).toMatchObject({ serviceId: "demo", loginId: "admin", action: "view", ip: "198.51.100.4", at: state.now });
    expect(entry!.target).toStartWith("history/logins?");
    const html = await (await admin.get("/admin/services/demo/history/audit?lang=en")).text();
    expect(html).toContain("history/logins?");
    expect(html).toContain("198.51.100.4");
  });
});

describe("one login history and one audit log (H4, H5)", () => {
  it("H4, H5: the old settings addresses MUST redirect permanently to the lookups, keeping the query", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const logins = await admin.get("/admin/services/demo/login-history?lang=en");
    expect(logins.status).toBe(301);
    expect(logins.headers.get("location")).toBe("/admin/services/demo/history/logins?lang=en");
    const log = await admin.get("/admin/services/demo/audit");
    expect(log.status).toBe(301);
    expect(log.headers.get("location")).toBe("/admin/services/demo/history/audit");
  });

  it("H4: admin-page sign-ins MUST be listed to organization admins only", async () => {
    const { app, repos, state } = await testApp();
    repos.loginHistory.record({ loginId: "someadmin", kind: "login", result: "wrong-password", ip: "192.0.2.9" }, state.now);
    const admin = await adminClient(app);
    const html = await (await admin.get("/admin/services/demo/history/logins?scope=admin")).text();
    expect(html).toContain("someadmin");
    const m = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(m.id, "demo", "service-admin");
    const lee = await adminClient(app, "lee", "lee-password");
    const own = await (await lee.get("/admin/services/demo/history/logins?scope=admin")).text();
    expect(own).not.toContain("someadmin");
    expect(own).not.toContain('name="scope"');
  });
});
