import { describe, expect, it } from "bun:test";
import { testCallCenter } from "../api/test-call-center.ts";
import { adminClient } from "../admin/test-admin.ts";

/** The API's call center with the org admin "boss" signed in to the pages. */
async function setup() {
  const t = testCallCenter();
  const boss = await t.repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password", orgAdmin: true });
  t.repos.members.grant(boss.id, "demo", "service-admin");
  return { ...t, pages: await adminClient(t.app as never, "boss", "boss-password") };
}

describe("organization messages that teach (issue 9)", () => {
  it("a refused member ID, phone, CTI ID and CTI number MUST say what is allowed, in Korean and English, on the pages and through the API", async () => {
    const t = await setup();
    const invite = await (await t.pages.post("/admin/org/members", { name: "Kim", loginId: "kim lee", email: "kim@example.com" })).text();
    expect(invite).toContain("영문, 숫자와 . _ @ - 만 64자까지 쓸 수 있습니다 (공백 불가).");
    const en = await (await t.pages.post("/admin/org/members?lang=en", { name: "Kim", loginId: "kim lee", email: "kim@example.com" })).text();
    expect(en).toContain("Letters, digits and . _ @ - only, up to 64 characters (no spaces).");
    await t.repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password-1" });
    const cti = await (await t.pages.post("/admin/org/cti/map/kim?serviceId=demo", { ctiId: "cti kim", ctiNumber: "ext-1" })).text();
    expect(cti).toMatch(/영문, 숫자와 \. _ @ - 만 64자까지|CTI 번호는 상담사의 내선번호입니다: 숫자 2–20자리/);
    const number = await (await t.pages.post("/admin/org/cti/map/kim?serviceId=demo", { ctiId: "cti-kim", ctiNumber: "ext-1" })).text();
    expect(number).toContain("CTI 번호는 상담사의 내선번호입니다: 숫자 2–20자리 (예: 1001).");
    expect(t.repos.cti.mappings()).toEqual([]);
    const api = await t.call("PATCH", "/members/kim", { phone: "call me" }, { "Accept-Language": "ko" });
    expect(api.status).toBe(422);
    expect(api.json.error.fields.phone).toBe("숫자와 -, 맨 앞의 +만 20자까지 쓸 수 있습니다 (예: 010-1234-5678).");
  });

  it("a rule refused on the organization pages MUST say what to do next", async () => {
    const t = await setup();
    const last = await (await t.pages.post("/admin/org/members/boss/org-admin?lang=en", { orgAdmin: "0" })).text();
    expect(last).toMatch(/Not on yourself: ask another org admin\.|make another member org admin first/);
    const dup = await (await t.pages.post("/admin/org/members", { name: "Boss 2", loginId: "BOSS", email: "b2@example.com" })).text();
    expect(dup).toContain("이미 사용 중입니다. 다른 값을 입력하세요 (대소문자만 다른 ID도 같은 ID입니다).");
  });
});
