import { describe, expect, it } from "bun:test";
import { loadConfig } from "../../config.ts";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";
import { testTempDir } from "../../lib/testing/test-temp-dir.ts";

/** Every one-button form that deletes, resets, blocks or stops something, with its question (or none). */
const destructive = (html: string) =>
  [...html.matchAll(/<form method="post" action="([^"]+\/(?:delete|reset|block|stop))" class="inline"( data-confirm="[^"]+")?/g)].map((m) => ({ action: m[1]!, asks: Boolean(m[2]) }));

describe("safe actions (issue 9)", () => {
  it("every delete, reset, block and stop button MUST ask first and say what will be lost", async () => {
    const { app } = await testApp({ config: { ...loadConfig({}), dataDir: testTempDir("safe") } });
    const admin = await adminClient(app);
    await admin.post("/admin/services/demo/phones", { model: "yealink", mac: "001565aabbcc", agent: "agent1", rotate: "1" });
    await admin.post("/admin/services/demo/menu", { digit: "9", kind: "info", text: "영업시간 안내입니다." });
    await admin.post("/admin/services/demo/holidays", { date: "2026-05-01", name: "창립기념일", kind: "holiday", repeat: "yearly" });
    await admin.post("/admin/services/demo/notices", { title: "점검", body: "오늘 점검합니다." });
    await admin.post("/admin/services/demo/trace", { filter: "1001", minutes: "5" });
    await admin.post("/admin/trunks", { name: "KT", mode: "peer", host: "192.0.2.1", port: "5060", number: ["15880000"], serviceId: ["demo"] });
    const seen: string[] = [];
    for (const page of ["agents", "phones", "menu", "holidays", "notices", "trace"].map((p) => `/admin/services/demo/${p}`).concat("/admin/trunks")) {
      const forms = destructive(await (await admin.get(page)).text());
      for (const f of forms) {
        seen.push(f.action.replace(/.*\//, ""));
        if (f.action.endsWith("/block")) continue; // unblocking asks nothing; blocking is checked below
        expect(f.asks, f.action).toBe(true);
      }
    }
    expect(new Set(seen)).toEqual(new Set(["delete", "reset", "block", "stop"]));
    const agents = await (await admin.get("/admin/services/demo/agents")).text();
    expect(agents).toContain('data-confirm="상담사 Agent 1(agent1)을(를) 삭제하면 내선 1001과 상담 앱 로그인이 없어지고');
    expect(agents).toContain('action="/admin/services/demo/agents/agent1/block" class="inline" data-confirm=');
  });

  it("every change MUST end on a page that says it went through", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const after = async (res: Response) => (await admin.get(res.headers.get("location")!)).text();
    expect(await after(await admin.post("/admin/services/demo/menu", { digit: "9", kind: "info", text: "안내입니다." }))).toContain("추가했습니다.");
    expect(await after(await admin.post("/admin/services/demo/menu/9/delete", {}))).toContain("삭제했습니다.");
    expect(await after(await admin.post("/admin/services/demo/types", { name: "문의" }))).toContain("추가했습니다.");
    expect(await after(await admin.post("/admin/services/demo/agents/agent3/block", { blocked: "1" }))).toContain("agent3을(를) 블락했습니다.");
    expect(await after(await admin.post("/admin/services/demo/agents/agent3/group", { group: "A" }))).toContain("agent3의 그룹을 저장했습니다.");
    expect(await after(await admin.post("/admin/services/demo/agents/agent3/delete", {}))).toContain("상담사 agent3을(를) 삭제했습니다.");
    const holiday = await admin.post("/admin/services/demo/holidays", { date: "2026-05-01", name: "Founding day", kind: "holiday", repeat: "once" });
    expect(await (await admin.get(`${holiday.headers.get("location")}&lang=en`)).text()).toContain("Added.");
  });
});
