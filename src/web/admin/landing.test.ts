import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { addOtherService, adminClient } from "./test-admin.ts";

describe("landing and navigation (issue 9, D, X4)", () => {
  it("a member of one service MUST land on its monitoring page after sign-in", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const home = await admin.get("/admin");
    expect(home.headers.get("location")).toBe("/admin/services/demo/dashboard");
    expect((await app.request("/admin")).headers.get("location")).toBe("/admin/login");
    expect((await app.request("/")).headers.get("location")).toStartWith("/admin");
  });

  it("an admin of several services MUST land on the list of services with how ready each is; a service admin on their service", async () => {
    const { app, repos } = await testApp();
    addOtherService(repos);
    repos.members.grant(repos.members.findByLoginId("admin")!.id, "other", "service-admin");
    const admin = await adminClient(app);
    expect((await admin.get("/admin")).headers.get("location")).toBe("/admin/services");
    const list = await (await admin.get("/admin/services")).text();
    expect(list).toContain('href="/admin/services/demo/dashboard">Demo</a>');
    expect(list).toContain('href="/admin/services/other/dashboard">Other</a>');
    expect(list).toContain("준비 2/6");
    const m = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(m.id, "other", "service-admin");
    const lee = await adminClient(app, "lee", "lee-password");
    expect((await lee.get("/admin")).headers.get("location")).toBe("/admin/services/other/dashboard");
    expect(await (await lee.get("/admin/services")).text()).not.toContain("/admin/services/demo/");
  });

  it("the header MUST name services, carrier trunks and registered devices apart from the desk phones of a service", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const ko = await (await admin.get("/admin/services/demo/phones")).text();
    expect(ko).toContain('<a href="/admin/phones">등록 현황</a>');
    expect(ko).toContain('<a href="/admin/trunks">회선(트렁크)</a>');
    expect(ko).toContain("<h1>전화기 관리</h1>");
    const en = await (await admin.get("/admin/phones?lang=en")).text();
    expect(en).toContain("<h1>Registered devices: phones connected now</h1>");
    // Every page of the seed's four menus is in the top navigation's panels (one click away).
    const nav = await (await admin.get("/admin/services/demo/info")).text();
    for (const p of ["dashboard", "statistics", "history/calls", "history/consultations", "history/callbacks", "history/logins", "history/audit", "info", "phones", "prompts", "menu", "hours", "holidays", "agents", "assignment", "types", "work", "access"]) {
      expect(nav, p).toContain(`href="/admin/services/demo/${p}"`);
    }
    expect(nav).toContain('href="/admin/trunks?service=demo"');
  });
});
