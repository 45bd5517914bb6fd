import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { TEST_API_KEY, testCallCenter } from "./test-call-center.ts";

describe("organization API (O1, O2, O3, O6, X3)", () => {
  it("O1: MUST read and edit a service's contract at most once a day, refusing bad features with a field message", async () => {
    const t = testCallCenter();
    expect((await t.call("GET", "/services/demo/contract")).json).toMatchObject({ serviceId: "demo", type: "contact-center", features: expect.arrayContaining(["phone", "tickets"]), licences: 10 });
    const bad = await t.call("PUT", "/services/demo/contract", { features: ["teleport"], licences: 10 });
    expect(bad.status).toBe(422);
    expect((await t.call("PUT", "/services/demo/contract", { features: ["phone"], licences: 10 })).json.features).toEqual(["phone"]);
    const twice = await t.call("PUT", "/services/demo/contract", { features: ["phone", "callback"], licences: 10 }, { "Accept-Language": "ko" });
    expect(twice.status).toBe(409);
    expect(twice.json.error.fields.features).toBe("계약정보는 하루에 1번만 수정할 수 있습니다.");
    expect((await t.call("GET", "/services/demo/contract")).json.features).toEqual(["phone"]);
    expect((await t.call("GET", "/services/nope/contract")).status).toBe(404);
  });

  it("O3: MUST edit the organization and regenerate its key, the old one locked out at once", async () => {
    const t = testCallCenter();
    expect((await t.call("PATCH", "/organization", { name: "Acme", domain: "bad domain" })).status).toBe(422);
    expect((await t.call("PATCH", "/organization", { name: "Acme", domain: "acme.example" })).json).toMatchObject({ name: "Acme", domain: "acme.example", url: "https://acme.example:8443/admin/" });
    const named = t.admin.apiKeys.add(SYSTEM, { name: "crm" });
    expect((await t.call("POST", "/organization/api-key", undefined, { Authorization: `Bearer ${named}` })).status).toBe(403);
    const { json } = await t.call("POST", "/organization/api-key");
    expect((await t.call("GET", "/organization")).status).toBe(401); // TEST_API_KEY is gone
    expect((await t.call("GET", "/organization", undefined, { Authorization: `Bearer ${json.apiKey}` })).status).toBe(200);
    expect(json.apiKey).not.toBe(TEST_API_KEY);
  });

  it("O6, O2: MUST list the permission log and the month's charges", async () => {
    const t = testCallCenter();
    await t.repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password-1" });
    t.admin.roles.set({ kind: "api-key", id: "organization", ip: "203.0.113.5" }, "demo", { loginId: "kim", serviceAdmin: false, agent: true });
    const log = (await t.call("GET", "/permission-log?q=kim")).json;
    expect(log).toEqual([expect.objectContaining({ action: "grant", role: "agent", serviceId: "demo", loginId: "kim", ip: "203.0.113.5" })]);
    const month = Temporal.Instant.fromEpochMilliseconds(t.repos.services.get("demo")!.createdAt).toZonedDateTimeISO("Asia/Seoul").toPlainDate().toString().slice(0, 7);
    const charges = (await t.call("GET", `/charges?month=${month}`)).json;
    expect(charges.rows).toEqual([expect.objectContaining({ serviceId: "demo", state: "active" })]);
    expect(charges.total).toBe(charges.rows[0].total);
    expect((await t.call("GET", "/charges?month=2026-13")).status).toBe(422);
  });
});
