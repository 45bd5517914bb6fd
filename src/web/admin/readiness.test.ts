import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import type { TrunkStatusView } from "../deps.ts";
import { adminClient } from "./test-admin.ts";
import { testOps } from "./test-ops.ts";

const lines = (html: string) => Object.fromEntries([...html.matchAll(/data-check="(\w+)" data-ok="(\d)"/g)].map((m) => [m[1]!, m[2] === "1"]));

describe("the readiness checklist on the monitoring page (issue 9)", () => {
  it("MUST list what is missing on a fresh service, each line linking to the page that fixes it", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const html = await (await admin.get("/admin/services/demo/dashboard/readiness")).text();
    expect(html).toStartWith('<section id="readiness" class="card readiness" data-ready="2/6" hx-get="/admin/services/demo/dashboard/readiness" hx-trigger="every 5s"');
    // The demo service: open all day, its queue staffed; no trunk, number, phone or greeting yet.
    expect(lines(html)).toEqual({ trunk: false, number: false, queues: true, phone: false, greeting: false, hours: true });
    expect(html).toContain('href="/admin/trunks?service=demo#add">통신사 회선이 없거나 아직 등록되지 않았습니다');
    expect(html).toContain("대표번호 15880000이(가) 회선에 연결되지 않았습니다");
    expect(html).toContain('href="/admin/services/demo/prompts#prompt-greeting"');
    expect(html).toContain('href="/admin/services/demo/agents"');
  });

  it("MUST turn green line by line and say so when all is done (registered trunk, routed number, phone, greeting)", async () => {
    const states: TrunkStatusView[] = [];
    const { app, repos, state } = await testApp({ trunkStates: () => states });
    const admin = await adminClient(app);
    await admin.post("/admin/trunks", { name: "KT", mode: "register", host: "sip.carrier.example", port: "5060", transport: "udp", username: "070", password: "pw", number: ["15880000"], serviceId: ["demo"] });
    const trunkId = repos.trunks.list()[0]!.trunkId;
    let html = await (await admin.get("/admin/services/demo/dashboard/readiness")).text();
    expect(lines(html)).toMatchObject({ trunk: false, number: true }); // a registration trunk counts once registered
    states.push({ trunkId, state: "registered", expiresAt: state.now + 60_000 });
    state.bindings = [{ aor: "1001", contact: "sip:1001@192.0.2.1", source: { transport: "udp", address: "192.0.2.1", port: 5060 }, callId: "x", cseq: 1, expiresAt: state.now + 60_000, updatedAt: state.now }];
    html = await (await admin.get("/admin/services/demo/dashboard/readiness")).text();
    expect(lines(html)).toMatchObject({ trunk: true, number: true, phone: true, greeting: false });
    expect(html).toContain("전화기 1대가 지금 등록되어 있습니다");
    await admin.post("/admin/services/demo/prompts/greeting", { text: "안녕하세요.", op: "save" });
    html = await (await admin.get("/admin/services/demo/dashboard/readiness?lang=en")).text();
    expect(html).toContain('data-ready="all"');
    expect(html).toContain("All set");
    expect(html).not.toContain("hx-trigger");
  });

  it("MUST show the checklist on the monitoring page until all is green", async () => {
    const t = await testOps();
    const html = await (await t.admin.get("/admin/services/demo/dashboard")).text();
    expect(html).toContain('id="readiness"');
    expect(html.indexOf('id="readiness"')).toBeLessThan(html.indexOf('id="dash"'));
  });

  it("G6: saving an assignment that leaves a queue with no agent MUST warn first and save only when confirmed", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const warned = await admin.post("/admin/services/demo/assignment", {});
    const html = await warned.text();
    expect(html).toContain('data-testid="stranded"');
    expect(html).toContain("이대로 저장하면 1 상담 연결에 배정된 상담사가 없어");
    expect(html).toContain('name="confirmEmpty" value="1"');
    expect(repos.queues.get("demo", "main")!.agents).toHaveLength(3);
    const saved = await admin.post("/admin/services/demo/assignment", { confirmEmpty: "1" });
    expect(saved.status).toBe(303);
    expect(repos.queues.get("demo", "main")!.agents).toEqual([]);
    // Unchecking some agents but keeping one saves at once.
    expect((await admin.post("/admin/services/demo/assignment", { "queue.main": "agent1" })).status).toBe(303);
  });
});
