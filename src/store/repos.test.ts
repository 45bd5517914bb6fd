import { describe, expect, it } from "bun:test";
import { digestHa1 } from "./agent-repo.ts";
import { UnknownAgentsError } from "./queue-repo.ts";
import { testStore } from "./test-db.ts";

const demo = {
  serviceId: "demo",
  name: "Demo",
  number: "15880000",
  callerId: "15880000",
  timezone: "Asia/Seoul",
  language: "ko",
  state: "active" as const,
  licences: 10,
};

describe("repositories", () => {
  it("O3/X3: MUST keep only a hash of the API key and verify it", () => {
    const { db, repos } = testStore();
    repos.organization.create({ name: "Org", domain: "example.com", apiKey: "k".repeat(32) });
    expect(repos.organization.verifyApiKey("k".repeat(32))).toBe(true);
    expect(repos.organization.verifyApiKey("x".repeat(32))).toBe(false);
    expect(JSON.stringify(db.query("SELECT * FROM organization").all())).not.toContain("kkkk");
    repos.organization.setApiKey("n".repeat(32));
    expect(repos.organization.verifyApiKey("k".repeat(32))).toBe(false);
    expect(repos.organization.get()?.name).toBe("Org");
  });

  it("O1: MUST store services and refuse a service id with non-letters", () => {
    const { repos } = testStore();
    repos.services.create(demo);
    expect(repos.services.get("demo")).toMatchObject(demo);
    expect(repos.services.update("demo", { state: "suspended" })?.state).toBe("suspended");
    expect(() => repos.services.create({ ...demo, serviceId: "demo1" })).toThrow();
    expect(repos.services.remove("demo")).toBe(true);
    expect(repos.services.list()).toEqual([]);
  });

  it("X4: MUST hash member passwords with argon2id and verify them", async () => {
    const { repos } = testStore();
    repos.services.create(demo);
    const m = await repos.members.create({ loginId: "admin", name: "Admin", password: "pass-word-1", orgAdmin: true });
    repos.members.grant(m.id, "demo", "service-admin");
    expect((await repos.members.verifyPassword("admin", "pass-word-1"))?.roles).toEqual([
      { serviceId: "demo", role: "service-admin" },
    ]);
    expect(await repos.members.verifyPassword("admin", "wrong")).toBeUndefined();
    expect(await repos.members.verifyPassword("nobody", "pass-word-1")).toBeUndefined();
  });

  it("G5/T4: MUST allocate extensions from 1001 and keep only HA1 hashes of the SIP password", () => {
    const { repos } = testStore("realm");
    repos.services.create(demo);
    const a1 = repos.agents.create({ serviceId: "demo", loginId: "agent1", name: "A1" }, "pw1");
    const a2 = repos.agents.create({ serviceId: "demo", loginId: "agent2", name: "A2" }, "pw2");
    expect([a1.extension, a2.extension]).toEqual(["1001", "1002"]);
    const cred = repos.credentials.lookup("1001")!;
    expect(cred).toEqual({
      username: "1001",
      ha1Md5: digestHa1("md5", "1001", "realm", "pw1"),
      ha1Sha256: digestHa1("sha256", "1001", "realm", "pw1"),
      blocked: false,
    });
    expect(cred.ha1Md5).toBe(new Bun.CryptoHasher("md5").update("1001:realm:pw1").digest("hex"));
    expect(repos.agents.setSipPassword("demo", "agent1", "new")).toBe(true);
    expect(repos.credentials.lookup("1001")!.ha1Md5).toBe(digestHa1("md5", "1001", "realm", "new"));
    repos.agents.update("demo", "agent2", { blocked: true });
    expect(repos.credentials.lookup("1002")!.blocked).toBe(true);
    expect(repos.credentials.lookup("9999")).toBeUndefined();
    expect(() => repos.agents.create({ serviceId: "demo", loginId: "agent1", name: "dup" }, "x")).toThrow();
  });

  it("G6: MUST assign agents to queues many-to-many, all or nothing", () => {
    const { repos } = testStore();
    repos.services.create(demo);
    repos.agents.create({ serviceId: "demo", loginId: "agent1", name: "A1" }, "pw");
    repos.agents.create({ serviceId: "demo", loginId: "agent2", name: "A2" }, "pw");
    repos.queues.create({ serviceId: "demo", queueId: "sales", name: "Sales", digit: "1", callback: true });
    expect(repos.queues.setAgents("demo", "sales", ["agent1", "agent2"])?.agents).toEqual(["agent1", "agent2"]);
    expect(() => repos.queues.setAgents("demo", "sales", ["agent1", "ghost"])).toThrow(UnknownAgentsError);
    expect(repos.queues.get("demo", "sales")?.agents).toEqual(["agent1", "agent2"]);
    expect(repos.queues.setAgents("demo", "nope", [])).toBeUndefined();
    repos.agents.remove("demo", "agent2");
    expect(repos.queues.list("demo")[0]!.agents).toEqual(["agent1"]);
  });

  it("T9: MUST keep bans until they expire or are lifted", () => {
    const { repos } = testStore();
    repos.bans.add({ address: "198.51.100.7", reason: "auth failures", createdAt: 0, expiresAt: 1000 });
    expect(repos.bans.active(500)).toHaveLength(1);
    expect(repos.bans.active(1000)).toHaveLength(0);
    expect(repos.bans.remove("198.51.100.7")).toBe(true);
    expect(repos.bans.remove("198.51.100.7")).toBe(false);
  });

  it("X4: MUST expire web sessions", async () => {
    const { repos } = testStore();
    const m = await repos.members.create({ loginId: "a", name: "A", password: "password" });
    const s = repos.sessions.create(m.id, 1000, "127.0.0.1", 0);
    expect(repos.sessions.get(s.id, 500)?.csrfToken).toBe(s.csrfToken);
    expect(repos.sessions.get(s.id, 1000)).toBeUndefined();
  });
});
