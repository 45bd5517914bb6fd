import { describe, expect, it } from "bun:test";
import { testOps } from "./test-ops.ts";

describe("the call page explains the routing (issue 17 point 3)", () => {
  it("C11: MUST show the call's decision trail in plain words, Korean and English", async () => {
    const t = await testOps();
    const call = await t.answeredCall("01044440004", 3000, 10_000);
    await t.advance(1000);
    const en = await (await t.admin.get(`/admin/services/demo/history/calls/${call.callId}?lang=en`)).text();
    expect(en).toContain('data-testid="call-trail"');
    expect(en).toContain("Routing trail");
    expect(en).toContain("Dialled 1588 → service &quot;Demo&quot;");
    expect(en).toMatch(/a1: away: break \(since \d\d:\d\d\)/);
    expect(en).toContain("End: call completed");
    const ko = await (await t.admin.get(`/admin/services/demo/history/calls/${call.callId}`)).text();
    expect(ko).toContain("경로 설명");
    expect(ko).toContain("1번 누름");
    expect(ko).toContain("종료: 통화 완료");
  });
});
