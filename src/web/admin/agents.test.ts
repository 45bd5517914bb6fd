import { describe, expect, it } from "bun:test";
import { digestHa1 } from "../../store/index.ts";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

const secretOf = (html: string) => /data-testid="sip-password">([^<]+)</.exec(html)?.[1];

describe("agents (G5)", () => {
  it("G5: MUST add an agent and show its SIP password once, never again", async () => {
    const { app, db, repos } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/agents", { loginId: "park", name: "박상담" });
    expect(res.status).toBe(200);
    const password = secretOf(await res.text())!;
    expect(password).toHaveLength(16);
    const agent = repos.agents.get("demo", "park")!;
    const row = db.query("SELECT ha1_md5 FROM agents WHERE login_id = 'park'").get() as { ha1_md5: string };
    expect(row.ha1_md5).toBe(digestHa1("md5", agent.extension, "contact-center", password));
    const list = await (await admin.get("/admin/services/demo/agents")).text();
    expect(list).toContain("박상담");
    expect(list).not.toContain(password);
    expect(secretOf(list)).toBeUndefined();
    expect(repos.audit.list("demo")[0]).toMatchObject({ action: "create", target: "agents/park", loginId: "admin" });
  });

  it("G5: MUST refuse bad input, duplicates and going past the licences with 422, storing nothing", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const bad = await admin.post("/admin/services/demo/agents?lang=en", { loginId: "no spaces!", name: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="loginId-error"');
    expect(html).toContain('id="name-error"');
    expect((await admin.post("/admin/services/demo/agents", { loginId: "agent1", name: "x" })).status).toBe(422);
    repos.services.update("demo", { licences: 3 });
    const full = await admin.post("/admin/services/demo/agents", { loginId: "new1", name: "New" });
    expect(full.status).toBe(422);
    expect(await full.text()).toContain("라이선스");
    expect(repos.agents.count("demo")).toBe(3);
  });

  it("G5: MUST reset (shown once), block, unblock and delete (the licence stays)", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const reset = await admin.post("/admin/services/demo/agents/agent1/reset", {});
    expect(secretOf(await reset.text())).toHaveLength(16);
    expect((await admin.post("/admin/services/demo/agents/agent1/block", { blocked: "1" })).status).toBe(303);
    expect(repos.agents.get("demo", "agent1")!.blocked).toBe(true);
    await admin.post("/admin/services/demo/agents/agent1/block", { blocked: "0" });
    expect(repos.agents.get("demo", "agent1")!.blocked).toBe(false);
    await admin.post("/admin/services/demo/agents/agent2/delete", {});
    expect(repos.agents.get("demo", "agent2")).toBeUndefined();
    expect(repos.services.get("demo")!.licences).toBe(10);
    expect(repos.audit.list("demo").map((e) => e.action)).toEqual(["delete", "unblock", "block", "reset-password"]);
  });

  it("G5: MUST filter, sort and page on the server with the query in the URL", async () => {
    const { app, repos } = await testApp();
    repos.services.update("demo", { licences: 50 });
    for (let i = 0; i < 25; i++) repos.agents.create({ serviceId: "demo", loginId: `z${String(i).padStart(2, "0")}`, name: `Z ${i}` }, "pw");
    const admin = await adminClient(app);
    const p1 = await (await admin.get("/admin/services/demo/agents?q=z&sort=loginId&dir=desc&page=1")).text();
    expect(p1.indexOf(">z24<")).toBeLessThan(p1.indexOf(">z23<"));
    expect(p1).not.toContain(">agent1<");
    expect(p1).toContain("page=2");
    const p2 = await (await admin.get("/admin/services/demo/agents?q=z&sort=loginId&dir=desc&page=2")).text();
    expect(p2).toContain(">z00<");
    expect(p2).not.toContain(">z24<");
  });
});
