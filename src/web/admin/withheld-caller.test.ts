import { describe, expect, it } from "bun:test";
import { testOps } from "./test-ops.ts";

describe("a caller who withheld the number in the pages (T7)", () => {
  it("T7: MUST show a withheld caller as withheld in the call history, its detail and the consultations, never as 'anonymous'", async () => {
    const t = await testOps();
    const call = await t.answeredCall("anonymous", 2000, 10_000);
    const day = "from=2026-03-04&to=2026-03-04";
    for (const [path, lang, text] of [
      [`/admin/services/demo/history/calls?${day}&lang=ko`, "ko", "발신번호 표시제한"],
      [`/admin/services/demo/history/calls?${day}&lang=en`, "en", "Withheld"],
      [`/admin/services/demo/history/consultations?${day}&lang=en`, "en", "Withheld"],
      [`/admin/services/demo/history/calls/${encodeURIComponent(call.callId)}?lang=en`, "en", "Withheld"],
    ] as const) {
      const html = await (await t.admin.get(path, { "Accept-Language": lang })).text();
      expect(html, path).toContain(text);
      expect(html, path).not.toContain(">anonymous<");
    }
  });
});
