import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { addOtherService, adminClient, ORIGIN } from "./test-admin.ts";

const roleRows = (db: Awaited<ReturnType<typeof testApp>>["db"]) =>
  db.query("SELECT m.login_id, r.service_id, r.role FROM member_roles r JOIN members m ON m.id = r.member_id ORDER BY 1, 2, 3").all();

describe("agent groups and service roles (G5, O6, X4)", () => {
  it("G5: MUST store an agent's group and filter by it", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    expect((await admin.post("/admin/services/demo/agents", { loginId: "park", name: "박상담", group: "1팀" })).status).toBe(200);
    expect(repos.agents.get("demo", "park")!.group).toBe("1팀");
    expect((await admin.post("/admin/services/demo/agents/agent1/group", { group: "2팀" })).status).toBe(303);
    expect(repos.agents.get("demo", "agent1")!.group).toBe("2팀");
    const page = await (await admin.get("/admin/services/demo/agents?group=1팀")).text();
    expect(page).toContain(">park<");
    expect(page).not.toContain(">agent1<");
    expect(page).toContain('<option value="2팀">2팀</option>');
    const sorted = await (await admin.get("/admin/services/demo/agents?sort=group&dir=desc")).text();
    expect(sorted.indexOf(">agent1<")).toBeLessThan(sorted.indexOf(">park<"));
    expect(sorted).toContain("group=&amp;sort=group&amp;dir=asc");
    // Clearing it and bad input: 422 and nothing changed.
    expect((await admin.post("/admin/services/demo/agents/agent1/group", { group: "x".repeat(41) })).status).toBe(422);
    expect(repos.agents.get("demo", "agent1")!.group).toBe("2팀");
    const bad = await admin.post("/admin/services/demo/agents", { loginId: "lee", name: "Lee", group: "y".repeat(41) });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="group-error"');
    expect(repos.agents.get("demo", "lee")).toBeUndefined();
    await admin.post("/admin/services/demo/agents/agent1/group", { group: "" });
    expect(repos.agents.get("demo", "agent1")!.group).toBeUndefined();
    expect(repos.audit.list("demo").some((e) => e.target === "agents/agent1/group")).toBe(true);
  });

  it("G5: MUST let a service admin grant the agent role to an existing member and log it (O6)", async () => {
    const { app, repos } = await testApp();
    const lee = await repos.members.create({ loginId: "lee", name: "Lee Admin", password: "lee-password" });
    repos.members.grant(lee.id, "demo", "service-admin");
    const kim = await repos.members.create({ loginId: "kim", name: "김멤버", password: "kim-password" });
    const client = await adminClient(app, "lee", "lee-password");
    const form = await (await client.get("/admin/services/demo/agents")).text();
    expect(form).toContain('action="/admin/services/demo/agents/roles"');
    expect(form).toContain('<option value="kim">김멤버</option>');
    const body = new URLSearchParams({ _csrf: client.csrf, loginId: "kim", agent: "1" });
    const res = await app.request(
      "/admin/services/demo/agents/roles",
      { method: "POST", headers: { Cookie: client.cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: body.toString() },
      { ip: { address: "203.0.113.7" } },
    );
    expect(res.status).toBe(200);
    expect(repos.members.get(kim.id)!.roles).toEqual([{ serviceId: "demo", role: "agent" }]);
    const log = repos.permissionLog.search("demo");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: "grant", role: "agent", memberLoginId: "kim", memberName: "김멤버", actorLoginId: "lee", ip: "203.0.113.7", serviceId: "demo" });
    expect(repos.audit.list("demo")[0]).toMatchObject({ action: "grant", target: "roles/kim/agent", loginId: "lee" });
    // Unchecking revokes it, and that is logged too.
    expect((await client.post("/admin/services/demo/agents/roles", { loginId: "kim" })).status).toBe(200);
    expect(repos.members.get(kim.id)!.roles).toEqual([]);
    expect(repos.permissionLog.search("demo").map((e) => e.action)).toEqual(["revoke", "grant"]);
    // The log page: searchable by name or ID, filtered by dates, in the service navigation.
    const page = await (await client.get("/admin/services/demo/permissions?q=김")).text();
    expect(page).toContain('href="/admin/services/demo/permissions"');
    expect(page).toContain("김멤버");
    expect(page).toContain("203.0.113.7");
    expect(await (await client.get("/admin/services/demo/permissions?q=nobody")).text()).not.toContain("김멤버");
    expect(await (await client.get("/admin/services/demo/permissions?from=2000-01-01&to=2000-01-02")).text()).not.toContain("김멤버");
    const en = await (await client.get("/admin/services/demo/permissions?lang=en")).text();
    expect(en).toContain("Granted Agent");
  });

  it("G5: MUST refuse a service admin's own service-admin revoke and an agent role beyond the licences", async () => {
    const { app, db, repos } = await testApp();
    const lee = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(lee.id, "demo", "service-admin");
    await repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password" });
    const client = await adminClient(app, "lee", "lee-password");
    const before = roleRows(db);
    const self = await client.post("/admin/services/demo/agents/roles?lang=en", { loginId: "lee" });
    expect(self.status).toBe(422);
    expect(await self.text()).toContain("cannot revoke your own");
    repos.services.update("demo", { licences: repos.agents.licencesUsed("demo") });
    const full = await client.post("/admin/services/demo/agents/roles", { loginId: "kim", agent: "1" });
    expect(full.status).toBe(422);
    expect(await full.text()).toContain("라이선스");
    expect(roleRows(db)).toEqual(before);
    expect(repos.permissionLog.search("demo")).toEqual([]);
  });

  it("G5: MUST refuse bad role input with 422, changing nothing", async () => {
    const { app, db, repos } = await testApp();
    await repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password" });
    const admin = await adminClient(app);
    const before = roleRows(db);
    const bad: Record<string, string>[] = [{ loginId: "" }, { loginId: "nobody", agent: "1" }, { loginId: "kim", agent: "yes" }, { loginId: "k".repeat(65) }];
    for (const fields of bad) {
      const res = await admin.post("/admin/services/demo/agents/roles", fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
    }
    expect(roleRows(db)).toEqual(before);
    expect(repos.permissionLog.search("demo")).toEqual([]);
  });

  it("X4: MUST refuse a role change from an agent or another service's admin", async () => {
    const { app, db, repos } = await testApp();
    addOtherService(repos);
    const agent = await repos.members.create({ loginId: "ag", name: "Agent", password: "ag-password" });
    repos.members.grant(agent.id, "demo", "agent");
    const other = await repos.members.create({ loginId: "oth", name: "Other Admin", password: "oth-password" });
    repos.members.grant(other.id, "other", "service-admin");
    const before = roleRows(db);
    const ag = await adminClient(app, "ag", "ag-password");
    expect((await ag.post("/admin/services/demo/agents/roles", { loginId: "ag", serviceAdmin: "1", agent: "1" })).status).toBe(403);
    expect((await ag.get("/admin/services/demo/permissions")).status).toBe(403);
    const oth = await adminClient(app, "oth", "oth-password");
    expect((await oth.post("/admin/services/demo/agents/roles", { loginId: "oth", serviceAdmin: "1" })).status).toBe(404);
    expect((await oth.get("/admin/services/demo/permissions")).status).toBe(404);
    expect(roleRows(db)).toEqual(before);
    expect(repos.permissionLog.search("demo")).toEqual([]);
  });
});
