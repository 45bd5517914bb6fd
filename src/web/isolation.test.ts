/**
 * X4 (issue 10): a member of one service never sees another service's data, through the pages or
 * the API. Every route of the app that names a service is walked with the admin of service
 * "other" (pages) and with an API key limited to "other" (API), asking for service "demo": each
 * answers 403 or 404 and never shows demo's data or changes it.
 */
import { describe, expect, it } from "bun:test";
import { adminClient, ORIGIN } from "./admin/test-admin.ts";
import { testCallCenter } from "./api/test-call-center.ts";
import { consoleClient } from "./agent/test-console.ts";
import { SYSTEM } from "../cc/index.ts";

/** Strings that only demo's data holds. */
const DEMO_SECRETS = ["Demo Corp Unique", "Agent Secretname", "01098765432"];

const PARAMS: Record<string, string> = {
  serviceId: "demo", loginId: "a1", queueId: "main", id: "1", trunkId: "t1", promptId: "greeting", prompt: "greeting", digit: "1",
  index: "0", mac: "001565aabbcc", traceId: "t1", typeId: "1", name: "x", token: "x", file: "x", address: "192.0.2.1",
};

async function setup() {
  const t = testCallCenter();
  t.repos.services.update("demo", { name: "Demo Corp Unique" });
  t.repos.agents.update("demo", "a1", { name: "Agent Secretname" });
  const call = await t.answeredCall("01098765432");
  t.repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: call.callId, number: "01098765432" }); // callback 1
  t.repos.services.create({ serviceId: "other", name: "Other", number: "0700", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  t.repos.agents.create({ serviceId: "other", loginId: "o1", name: "Other Agent" }, "pw-other-1234");
  const lee = await t.repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
  t.repos.members.grant(lee.id, "other", "service-admin");
  const otherKey = t.admin.apiKeys.add({ kind: "cli", id: "test" }, { name: "other-only", serviceId: "other" });
  const page = await adminClient(t.app, "lee", "lee-password");
  /** What would show a change to demo. */
  const snapshot = () => JSON.stringify({
    service: t.repos.services.get("demo"), agents: t.repos.agents.list("demo"), queues: t.repos.queues.list("demo"),
    audit: t.repos.audit.list("demo", 1000), calls: t.repos.calls.list("demo", 0, Number.MAX_SAFE_INTEGER), callbacks: t.repos.callbacks.list("demo"),
  });
  return { ...t, demoCall: call, page, otherKey, snapshot };
}

const concrete = (path: string, callId: string) =>
  path.replace(/:(\w+)/g, (_, k: string) => (k === "callId" ? callId : (PARAMS[k] ?? "x")));

const routes = (app: ReturnType<typeof testCallCenter>["app"], prefix: string) =>
  [...new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith(prefix)).map((r) => `${r.method} ${r.path}`))].map((x) => {
    const [method, path] = x.split(" ") as [string, string];
    return { method, path };
  });

describe("member isolation (X4)", () => {
  it("MUST answer every page route of another service with 403 or 404 for a service admin, never its data, and change nothing", async () => {
    const t = await setup();
    const before = t.snapshot();
    const walked = routes(t.app, "/admin/").filter((r) => r.path.includes(":serviceId"));
    expect(walked.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const r of walked) {
      const path = concrete(r.path, t.demoCall.callId);
      const res = r.method === "GET"
        ? await t.page.get(path)
        : await t.app.request(path, { method: r.method, headers: { Cookie: t.page.cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": t.page.csrf }, body: "name=x&loginId=a1&state=suspended" });
      const body = await res.text();
      if (![403, 404].includes(res.status) || DEMO_SECRETS.some((s) => body.includes(s))) leaks.push(`${r.method} ${path} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    expect(t.snapshot()).toBe(before);
    // …while the member's own service is theirs.
    expect((await t.page.get("/admin/services/other/info")).status).toBe(200);
  });

  it("MUST keep the organization's pages from a service admin (403) and show no other service's data on the shared pages", async () => {
    const t = await setup();
    const ownPages = (p: string) => p.includes("welcome") || p === "/admin/org/" || p.startsWith("/admin/org/me/") || p.startsWith("/admin/org/tickets");
    for (const r of routes(t.app, "/admin/org/").filter((x) => !ownPages(x.path))) {
      const path = concrete(r.path, t.demoCall.callId);
      const res = r.method === "GET" ? await t.page.get(path) : await t.page.post(path, { name: "x" });
      expect(res.status, `${r.method} ${path}`).toBe(403);
    }
    // A member's own pages (O7, O9) about another service: 404.
    for (const path of ["/admin/org/me/performance?serviceId=demo", "/admin/org/tickets?serviceId=demo"]) expect((await t.page.get(path)).status, path).toBe(404);
    expect((await t.page.post("/admin/org/tickets/1?serviceId=demo", { state: "resolved" })).status).toBe(404);
    for (const path of ["/admin/services", "/admin/phones", "/admin/trunks", "/admin/trunks-live", "/admin/org/me/performance", "/admin/org/tickets"]) {
      const body = await (await t.page.get(path)).text();
      for (const s of DEMO_SECRETS) expect(body, `${path} shows ${s}`).not.toContain(s);
    }
  });

  it("MUST answer every API route of another service with 404, and organization routes with 403, for a key limited to one service", async () => {
    const t = await setup();
    const before = t.snapshot();
    const api = (method: string, path: string, body?: unknown) =>
      t.app.request(path, {
        method,
        headers: { Authorization: `Bearer ${t.otherKey}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const leaks: string[] = [];
    for (const r of routes(t.app, "/api/v1/")) {
      if (r.path === "/api/v1/openapi.json") continue;
      const path = concrete(r.path, t.demoCall.callId);
      const res = await api(r.method, path, r.method === "GET" || r.method === "DELETE" ? undefined : { name: "x", state: "ready", loginIds: [] });
      const text = await res.text();
      // A service's own routes answer 404; organization routes 403, even one naming a service (a member's roles in it).
      const ok = r.path.startsWith("/api/v1/services/:serviceId") ? res.status === 404 : r.path === "/api/v1/services" && r.method === "GET" ? res.status === 200 : res.status === 403;
      if (!ok || DEMO_SECRETS.some((s) => text.includes(s))) leaks.push(`${r.method} ${path} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    expect(await (await api("GET", "/api/v1/services")).json()).toEqual([expect.objectContaining({ serviceId: "other" })]);
    expect((await api("GET", "/api/v1/services/other/agents")).status).toBe(200);
    expect(t.snapshot()).toBe(before);
  });

  it("MUST keep another service's calls, callbacks and recordings from an agent's console (404, never its data)", async () => {
    const t = await setup();
    const { password } = t.admin.agents.resetPasswords(SYSTEM, "other", "o1");
    const agent = await consoleClient(t, "o1", password, "10.0.0.2", "other");
    const before = t.snapshot();
    const leaks: string[] = [];
    for (const r of routes(t.app, "/agent/").filter((x) => /:(callId|id)\b/.test(x.path))) {
      const path = concrete(r.path, t.demoCall.callId);
      const res = r.method === "GET" ? await agent.get(path) : await agent.post(path, { notes: "x" }, { "HX-Request": "true" });
      const text = await res.text();
      if (res.status < 400 || DEMO_SECRETS.some((s) => text.includes(s))) leaks.push(`${r.method} ${path} → ${res.status}`);
    }
    expect(leaks).toEqual([]);
    for (const path of ["/agent/", "/agent/history", "/agent/callbacks", "/agent/stats", "/agent/more"]) {
      const text = await (await agent.get(path)).text();
      for (const s of DEMO_SECRETS) expect(text, `${path} shows ${s}`).not.toContain(s);
    }
    expect(t.snapshot()).toBe(before);
  });
});
