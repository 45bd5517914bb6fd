import { describe, expect, it } from "bun:test";
import { testOps } from "./test-ops.ts";

const T = Date.UTC(2026, 2, 4, 1, 0);
const DAY = "from=2026-03-04&to=2026-03-04";

describe("lookups (H4, H5)", () => {
  it("H4: MUST list the service's agent sign-ins with result filter, sort and pages in the URL", async () => {
    const t = await testOps();
    t.repos.loginHistory.record({ serviceId: "demo", loginId: "a1", kind: "login", result: "success", ip: "10.0.0.1", platform: "Chrome" }, T);
    t.repos.loginHistory.record({ serviceId: "demo", loginId: "a2", kind: "login", result: "wrong-password", ip: "10.0.0.2" }, T + 1000);
    t.repos.loginHistory.record({ serviceId: "other", loginId: "secretagent", kind: "login", result: "success", ip: "10.9.9.9" }, T);
    const all = await (await t.admin.get(`/admin/services/demo/history/logins?${DAY}`)).text();
    expect(all).toContain("비밀번호 오류");
    expect(all).toContain("10.0.0.1");
    expect(all).not.toContain("secretagent");
    const failed = await (await t.admin.get(`/admin/services/demo/history/logins?${DAY}&result=wrong-password`)).text();
    expect(failed).toContain("10.0.0.2");
    expect(failed).not.toContain("10.0.0.1");
    const asc = await (await t.admin.get(`/admin/services/demo/history/logins?${DAY}&sort=time&dir=asc`)).text();
    expect(asc.indexOf("10.0.0.1")).toBeLessThan(asc.indexOf("10.0.0.2"));
  });

  it("H5: MUST show who did what, when and from where, filtered by action, and audit the lookup itself", async () => {
    const t = await testOps();
    await t.admin.get(`/admin/services/demo/statistics/export.csv?${DAY}`);
    await t.admin.get(`/admin/services/other/history/calls?${DAY}`);
    const html = await (await t.admin.get(`/admin/services/demo/history/audit?${DAY}&action=export&lang=en`)).text();
    expect(html).toContain("demo-statistics-queue-2026-03-04_2026-03-04.csv");
    expect(html).toMatch(/>admin<\/td><td[^>]*>export</);
    expect(html).not.toMatch(/>view<\/td>/);
    const log = t.repos.audit.list("demo", 10).map((a) => `${a.loginId} ${a.action} ${a.target}`);
    expect(log[0]).toStartWith("admin view history/audit?action=export");
    expect(t.repos.audit.list("other", 10).map((a) => a.target)).toEqual(["history/calls?from=2026-03-04&to=2026-03-04"]);
  });
});
