import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";
import { testOps } from "./test-ops.ts";

describe("validation that teaches (issue 9, G5, C2, S1, H1)", () => {
  it("G5: login IDs MUST be unique regardless of case, and the form MUST say what is allowed", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const page = await (await admin.get("/admin/services/demo/agents")).text();
    expect(page).toContain("영문자, 숫자, &#39;.&#39;, &#39;-&#39;, &#39;_&#39;로 64자까지");
    const res = await admin.post("/admin/services/demo/agents", { loginId: "AGENT1", name: "Copy" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<span class="error" id="loginId-error" role="alert">이미 사용 중입니다.</span>');
    expect(repos.agents.get("demo", "AGENT1")).toBeUndefined();
  });

  it("C2: overlapping business hours MUST get their own message", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/hours", { weekday: "09:00-12:00, 11:00-13:00" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("상담시간 구간이 서로 겹칩니다");
    const bad = await admin.post("/admin/services/demo/hours", { weekday: "18:00-09:00" });
    expect(await bad.text()).toContain("시작이 종료보다 빨라야 합니다");
  });

  it("S1, H1: a reversed date range MUST be an error, and an empty range MUST say why it is empty", async () => {
    const t = await testOps();
    for (const path of ["history/calls", "history/callbacks", "history/logins", "history/audit", "statistics?by=queue&interval=day"]) {
      const sep = path.includes("?") ? "&" : "?";
      const html = await (await t.admin.get(`/admin/services/demo/${path}${sep}from=2026-03-05&to=2026-03-01`)).text();
      expect(html, path).toContain('data-error="dateOrder"');
      expect(html, path).toContain("종료일(2026-03-01)이 시작일(2026-03-05)보다 빠릅니다");
    }
    const empty = await (await t.admin.get("/admin/services/demo/history/calls?from=2020-01-01&to=2020-01-02")).text();
    expect(empty).toContain('class="empty"');
    expect(empty).toContain("2020-01-01 ~ 2020-01-02 기간에 조건에 맞는 자료가 없습니다");
    expect(empty).not.toContain('data-error="dateOrder"');
  });

  it("S1, D3: statistics MUST account for calls that ended in the ARS, as monitoring's total inbound does", async () => {
    const t = await testOps();
    await t.answeredCall("01012345678", 4000, 45_000);
    const now = t.clock.now();
    const base = { serviceId: "demo", direction: "inbound" as const, to: "1588", sipCallId: null, queuedAt: null, offeredAt: null, answeredAt: null, agent: null, recordingPath: null, waitSeconds: null, talkSeconds: null, type: null };
    t.repos.calls.create({ ...base, callId: "ars-1", from: "01000000001", startedAt: now - 5000, queueId: null, endedAt: now - 1000, hangupBy: "caller", result: "abandoned" });
    const html = await (await t.admin.get("/admin/services/demo/statistics?by=queue")).text();
    expect(html).toContain('data-inbound="2" data-ars="1"');
    expect(html).toContain("이 기간 총인입 2건 = 상담큐에 들어온 전화 1건 + ARS에서 끝난 전화 1건");
    const dash = await (await t.admin.get("/admin/services/demo/dashboard")).text();
    expect(dash).toContain('data-figure="total-inbound">2<');
  });
});
