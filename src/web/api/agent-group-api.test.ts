import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function client() {
  const t = await testApp();
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.creds.apiKey}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
  };
  return { ...t, call };
}

describe("REST API: agent groups (G5, X3)", () => {
  it("G5: MUST store an agent's group through the API, show it in the agent JSON and change or clear it", async () => {
    const { call, repos } = await client();
    const r = await call("POST", "/services/demo/agents", { loginId: "kim", name: "Kim", group: " 1팀 " });
    expect(r.status).toBe(201);
    expect(r.json.group).toBe("1팀");
    expect(repos.agents.get("demo", "kim")!.group).toBe("1팀");
    const list = await call("GET", "/services/demo/agents");
    expect(list.json.find((a: Json) => a.loginId === "kim").group).toBe("1팀");
    expect((await call("PATCH", "/services/demo/agents/kim", { group: "2팀" })).json.group).toBe("2팀");
    const cleared = await call("PATCH", "/services/demo/agents/kim", { group: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json.group).toBeUndefined();
    expect(repos.agents.get("demo", "kim")!.group).toBeUndefined();
  });

  it("G5: MUST refuse a bad group with 422 naming the field, changing nothing", async () => {
    const { call, repos } = await client();
    const long = "x".repeat(41);
    const bad = await call("POST", "/services/demo/agents", { loginId: "lee", name: "Lee", group: long });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.error.fields)).toContain("group");
    expect(repos.agents.get("demo", "lee")).toBeUndefined();
    repos.agents.update("demo", "agent1", { group: "keep" });
    expect((await call("PATCH", "/services/demo/agents/agent1", { group: long })).status).toBe(422);
    expect((await call("PATCH", "/services/demo/agents/agent1", { group: 5 })).status).toBe(422);
    expect(repos.agents.get("demo", "agent1")!.group).toBe("keep");
  });

  it("X3: MUST describe the group in the OpenAPI document", async () => {
    const { call } = await client();
    const doc = (await call("GET", "/openapi.json")).json;
    expect(doc.components.schemas.Agent.properties).toHaveProperty("group");
    expect(doc.components.schemas.AgentCreate.properties).toHaveProperty("group");
    expect(doc.components.schemas.AgentPatch.properties).toHaveProperty("group");
  });
});
