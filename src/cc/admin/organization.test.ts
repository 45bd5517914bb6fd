import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { firstRun } from "../org/first-run.ts";
import type { Actor } from "./actor.ts";
import { Administration } from "./administration.ts";
import { RuleError } from "./rule-error.ts";
import { testTempDir } from "../../lib/testing/test-temp-dir.ts";

const ADMIN: Actor & { memberId?: number } = { kind: "member", id: "admin", ip: "10.0.0.9" };
const DAY = 24 * 60 * 60_000;

async function setup() {
  const { repos } = testStore();
  await firstRun(repos, { dataDir: testTempDir("org"), realm: "r", adminPassword: "admin-password", apiKey: "cc_old_key" });
  const clock = new FakeClock();
  const admin = new Administration({ repos, clock, log: silentLogger });
  return { repos, clock, admin, actor: { ...ADMIN, memberId: repos.members.findByLoginId("admin")!.id } };
}

const refused = (fn: () => unknown): RuleError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  throw new Error("not refused");
};

describe("contracted services (O1)", () => {
  it("MUST keep a service added in step 1 'not in use' until its contract is registered", async () => {
    const { admin, repos, actor } = await setup();
    const s = admin.services.create(actor, { serviceId: "shop", name: "Shop", language: "en", state: "pending", type: "tickets" });
    expect(s.state).toBe("pending");
    expect(s.timezone).toBe("UTC");
    expect(admin.services.contractOf(s).features).toBeUndefined();
    expect(refused(() => admin.services.update(actor, "shop", { state: "active" })).fields).toEqual({ state: "notRegistered" });
    const c = admin.services.contract(actor, "shop", { features: ["tickets", "phone"], licences: 5 });
    expect(c.features).toEqual(["phone", "tickets"]);
    expect(repos.services.get("shop")).toMatchObject({ state: "active", licences: 5 });
  });

  it("MUST refuse a service ID with digits or spaces and an unknown language, storing nothing", async () => {
    const { admin, repos, actor } = await setup();
    for (const serviceId of ["shop2", "my shop", ""]) {
      expect(refused(() => admin.services.create(actor, { serviceId, name: "X", state: "pending" })).fields?.serviceId).toBe("serviceIdFormat");
    }
    expect(refused(() => admin.services.create(actor, { serviceId: "shop", name: "X", language: "qq" })).fields?.language).toBe("format");
    expect(repos.services.list().map((s) => s.serviceId)).toEqual(["demo"]);
  });

  it("MUST allow a contract edit at most once a day", async () => {
    const { admin, clock, repos, actor } = await setup();
    admin.services.create(actor, { serviceId: "shop", name: "Shop", state: "pending" });
    admin.services.contract(actor, "shop", { features: ["phone"], licences: 3 });
    admin.services.contract(actor, "shop", { features: ["phone", "callback"], licences: 3 });
    const e = refused(() => admin.services.contract(actor, "shop", { features: ["phone"], licences: 4 }));
    expect(e.fields).toEqual({ features: "contractOnceADay" });
    expect(admin.services.contractOf(repos.services.get("shop")!).features).toEqual(["phone", "callback"]);
    expect(repos.services.get("shop")!.licences).toBe(3);
    clock.advance(DAY);
    expect(admin.services.contract(actor, "shop", { features: ["phone"], licences: 4 }).features).toEqual(["phone"]);
  });

  it("MUST terminate only a suspended service and keep its contract for the charges", async () => {
    const { admin, repos, actor } = await setup();
    admin.services.create(actor, { serviceId: "shop", name: "Shop", state: "active" });
    expect(refused(() => admin.services.remove(actor, "shop")).fields).toEqual({ state: "notSuspended" });
    expect(repos.services.get("shop")).toBeDefined();
    admin.services.update(actor, "shop", { state: "suspended" });
    admin.services.remove(actor, "shop");
    expect(repos.services.get("shop")).toBeUndefined();
    expect(repos.contracts.get("shop")).toMatchObject({ terminatedAt: expect.any(Number), snapshot: { name: "Shop", licences: 10 } });
  });

  it("MUST refuse a banner that is not a small image", async () => {
    const { admin, actor } = await setup();
    const e = refused(() => admin.services.create(actor, { serviceId: "shop", name: "S" }, { mime: "text/html", bytes: new Uint8Array(3) }));
    expect(e.fields).toEqual({ banner: "bannerType" });
    admin.services.create(actor, { serviceId: "shop", name: "S" }, { mime: "image/png", bytes: new Uint8Array([137, 80, 78, 71]) });
    expect(admin.services.banner("shop")?.mime).toBe("image/png");
  });
});

describe("organization (O3, O4, O6)", () => {
  it("MUST stop the old API key at once when it is regenerated", async () => {
    const { admin, repos, actor } = await setup();
    expect(repos.organization.apiKeyName("cc_old_key")).toBe("organization");
    const key = admin.organization.regenerateKey(actor);
    expect(repos.organization.apiKeyName("cc_old_key")).toBeUndefined();
    expect(repos.organization.apiKeyName(key)).toBe("organization");
  });

  it("MUST invite with a one-time set-password link, and log org-admin grants and revokes with the IP", async () => {
    const { admin, repos, actor } = await setup();
    const inv = await admin.members.invite(actor, { name: "Kim", loginId: "kim", email: "kim@example.com" }, (t) => `/welcome/${t}`);
    expect(inv.mailed).toBe(false);
    const token = inv.link!.split("/").at(-1)!;
    expect(await repos.members.verifyPassword("kim", "a-new-password")).toBeUndefined();
    await admin.members.acceptInvitation(token, "a-new-password");
    expect((await repos.members.verifyPassword("kim", "a-new-password"))?.loginId).toBe("kim");
    expect(admin.members.invited(token)).toBeUndefined();
    admin.members.setOrgAdmin(actor, "kim", true);
    admin.members.setOrgAdmin(actor, "kim", false);
    const log = repos.permissionLog.searchAll({ q: "kim" });
    expect(log.map((e) => [e.action, e.role, e.ip, e.serviceId])).toEqual([["revoke", "org-admin", "10.0.0.9", ""], ["grant", "org-admin", "10.0.0.9", ""]]);
  });

  it("MUST keep one active org admin and refuse changes to oneself", async () => {
    const { admin, actor } = await setup();
    expect(refused(() => admin.members.setOrgAdmin(actor, "admin", false)).fields).toEqual({ orgAdmin: "lastOrgAdmin" });
    expect(refused(() => admin.members.setActive(actor, "admin", false)).fields).toEqual({ loginId: "selfChange" });
  });
});
