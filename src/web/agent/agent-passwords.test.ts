import { describe, expect, it } from "bun:test";
import { adminClient } from "../admin/test-admin.ts";
import { login, testConsole } from "./test-console.ts";

describe("the agent's console password (G5, SPEC \"Contracts\", X4)", () => {
  it("G5: POST …/agents MUST return a generated console password once beside sipPassword, or take a given one (write-only)", async () => {
    const t = testConsole();
    const made = await t.call("POST", "/services/demo/agents", { loginId: "newbie", name: "New Bie" });
    expect(made.status).toBe(201);
    expect(made.json.password).toHaveLength(12);
    expect(made.json.sipPassword).toHaveLength(16);
    expect((await login(t, { serviceId: "demo", loginId: "newbie", password: made.json.password })).status).toBe(303);
    const given = await t.call("POST", "/services/demo/agents", { loginId: "chosen", name: "Chosen", password: "my-own-pass-1" });
    expect(given.json.password).toBe("my-own-pass-1");
    expect((await login(t, { serviceId: "demo", loginId: "chosen", password: "my-own-pass-1" })).status).toBe(303);
    const short = await t.call("POST", "/services/demo/agents", { loginId: "short", name: "Short", password: "abc" });
    expect(short.status).toBe(422);
    const list = await t.call("GET", "/services/demo/agents");
    expect(JSON.stringify(list.json)).not.toContain("password");
    const hash = t.repos.agentConsole.passwordHash("demo", "chosen")!;
    expect(hash.startsWith("$argon2id$")).toBe(true);
  });

  it("G5: POST …/agents/{loginId}/password MUST reset both passwords and return them once; the old ones stop working", async () => {
    const t = testConsole();
    const reset = await t.call("POST", "/services/demo/agents/a1/password");
    expect(reset.status).toBe(200);
    expect(Object.keys(reset.json)).toEqual(expect.arrayContaining(["sipPassword", "password"]));
    expect((await login(t, { serviceId: "demo", loginId: "a1", password: t.pw.a1 })).status).toBe(401);
    expect((await login(t, { serviceId: "demo", loginId: "a1", password: reset.json.password })).status).toBe(303);
    expect(t.repos.agents.checkSipPassword("demo", "a1", reset.json.sipPassword)).toBe(true);
  });

  it("G5: the admin agents page MUST take an optional console password and show the SIP and console passwords once", async () => {
    const t = testConsole();
    const boss = await t.repos.members.create({ loginId: "admin", name: "Admin", password: "admin-password", orgAdmin: true });
    t.repos.members.grant(boss.id, "demo", "service-admin"); // the org admin role alone shows no service data (O4)
    const admin = await adminClient(t.app as never);
    const once = (html: string, id: string) => new RegExp(`data-testid="${id}">([^<]+)<`).exec(html)?.[1];
    const added = await (await admin.post("/admin/services/demo/agents", { loginId: "paged", name: "Paged" })).text();
    const generated = once(added, "console-password")!;
    expect(once(added, "sip-password")).toHaveLength(16);
    expect((await login(t, { serviceId: "demo", loginId: "paged", password: generated })).status).toBe(303);
    const chosen = await (await admin.post("/admin/services/demo/agents", { loginId: "picked", name: "Picked", password: "picked-pass-1" })).text();
    expect(once(chosen, "console-password")).toBe("picked-pass-1");
    const reset = await (await admin.post("/admin/services/demo/agents/a2/reset", {})).text();
    const fresh = once(reset, "console-password")!;
    expect((await login(t, { serviceId: "demo", loginId: "a2", password: fresh })).status).toBe(303);
    const again = await (await admin.get("/admin/services/demo/agents")).text();
    expect(again).not.toContain(fresh);
  });
});
