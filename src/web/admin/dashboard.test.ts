import { describe, expect, it } from "bun:test";
import { adminClient } from "./test-admin.ts";
import { readSse, testOps } from "./test-ops.ts";

describe("dashboard (D1–D6)", () => {
  it("D: MUST show the figures and push them again through server-sent events after a call", async () => {
    const t = await testOps();
    const page = await t.admin.get("/admin/services/demo/dashboard");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("자원현황");
    expect(html).toContain('data-figure="total-inbound">0<');
    expect(html).toContain("/admin/ops-assets/uplot.js");
    await t.answeredCall("01012345678", 3000, 30_000);
    const res = await t.admin.get("/admin/services/demo/dashboard/events");
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await readSse(res, (s) => s.includes("event: panels") && s.includes("</div>\n\n"));
    expect(text).toContain("event: trend");
    expect(text).toMatch(/data-figure="total-inbound">1</);
    expect(text).toMatch(/data-figure="answer-rate">100\.0%</);
    const trend = JSON.parse(/event: trend\ndata: (.*)\n/.exec(text)![1]!);
    expect(trend.today.reduce((a: number, b: number) => a + b, 0)).toBe(1);
  });

  it("D6: MUST list the agents with their state and time in state", async () => {
    const t = await testOps();
    t.cc.setState("demo", "a2", "ready");
    await t.advance(65_000);
    const html = await (await t.admin.get("/admin/services/demo/dashboard?lang=en")).text();
    expect(html).toMatch(/state-ready">Ready<\/td><td data-label="Time in state">1:05</);
    expect(html).toMatch(/data-figure="state-ready">1</);
  });

  it("MUST send heartbeat comments while nothing changes", async () => {
    const { sseResponse } = await import("./sse.ts");
    const ctl = new AbortController();
    const res = sseResponse({ intervalMs: 20, heartbeatMs: 50, tick: () => [{ event: "x", data: "same" }], signal: ctl.signal });
    const text = await readSse(res, (s) => s.includes(": hb"), 2000);
    ctl.abort();
    expect(text.match(/event: x/g)).toHaveLength(1);
    expect(text).toContain(": hb\n\n");
  });

  it("MUST keep other services' dashboards out of reach", async () => {
    const t = await testOps();
    const boss = await t.repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password-1" });
    t.repos.members.grant(boss.id, "other", "service-admin");
    const other = await adminClient(t.app as never, "boss", "boss-password-1");
    expect((await other.get("/admin/services/demo/dashboard")).status).toBe(404);
    expect((await other.get("/admin/services/demo/dashboard/events")).status).toBe(404);
    expect((await other.get("/admin/services/other/dashboard")).status).toBe(200);
    expect((await t.admin.get("/admin/services/nope/dashboard")).status).toBe(404);
  });
});

describe("without the contact-center engine", () => {
  it("MUST answer 503 with a notice instead of failing", async () => {
    const { testApp } = await import("../test-app.ts");
    const t = await testApp();
    const admin = await adminClient(t.app);
    const res = await admin.get("/admin/services/demo/statistics?lang=en");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("The contact-center engine is not running.");
    expect((await admin.get("/admin/services/demo/history/audit")).status).toBe(200);
  });
});
