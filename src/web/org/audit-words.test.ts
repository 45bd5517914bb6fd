import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { testApp } from "../test-app.ts";
import { adminClient } from "../admin/test-admin.ts";

describe("the audit log in Korean (issue 9, H5, X7)", () => {
  it("H5: MUST show what changed as field: before → after with the field and its system-word values in Korean, and in English as stored", async () => {
    const { app, deps } = await testApp();
    deps.admin.agents.update(SYSTEM, "demo", "agent1", { blocked: true, name: "Kim" });
    deps.admin.services.update(SYSTEM, "demo", { state: "suspended" });
    const admin = await adminClient(app);
    const ko = await (await admin.get("/admin/services/demo/history/audit")).text();
    expect(ko).toContain("블락: 아니오 → 예");
    expect(ko).toContain("이름: Agent 1 → Kim");
    expect(ko).toContain("상태: 사용 → 정지");
    const en = await (await admin.get("/admin/services/demo/history/audit?lang=en")).text();
    expect(en).toContain("blocked: false → true");
    expect(en).toContain("state: active → suspended");
  });
});
