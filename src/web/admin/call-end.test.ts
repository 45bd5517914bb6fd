import { describe, expect, it } from "bun:test";
import { testOps } from "./test-ops.ts";

describe("a call's detail says who ended it and why (C11, H1)", () => {
  it("C11: MUST show who hung up and the end's reason on the call's detail page, in Korean", async () => {
    const t = await testOps();
    const call = await t.answeredCall("01012120000", 1000, 5000); // the caller hangs up (BYE)
    const html = await (await t.admin.get(`/admin/services/demo/history/calls/${call.callId}`)).text();
    expect(html).toContain('<dd data-testid="hangup-by">고객</dd>');
    expect(html).toContain('<dd data-testid="end-reason">통화 종료</dd>');
    const en = await (await t.admin.get(`/admin/services/demo/history/calls/${call.callId}?lang=en`)).text();
    expect(en).toContain('<dd data-testid="hangup-by">caller</dd>');
    expect(en).toContain('<dd data-testid="end-reason">bye</dd>');
  });
});
