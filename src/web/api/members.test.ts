import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { testCallCenter } from "./test-call-center.ts";

/** The API's call center with one org admin, "boss". */
async function setup() {
  const t = testCallCenter();
  await t.repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password", orgAdmin: true });
  return t;
}

describe("members API (O4, O6, X3)", () => {
  it("O4: MUST invite a member (the link returned once), list and search them, and refuse bad input with a field message, storing nothing", async () => {
    const t = await setup();
    const made = await t.call("POST", "/members", { name: "Kim Minji", loginId: "kim", email: "kim@example.com" });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ member: { loginId: "kim", name: "Kim Minji", email: "kim@example.com", active: true, orgAdmin: false, roles: [] }, mailed: false });
    expect(made.json.link).toMatch(/^http:\/\/localhost\/admin\/org\/welcome\/\S+$/);
    expect(t.admin.members.invited(made.json.link.split("/").pop())?.loginId).toBe("kim");
    const listed = (await t.call("GET", "/members?q=kim")).json;
    expect(listed).toEqual([expect.objectContaining({ loginId: "kim", email: "kim@example.com" })]);
    expect(JSON.stringify((await t.call("GET", "/members")).json)).not.toContain("welcome");
    expect((await t.call("GET", "/members/kim")).json.name).toBe("Kim Minji");
    expect((await t.call("GET", "/members/nobody")).status).toBe(404);

    const bad = await t.call("POST", "/members", { name: "", loginId: "has space", email: "not-an-email" }, { "Accept-Language": "en" });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["email", "loginId", "name"]);
    const twice = await t.call("POST", "/members", { name: "Other Kim", loginId: "kim", email: "k2@example.com" });
    expect(twice.status).toBe(409);
    expect(twice.json.error.fields.loginId).toBeString();
    expect(t.repos.members.list().map((m) => m.loginId).sort()).toEqual(["boss", "kim"]);
  });

  it("O4, O6: MUST deactivate and reactivate, grant and revoke org admin and service roles (each in the permission log with the key's IP), keep the last org admin, and remove", async () => {
    const t = await setup();
    await t.call("POST", "/members", { name: "Kim", loginId: "kim", email: "kim@example.com" });
    const off = await t.call("PATCH", "/members/kim", { active: false });
    expect(off.json).toMatchObject({ loginId: "kim", active: false });
    expect(t.repos.members.findByLoginId("kim")!.active).toBe(false);
    expect((await t.call("PATCH", "/members/kim", { active: true, orgAdmin: true, phone: "010-1234-5678" })).json).toMatchObject({ active: true, orgAdmin: true, phone: "010-1234-5678" });
    const roles = await t.call("PUT", "/members/kim/services/demo/roles", { serviceAdmin: false, agent: true });
    expect(roles.json.roles).toEqual([{ serviceId: "demo", role: "agent" }]);
    expect((await t.call("PUT", "/members/kim/services/nope/roles", { serviceAdmin: true, agent: false })).status).toBe(404);
    const log = (await t.call("GET", "/permission-log?q=kim")).json as { action: string; role: string; ip: string | null }[];
    expect(log.map((e) => `${e.action}:${e.role}`).sort()).toEqual(["grant:agent", "grant:org-admin"]);
    expect(log.every((e) => typeof e.ip === "string" && e.ip.length > 0)).toBe(true);

    // The last active org admin stays: boss cannot be revoked once kim is revoked again.
    expect((await t.call("PATCH", "/members/kim", { orgAdmin: false })).json.orgAdmin).toBe(false);
    const last = await t.call("PATCH", "/members/boss", { orgAdmin: false });
    expect(last.status).toBe(409);
    expect(t.repos.members.findByLoginId("boss")!.orgAdmin).toBe(true);
    expect((await t.call("PATCH", "/members/kim", { email: "bad", active: false })).status).toBe(422);
    expect(t.repos.members.findByLoginId("kim")).toMatchObject({ email: "kim@example.com", active: true });

    expect((await t.call("DELETE", "/members/kim")).status).toBe(204);
    expect((await t.call("DELETE", "/members/kim")).status).toBe(404);
  });

  it("X4: a key limited to one service MUST NOT reach the organization's members", async () => {
    const t = await setup();
    const scoped = t.admin.apiKeys.add(SYSTEM, { name: "demo-only", serviceId: "demo" });
    const auth = { Authorization: `Bearer ${scoped}` };
    expect((await t.call("GET", "/members", undefined, auth)).status).toBe(403);
    expect((await t.call("POST", "/members", { name: "X", loginId: "x", email: "x@example.com" }, auth)).status).toBe(403);
    expect(t.repos.members.findByLoginId("x")).toBeUndefined();
  });

  it("X3: the OpenAPI document MUST describe the members, the permission log and the charges with their parameters", async () => {
    const t = await setup();
    const doc = (await t.call("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/members", "/members/{loginId}", "/members/{loginId}/services/{serviceId}/roles", "/permission-log", "/charges"]));
    expect(Object.keys(doc.paths["/members"])).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths["/members/{loginId}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    const params = (p: string) => (doc.paths[p].get.parameters as { name: string }[]).map((x) => x.name).sort();
    expect(params("/permission-log")).toEqual(["from", "q", "serviceId", "to"]);
    expect(params("/charges")).toEqual(["month", "scope"]);
    expect(doc.paths["/charges"].get.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/Charges");
    expect(doc.components.schemas.Member.properties).toHaveProperty("roles");
    expect(doc.components.schemas.PermissionChange.properties).toHaveProperty("ip");
  });
});
