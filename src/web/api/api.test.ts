import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";

// Answers are checked field by field below; `any` keeps the assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function client() {
  const t = await testApp();
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${t.creds.apiKey}`,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
  };
  return { ...t, call };
}

const newService = { serviceId: "sales", name: "Sales", number: "15881234", language: "en", licences: 2 };

describe("REST API v1 (X3)", () => {
  it("X3: MUST refuse an API call without the organization key", async () => {
    const { call } = await client();
    for (const auth of ["", "Bearer wrong-key-000000000000", "Basic abc"]) {
      const r = await call("GET", "/services", undefined, { Authorization: auth });
      expect(r.status).toBe(401);
      expect(r.json.error?.code).toBe("unauthorized");
    }
  });

  it("X3: MUST list the demo service with the contract fields", async () => {
    const { call } = await client();
    const r = await call("GET", "/services");
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      {
        serviceId: "demo",
        name: "Demo",
        number: "15880000",
        callerId: "15880000",
        timezone: "Asia/Seoul",
        language: "ko",
        state: "active",
        licences: 10,
      },
    ]);
  });

  it("O1: MUST create, read, change a service, and delete it only when suspended", async () => {
    const { call } = await client();
    const created = await call("POST", "/services", newService);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ serviceId: "sales", callerId: "15881234", timezone: "UTC", state: "active" });
    expect((await call("POST", "/services", newService)).status).toBe(409);
    expect((await call("GET", "/services/sales")).json.name).toBe("Sales");
    const del = await call("DELETE", "/services/sales");
    expect(del.status).toBe(409);
    expect(del.json.error?.code).toBe("notSuspended");
    expect((await call("PATCH", "/services/sales", { state: "suspended", name: "Sales 2" })).json).toMatchObject({
      state: "suspended",
      name: "Sales 2",
      number: "15881234",
    });
    expect((await call("DELETE", "/services/sales")).status).toBe(204);
    expect((await call("GET", "/services/sales")).status).toBe(404);
    expect((await call("GET", "/services/nope")).json.error?.code).toBe("not_found");
  });

  it("X3: MUST answer bad JSON with 400 and bad fields with 422 naming them, storing nothing", async () => {
    const { call, repos } = await client();
    const bad = await call("POST", "/services", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe("bad_request");
    const invalid = await call("POST", "/services", {
      serviceId: "sales1",
      name: "",
      language: "xx",
      timezone: "Mars/Base",
      extra: 1,
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error?.code).toBe("validation_failed");
    const fields = invalid.json.error?.fields ?? {};
    expect(fields.serviceId).toContain("Letters only");
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["serviceId", "name", "language", "timezone"]));
    expect((await call("PATCH", "/services/demo", { licences: -1 })).status).toBe(422);
    const notJson = await call("POST", "/services", JSON.stringify(newService), { "Content-Type": "text/plain" });
    expect([400, 415, 422]).toContain(notJson.status);
    expect(notJson.json.error?.code).toBeDefined();
    expect((await call("PATCH", "/services/demo", { state: "gone" })).status).toBe(422);
    expect(repos.services.list().map((s) => s.serviceId)).toEqual(["demo"]);
    expect(repos.services.get("demo")?.licences).toBe(10);
  });

  it("G5: MUST create an agent returning its extension and SIP password once", async () => {
    const { call, repos } = await client();
    const r = await call("POST", "/services/demo/agents", { loginId: "kim", name: "Kim" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ loginId: "kim", name: "Kim", extension: "1004", blocked: false });
    expect(typeof r.json.sipPassword).toBe("string");
    const expected = new Bun.CryptoHasher("md5").update(`1004:contact-center:${r.json.sipPassword}`).digest("hex");
    expect(repos.credentials.lookup("1004")?.ha1Md5).toBe(expected);
    const list = await call("GET", "/services/demo/agents");
    expect(list.json.map((a: { loginId: string }) => a.loginId)).toEqual(["agent1", "agent2", "agent3", "kim"]);
    expect(JSON.stringify(list.json)).not.toContain("sipPassword");
    expect((await call("POST", "/services/demo/agents", { loginId: "kim", name: "Again" })).status).toBe(409);
    const bad = await call("POST", "/services/demo/agents", { loginId: "bad id!", name: "X" });
    expect(bad.status).toBe(422);
    expect(bad.json.error?.fields?.loginId).toBeDefined();
    expect((await call("POST", "/services/nope/agents", { loginId: "a", name: "A" })).status).toBe(404);
  });

  it("G5: MUST refuse agents beyond the licensed count", async () => {
    const { call } = await client();
    await call("POST", "/services", newService);
    expect((await call("POST", "/services/sales/agents", { loginId: "a", name: "A" })).status).toBe(201);
    expect((await call("POST", "/services/sales/agents", { loginId: "b", name: "B" })).status).toBe(201);
    const r = await call("POST", "/services/sales/agents", { loginId: "c", name: "C" });
    expect(r.status).toBe(409);
    expect(r.json.error?.code).toBe("licenceFull");
  });

  it("G5: MUST block, reset the password of, and delete an agent", async () => {
    const { call, repos } = await client();
    expect((await call("PATCH", "/services/demo/agents/agent2", { blocked: true })).json.blocked).toBe(true);
    expect(repos.credentials.lookup("1002")?.blocked).toBe(true);
    const before = repos.credentials.lookup("1001")!.ha1Md5;
    const reset = await call("POST", "/services/demo/agents/agent1/password");
    expect(reset.status).toBe(200);
    expect(reset.json.extension).toBe("1001");
    expect(repos.credentials.lookup("1001")!.ha1Md5).not.toBe(before);
    expect((await call("DELETE", "/services/demo/agents/agent3")).status).toBe(204);
    expect((await call("DELETE", "/services/demo/agents/agent3")).status).toBe(404);
    expect((await call("GET", "/services/demo/queues")).json[0]!.agents).toEqual(["agent1", "agent2"]);
  });

  it("A2: MUST set an agent's state, but not while on a call", async () => {
    const { call, repos } = await client();
    const r = await call("POST", "/services/demo/agents/agent1/state", { state: "away", reason: "meal" });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe("away");
    expect((await call("POST", "/services/demo/agents/agent1/state", { state: "sleeping" })).status).toBe(422);
    repos.agents.update("demo", "agent1", { state: "on-call" });
    const busy = await call("POST", "/services/demo/agents/agent1/state", { state: "ready" });
    expect(busy.status).toBe(409);
    expect(repos.agents.get("demo", "agent1")?.state).toBe("on-call");
  });

  it("G6: MUST create queues and replace their agents, refusing unknown agents", async () => {
    const { call } = await client();
    const q = await call("GET", "/services/demo/queues");
    expect(q.json).toEqual([
      { queueId: "main", name: expect.any(String), digit: "1", callback: true, agents: ["agent1", "agent2", "agent3"] },
    ]);
    const created = await call("POST", "/services/demo/queues", { queueId: "vip", name: "VIP", digit: "2" });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ queueId: "vip", name: "VIP", digit: "2", callback: false, agents: [] });
    expect((await call("POST", "/services/demo/queues", { queueId: "x", name: "X", digit: "2" })).status).toBe(409);
    expect((await call("POST", "/services/demo/queues", { queueId: "y", name: "Y", digit: "12" })).status).toBe(422);
    const put = await call("PUT", "/services/demo/queues/vip/agents", { loginIds: ["agent3", "agent1"] });
    expect(put.json.agents).toEqual(["agent1", "agent3"]);
    const bad = await call("PUT", "/services/demo/queues/vip/agents", { loginIds: ["agent1", "ghost"] });
    expect(bad.status).toBe(422);
    expect(bad.json.error?.fields?.loginIds).toBe("Does not exist.");
    expect((await call("GET", "/services/demo/queues")).json[1]!.agents).toEqual(["agent1", "agent3"]);
    expect((await call("PUT", "/services/demo/queues/none/agents", { loginIds: [] })).status).toBe(404);
  });

  it("T5/T9: MUST list live registrations and bans, and lift a ban", async () => {
    const { call, state } = await client();
    const live = {
        aor: "1001",
        contact: "<sip:1001@192.0.2.1:5060>",
        source: { transport: "udp" as const, address: "192.0.2.1", port: 5060 },
        callId: "c",
        cseq: 1,
        expiresAt: state.now + 60_000,
        updatedAt: state.now,
        userAgent: "Yealink",
    } as const;
    state.bindings = [live, { ...live, aor: "1002", expiresAt: state.now - 1 }];
    const regs = await call("GET", "/registrations");
    expect(regs.json).toEqual([
      {
        extension: "1001",
        contact: "<sip:1001@192.0.2.1:5060>",
        transport: "udp",
        address: "192.0.2.1",
        port: 5060,
        userAgent: "Yealink",
        expiresAt: new Date(state.now + 60_000).toISOString(),
        expiresInSeconds: 60,
      },
    ]);
    state.bans = [{ address: "198.51.100.9", reason: "auth failures", createdAt: state.now, expiresAt: state.now + 1 }];
    expect((await call("GET", "/bans")).json[0]!.address).toBe("198.51.100.9");
    expect((await call("DELETE", "/bans/198.51.100.9")).status).toBe(204);
    expect((await call("DELETE", "/bans/198.51.100.9")).status).toBe(404);
  });

  it("X3: MUST describe the API as OpenAPI at /api/v1/openapi.json", async () => {
    const { app } = await client();
    const res = await app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toStartWith("3.");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/services",
        "/services/{serviceId}",
        "/services/{serviceId}/agents",
        "/services/{serviceId}/agents/{loginId}",
        "/services/{serviceId}/agents/{loginId}/password",
        "/services/{serviceId}/agents/{loginId}/state",
        "/services/{serviceId}/queues",
        "/services/{serviceId}/queues/{queueId}/agents",
        "/registrations",
        "/bans",
        "/bans/{address}",
      ]),
    );
    expect(Object.keys(doc.components.schemas!)).toEqual(expect.arrayContaining(["Service", "Agent", "Queue", "Error"]));
  });

  it("X3: MUST answer an unknown API path with a JSON 404", async () => {
    const { call } = await client();
    const r = await call("GET", "/nothing");
    expect(r.status).toBe(404);
    expect(r.json.error?.code).toBe("not_found");
  });
});
