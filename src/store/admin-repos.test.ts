import { describe, expect, it } from "bun:test";
import { testStore } from "./test-db.ts";

function store() {
  const { repos } = testStore("r");
  repos.services.create({ serviceId: "a", name: "A", number: "", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 2 });
  return repos;
}

describe("admin repositories (004)", () => {
  it("H4: MUST record sign-ins and close expired sessions with their length", async () => {
    const repos = store();
    const m = await repos.members.create({ loginId: "kim", name: "Kim", password: "pw-kim-123" });
    const s = repos.sessions.create(m.id, 1000, "192.0.2.1", 10_000);
    repos.loginHistory.record({ loginId: "kim", kind: "login", result: "success", sessionId: s.id, ip: "192.0.2.1", platform: "UA" }, 10_000);
    repos.loginHistory.record({ loginId: "ghost", kind: "login", result: "no-account", ip: "192.0.2.1" }, 10_001);
    expect(repos.loginHistory.closeExpired(10_500)).toBe(0);
    expect(repos.loginHistory.closeExpired(11_000)).toBe(1);
    expect(repos.loginHistory.closeExpired(12_000)).toBe(0);
    const rows = repos.loginHistory.list(null);
    expect(rows[0]).toMatchObject({ kind: "logout", result: "expiry", loginId: "kim", sessionMs: 1000, platform: "UA" });
    expect(rows.map((r) => r.result)).toEqual(["expiry", "no-account", "success"]);
  });

  it("G7: MUST add, order, rename and retire consultation types", () => {
    const repos = store();
    const a = repos.consultationTypes.add("a", "문의");
    const b = repos.consultationTypes.add("a", "불만");
    expect(repos.consultationTypes.move("a", b.id, -1)).toBe(true);
    expect(repos.consultationTypes.list("a").map((x) => x.name)).toEqual(["불만", "문의"]);
    repos.consultationTypes.update("a", a.id, { name: "일반 문의", retired: true });
    expect(repos.consultationTypes.list("a").map((x) => [x.name, x.retired])).toEqual([["불만", false], ["일반 문의", true]]);
  });

  it("G2/G9/G10: MUST keep desk phones, work settings and access ranges per service", () => {
    const repos = store();
    repos.workSettings.put("a", { stateAfterLogin: "ready", stateAfterCall: "wrap-up", screenPopUrl: "https://crm/?n={caller}" });
    expect(repos.workSettings.get("a").stateAfterCall).toBe("wrap-up");
    repos.access.replace("a", [{ cidr: "10.0.0.0/8", note: "office" }]);
    expect(repos.access.list("a")).toHaveLength(1);
    expect(repos.access.clear("a")).toBe(1);
    const p = repos.deskPhones.add({ serviceId: "a", model: "yealink", mac: "001565aabbcc", extension: "1001", sipPassword: "s3cret" }, "prov");
    expect(repos.deskPhones.findByMac("001565aabbcc")?.sipPassword).toBe("s3cret");
    expect(repos.deskPhones.provisioningHa1(p.mac, "md5")).toHaveLength(32);
  });
});
