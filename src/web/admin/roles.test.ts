import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { addOtherService, adminClient } from "./test-admin.ts";

describe("roles and scoping (X4)", () => {
  it("X4: an agent MUST get 403 on every admin page", async () => {
    const { app, repos } = await testApp();
    const m = await repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password" });
    repos.members.grant(m.id, "demo", "agent");
    const kim = await adminClient(app, "kim", "kim-password");
    for (const p of ["/admin/services", "/admin/services/demo/info", "/admin/services/demo/agents"]) {
      expect((await kim.get(p)).status).toBe(403);
    }
  });

  it("X4: a service admin MUST see only their services; another service's data is never visible", async () => {
    const { app, repos } = await testApp();
    addOtherService(repos);
    const m = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(m.id, "demo", "service-admin");
    const lee = await adminClient(app, "lee", "lee-password");
    const page = await (await lee.get("/admin/services/demo/info")).text();
    expect(page).toContain('value="demo"');
    expect(page).not.toContain('value="other"');
    for (const area of ["info", "agents", "assignment", "types", "work", "access", "phones", "hours", "holidays", "menu", "prompts", "login-history", "audit", "dashboard", "statistics", "history/calls", "history/logins", "history/audit"]) {
      const res = await lee.get(`/admin/services/other/${area}`);
      expect(res.status, area).toBe(404);
      expect(await res.text()).not.toContain("Secret Agent");
    }
    expect((await lee.post("/admin/services/other/info", { name: "hacked" })).status).toBe(404);
    expect(repos.services.get("other")!.name).toBe("Other");
    const pick = await lee.get("/admin/services?serviceId=other");
    expect(pick.headers.get("location")).toBe("/admin/services/demo/info");
  });

  it("X4, O4: the org admin role alone MUST NOT open a service's pages (403 saying how to get the role); with the service-admin role the picker reaches it", async () => {
    const { app, repos } = await testApp();
    addOtherService(repos);
    const admin = await adminClient(app);
    for (const path of ["/admin/services/other/agents", "/admin/services/other/dashboard", "/admin/services/other/history/calls"]) {
      const refused = await admin.get(path);
      expect(refused.status, path).toBe(403);
      expect(await refused.text()).toContain("서비스 관리자 역할을 받으세요");
    }
    expect(await (await admin.get("/admin/services/other/agents?lang=en")).text()).toContain("organization admin role alone");
    expect(await (await admin.get("/admin/services")).text()).not.toContain("/admin/services/other/");
    repos.members.grant(repos.members.findByLoginId("admin")!.id, "other", "service-admin");
    const res = await admin.get("/admin/services?serviceId=other&area=agents");
    expect(res.headers.get("location")).toBe("/admin/services/other/agents");
    const page = await (await admin.get("/admin/services/other/info")).text();
    expect(page).toContain('value="other" selected');
    const frag = await (await admin.get("/admin/services/other/agents", { "HX-Request": "true" })).text();
    expect(frag).toStartWith('<section id="area"');
    expect(frag).toContain("Secret Agent");
  });
});

describe("service information (G1)", () => {
  it("G1: MUST re-render bad input with 422 and messages next to the fields, storing nothing", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/info?lang=en", { name: "", number: "abc", callerId: "", periodStart: "", periodEnd: "", licences: "x", state: "active" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="name-error"');
    expect(html).toContain("Required.");
    expect(html).toContain('id="number-error"');
    expect(html).toContain('id="licences-error"');
    expect(repos.services.get("demo")!.name).toBe("Demo");
  });

  it("G1: MUST save, audit, and allow one licence change a day", async () => {
    const { app, repos, state } = await testApp();
    const admin = await adminClient(app);
    const base = { name: "데모", number: "15881234", callerId: "0212345678", periodStart: "2026-01-01", periodEnd: "2026-12-31", state: "active" };
    const ok = await admin.post("/admin/services/demo/info", { ...base, licences: "12" });
    expect(ok.status).toBe(303);
    expect(repos.services.get("demo")).toMatchObject({ name: "데모", licences: 12, number: "15881234" });
    const again = await admin.post("/admin/services/demo/info", { ...base, licences: "13" });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("하루에 한 번");
    expect(repos.services.get("demo")!.licences).toBe(12);
    state.now += 24 * 60 * 60_000;
    expect((await admin.post("/admin/services/demo/info", { ...base, licences: "13" })).status).toBe(303);
    expect(repos.audit.list("demo").map((e) => e.target)).toContain("service (licences 10 → 12)");
  });
});
