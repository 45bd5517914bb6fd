import { describe, expect, it } from "bun:test";
import { testStore as bare } from "./test-db.ts";

const testStore = () => {
  const s = bare();
  s.repos.services.create({ serviceId: "demo", name: "D", number: "", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 5 });
  return s;
};

describe("agent groups and the permission log (G5, O6)", () => {
  it("G5: MUST store an agent's group, change it and clear it", () => {
    const { repos } = testStore();
    const a = repos.agents.create({ serviceId: "demo", loginId: "g1", name: "G", group: "1팀" }, "pw");
    expect(a.group).toBe("1팀");
    expect(repos.agents.update("demo", "g1", { group: "2팀" })!.group).toBe("2팀");
    expect(repos.agents.get("demo", "g1")!.group).toBe("2팀");
    expect(repos.agents.update("demo", "g1", { name: "H" })!.group).toBe("2팀");
    repos.agents.update("demo", "g1", { group: null });
    expect(repos.agents.get("demo", "g1")!.group).toBeUndefined();
  });

  it("G5: MUST count a member with the agent role as a used licence, once", async () => {
    const { repos } = testStore();
    const before = repos.agents.licencesUsed("demo");
    const m = await repos.members.create({ loginId: "kim", name: "Kim", password: "pw-pw-pw-pw" });
    repos.members.grant(m.id, "demo", "agent");
    expect(repos.agents.licencesUsed("demo")).toBe(before + 1);
    repos.agents.create({ serviceId: "demo", loginId: "kim", name: "Kim" }, "pw");
    expect(repos.agents.licencesUsed("demo")).toBe(before + 1);
    repos.members.grant(m.id, "demo", "service-admin");
    expect(repos.agents.licencesUsed("demo")).toBe(before + 1);
  });

  it("O6: MUST record permission changes and search them by name, ID and time", () => {
    const { repos } = testStore();
    const log = repos.permissionLog;
    log.record({ serviceId: "demo", action: "grant", role: "agent", memberLoginId: "kim", memberName: "김상담", actorLoginId: "admin", ip: "10.0.0.1" }, 1000);
    log.record({ serviceId: "demo", action: "revoke", role: "service-admin", memberLoginId: "lee", memberName: "Lee", actorLoginId: "admin" }, 2000);
    log.record({ serviceId: "other", action: "grant", role: "agent", memberLoginId: "kim", memberName: "김상담", actorLoginId: "x" }, 3000);
    expect(log.search("demo").map((e) => e.memberLoginId)).toEqual(["lee", "kim"]);
    expect(log.search("demo", { q: "김" })).toMatchObject([{ action: "grant", role: "agent", ip: "10.0.0.1", at: 1000 }]);
    expect(log.search("demo", { q: "LE" }).map((e) => e.memberLoginId)).toEqual(["lee"]);
    expect(log.search("demo", { fromMs: 1500, toMs: 2500 }).map((e) => e.memberLoginId)).toEqual(["lee"]);
    expect(log.search("demo", { q: "nobody" })).toEqual([]);
  });

  it("MUST list the organization's members by name", async () => {
    const { repos } = testStore();
    await repos.members.create({ loginId: "zed", name: "Aaron", password: "pw-pw-pw-pw" });
    const names = repos.members.list().map((m) => m.loginId);
    expect(names[0]).toBe("zed");
    expect(names.length).toBe(repos.members.count());
  });
});
