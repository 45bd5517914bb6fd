import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { readFlow } from "./flow.ts";
import { adminClient, ORIGIN } from "./test-admin.ts";

describe("assignment (G6)", () => {
  it("G6: MUST say new agents are not assigned, save many-to-many, refuse unknown agents", async () => {
    const { app, repos } = await testApp();
    repos.queues.create({ serviceId: "demo", queueId: "sales", name: "영업", digit: "2", callback: false });
    const admin = await adminClient(app);
    expect(await (await admin.get("/admin/services/demo/assignment")).text()).toContain("자동 배정되지 않으므로");
    const bad = await admin.post("/admin/services/demo/assignment", { "queue.main": ["agent1", "ghost"], "queue.sales": "agent1" });
    expect(bad.status).toBe(422);
    expect(repos.queues.get("demo", "sales")!.agents).toEqual([]);
    const ok = await admin.post("/admin/services/demo/assignment", { "queue.main": ["agent1", "agent2"], "queue.sales": ["agent1"] });
    expect(ok.status).toBe(303);
    expect(repos.queues.get("demo", "main")!.agents).toEqual(["agent1", "agent2"]);
    expect(repos.queues.get("demo", "sales")!.agents).toEqual(["agent1"]);
  });
});

describe("consultation types (G7)", () => {
  it("G7: MUST add, refuse empty or duplicate names with 422, rename, order and retire", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    expect((await admin.post("/admin/services/demo/types", { name: "문의" })).status).toBe(303);
    await admin.post("/admin/services/demo/types", { name: "불만" });
    const empty = await admin.post("/admin/services/demo/types", { name: " " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('id="name-error"');
    expect((await admin.post("/admin/services/demo/types", { name: "문의" })).status).toBe(422);
    const [a, b] = repos.consultationTypes.list("demo");
    await admin.post(`/admin/services/demo/types/${b!.id}`, { op: "up", name: b!.name });
    await admin.post(`/admin/services/demo/types/${a!.id}`, { op: "rename", name: "일반 문의" });
    await admin.post(`/admin/services/demo/types/${b!.id}`, { op: "retire", name: b!.name });
    expect((await admin.post(`/admin/services/demo/types/${a!.id}`, { op: "rename", name: "" })).status).toBe(422);
    expect(repos.consultationTypes.list("demo").map((x) => [x.name, x.retired])).toEqual([["일반 문의", false], ["불만", true]]);
  });
});

describe("work management (G9)", () => {
  it("G9: MUST refuse a bad state or URL with 422 and save good input into the flow too", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const bad = await admin.post("/admin/services/demo/work", { stateAfterLogin: "sleep", stateAfterCall: "ready", screenPopUrl: "javascript:alert(1)" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="stateAfterLogin-error"');
    expect(html).toContain('id="screenPopUrl-error"');
    expect(repos.workSettings.get("demo").screenPopUrl).toBe("");
    const url = "https://crm.example.com/c?phone={caller}";
    expect((await admin.post("/admin/services/demo/work", { stateAfterLogin: "ready", stateAfterCall: "wrap-up", screenPopUrl: url })).status).toBe(303);
    expect(repos.workSettings.get("demo")).toEqual({ stateAfterLogin: "ready", stateAfterCall: "wrap-up", screenPopUrl: url });
    const flow = readFlow({ repos } as never, "demo");
    expect(flow.stateAfterCall).toBe("wrap-up");
  });
});

describe("access management (G10)", () => {
  const env = (address: string) => ({ ip: { address, port: 1, family: "IPv4" } });

  it("G10: MUST refuse bad ranges and a list that locks the saver out, then enforce the ranges", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const post = (ranges: string, address: string) =>
      app.request(
        "/admin/services/demo/access",
        {
          method: "POST",
          headers: { Cookie: admin.cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: admin.csrf, ranges }).toString(),
        },
        env(address),
      );
    const bad = await post("10.0.0.0/33", "10.1.2.3");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="ranges-error"');
    const lockout = await post("192.168.0.0/16", "10.1.2.3");
    expect(lockout.status).toBe(422);
    expect(await lockout.text()).toContain("10.1.2.3");
    expect(repos.access.list("demo")).toEqual([]);
    expect((await post("10.0.0.0/8 office\n2001:db8::/32", "10.1.2.3")).status).toBe(303);
    expect(repos.access.list("demo").map((r) => r.cidr)).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
    const get = (address: string) => app.request("/admin/services/demo/agents", { headers: { Cookie: admin.cookie } }, env(address));
    expect((await get("10.9.9.9")).status).toBe(200);
    const refused = await get("203.0.113.7");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("203.0.113.7");
    expect((await get("2001:db8::1")).status).toBe(200);
  });

  it("G10: MUST use X-Forwarded-For only from a trusted proxy", async () => {
    const { loadConfig } = await import("../../config.ts");
    const { app, repos } = await testApp({ config: loadConfig({ CC_TRUSTED_PROXIES: "127.0.0.1" }) });
    repos.access.replace("demo", [{ cidr: "10.0.0.0/8", note: "" }]);
    const admin = await adminClient(app);
    const get = (peer: string, xff: string) =>
      app.request("/admin/services/demo/info", { headers: { Cookie: admin.cookie, "X-Forwarded-For": xff } }, env(peer));
    expect((await get("127.0.0.1", "10.0.0.5")).status).toBe(200);
    expect((await get("203.0.113.9", "10.0.0.5")).status).toBe(403);
  });
});
