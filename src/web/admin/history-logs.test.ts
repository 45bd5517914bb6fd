import { describe, expect, it } from "bun:test";
import { ORIGIN } from "./test-admin.ts";
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
    expect(html).toMatch(/>admin<\/td><td[^>]*>Member<\/td><td[^>]*>export</);
    expect(html).not.toMatch(/>view<\/td>/);
    const log = t.repos.audit.list("demo", 10).map((a) => `${a.loginId} ${a.action} ${a.target}`);
    expect(log[0]).toStartWith("admin view history/audit?action=export");
    expect(t.repos.audit.list("other", 10).map((a) => a.target)).toEqual(["history/calls?from=2026-03-04&to=2026-03-04"]);
  });

  it("H5: MUST show the actor's kind (member, API key, command line) and a change as a compact before → after, in English and Korean", async () => {
    const t = await testOps();
    expect((await t.call("PATCH", "/services/demo/agents/a2", { name: "Kim Two" })).status).toBe(200);
    await t.admin.get(`/admin/services/demo/history/calls?${DAY}`);
    t.repos.audit.record(
      { serviceId: "demo", loginId: "(command line)", actorKind: "cli", action: "update", target: "access (cleared)", before: [{ cidr: "10.0.0.0/8", note: "office" }], after: [] },
      t.clock.now(),
    );
    const en = await (await t.admin.get(`/admin/services/demo/history/audit?${DAY}&lang=en`)).text();
    expect(en).toContain("Actor type");
    expect(en).toMatch(/>organization<\/td><td[^>]*data-kind="api-key">API key<\/td><td[^>]*>update<\/td><td[^>]*>agents\/a2<\/td><td[^>]*>name: a2 → Kim Two<\/td>/);
    expect(en).toMatch(/>admin<\/td><td[^>]*data-kind="member">Member<\/td><td[^>]*>view</);
    expect(en).toMatch(/>\(command line\)<\/td><td[^>]*>Command line<\/td><td[^>]*>update<\/td><td[^>]*>access \(cleared\)<\/td><td[^>]*>\[\{&quot;cidr&quot;:&quot;10.0.0.0\/8&quot;,&quot;note&quot;:&quot;office&quot;\}\] → \[\]<\/td>/);
    const ko = await (await t.admin.get(`/admin/services/demo/history/audit?${DAY}`)).text();
    for (const word of ["작업자 유형", "변경 (이전 → 이후)", ">API 키<", ">멤버<", ">명령줄<", ">변경<", ">상담사 a2<", "이름: a2 → Kim Two", ">(명령줄)<", ">ARS 설정<"]) expect(ko).toContain(word);
    // Issue 9: no English system words on the Korean page.
    for (const word of [">update<", ">agents/a2<", "name: a2", ">(command line)<", ">(system)<", ">ivr<"]) expect(ko).not.toContain(word);
    const cli = await (await t.admin.get(`/admin/services/demo/history/audit?${DAY}&kind=cli&lang=en`)).text();
    expect(cli).toContain("access (cleared)");
    expect(cli).not.toContain("agents/a2");
  });

  it("H5: MUST NOT let the pages edit or delete the log: POST, PUT, PATCH and DELETE on its URLs answer 404/405 and change nothing", async () => {
    const t = await testOps();
    await t.admin.get(`/admin/services/demo/history/calls?${DAY}`);
    const page = await (await t.admin.get(`/admin/services/demo/history/audit?${DAY}`)).text();
    expect(page.match(/method="post"/gi)).toEqual(['method="post"']); // the sign-out form only
    const entries = t.repos.audit.list("demo", 100);
    const id = entries.at(-1)!.id;
    const tails = ["", `?${DAY}`, `/${id}`, `/${id}/delete`, `/${id}/edit`, "/delete", "/clear"];
    // The lookup, and its old address (kept as a redirect for GET).
    const paths = ["history/audit", "audit"].flatMap((area) => tails.map((p) => `/admin/services/demo/${area}${p}`));
    for (const path of paths) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await t.app.request(path, {
          method,
          headers: { Cookie: t.admin.cookie, Origin: ORIGIN, "X-CSRF-Token": t.admin.csrf, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: t.admin.csrf, id: String(id), action: "delete", target: "x" }).toString(),
        });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
    expect(t.repos.audit.list("demo", 100)).toEqual(entries);
  });
});
