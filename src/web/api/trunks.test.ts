import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";

// Answers are checked field by field below; `any` keeps the assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function client() {
  let changes = 0;
  const t = await testApp({ onRoutingChanged: () => void changes++ });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${t.creds.apiKey}`,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json, text };
  };
  return { ...t, call, changes: () => changes };
}

const peer = { name: "Carrier peer", mode: "peer", host: "127.0.0.1", port: 5070, numbers: [{ number: "15880000", serviceId: "demo" }] };
const register = {
  name: "Carrier account",
  mode: "register",
  host: "sip.carrier.example",
  username: "acct",
  password: "s3cret-pass",
  numbers: [{ number: "0212345678", serviceId: "demo" }],
};

describe("trunks API (T7, X3)", () => {
  it("T7: MUST create a peer trunk with its DIDs and list it with the contract fields", async () => {
    const { call, changes } = await client();
    const r = await call("POST", "/trunks", peer);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ ...peer, transport: "udp", username: "", hasPassword: false });
    expect(r.json.trunkId).toEqual(expect.any(String));
    expect(changes()).toBe(1);
    const list = await call("GET", "/trunks");
    expect(list.status).toBe(200);
    expect(list.json).toEqual([r.json]);
    expect((await call("GET", `/trunks/${r.json.trunkId}`)).json).toEqual(r.json);
  });

  it("T7: MUST keep a registration trunk's password write-only", async () => {
    const { call, repos } = await client();
    const r = await call("POST", "/trunks", { ...register, trunkId: "kt" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ trunkId: "kt", mode: "register", port: 5060, username: "acct", hasPassword: true });
    expect(repos.trunks.get("kt")?.password).toBe("s3cret-pass");
    for (const body of [r.text, (await call("GET", "/trunks")).text, (await call("GET", "/trunks/kt")).text]) {
      expect(body).not.toContain("s3cret-pass");
      expect(body).not.toContain('"password"');
    }
    const patched = await call("PATCH", "/trunks/kt", { name: "Renamed" });
    expect(patched.text).not.toContain("s3cret-pass");
    expect(repos.trunks.get("kt")?.password).toBe("s3cret-pass");
  });

  it("T7: MUST change and delete a trunk, calling the change hook each time", async () => {
    const { call, changes, repos } = await client();
    const { json } = await call("POST", "/trunks", peer);
    const p = await call("PATCH", `/trunks/${json.trunkId}`, { port: 5080, numbers: [{ number: "0311112222", serviceId: "demo" }] });
    expect(p.status).toBe(200);
    expect(p.json).toMatchObject({ port: 5080, host: "127.0.0.1", numbers: [{ number: "0311112222", serviceId: "demo" }] });
    expect((await call("DELETE", `/trunks/${json.trunkId}`)).status).toBe(204);
    expect(changes()).toBe(3);
    expect(repos.trunks.list()).toEqual([]);
    expect((await call("DELETE", `/trunks/${json.trunkId}`)).status).toBe(404);
    const missing = await call("GET", "/trunks/nope");
    expect(missing.status).toBe(404);
    expect(missing.json.error?.code).toBe("not_found");
    expect((await call("PATCH", "/trunks/nope", { name: "x" })).status).toBe(404);
    expect(changes()).toBe(3);
  });

  it("X3: MUST answer bad trunk fields with 422 naming them, storing nothing", async () => {
    const { call, repos, changes } = await client();
    const r = await call("POST", "/trunks", {
      name: "",
      mode: "open",
      host: "bad host!",
      port: 70000,
      transport: "sctp",
      numbers: [{ number: "12ab", serviceId: "demo" }],
      extra: true,
    });
    expect(r.status).toBe(422);
    expect(r.json.error?.code).toBe("validation_failed");
    expect(Object.keys(r.json.error.fields)).toEqual(
      expect.arrayContaining(["name", "mode", "host", "port", "transport", "numbers.0.number"]),
    );
    const noCreds = await call("POST", "/trunks", { ...register, username: undefined, password: undefined });
    expect(noCreds.status).toBe(422);
    expect(noCreds.json.error.fields).toMatchObject({ username: expect.any(String), password: expect.any(String) });
    const twice = await call("POST", "/trunks", { ...peer, numbers: [peer.numbers[0], peer.numbers[0]] });
    expect(twice.status).toBe(422);
    expect(twice.json.error.fields["numbers.1.number"]).toBe("Already in use.");
    const ghost = await call("POST", "/trunks", { ...peer, numbers: [{ number: "0212345678", serviceId: "ghost" }] });
    expect(ghost.status).toBe(422);
    expect(ghost.json.error.fields["numbers.0.serviceId"]).toBe("Does not exist.");
    expect((await call("POST", "/trunks", "{nope")).status).toBe(400);
    expect(repos.trunks.list()).toEqual([]);
    expect(changes()).toBe(0);
  });

  it("T7: MUST refuse a number that already belongs to another trunk (409) and bad changes (422)", async () => {
    const { call, repos } = await client();
    const a = await call("POST", "/trunks", { ...peer, trunkId: "a" });
    expect(a.status).toBe(201);
    const b = await call("POST", "/trunks", { ...peer, trunkId: "b", host: "192.0.2.1" });
    expect(b.status).toBe(409);
    expect(b.json.error?.code).toBe("numberTaken");
    expect(b.json.error?.fields?.["numbers.0.number"]).toBe("This number already belongs to another trunk.");
    expect((await call("POST", "/trunks", { ...peer, trunkId: "a", numbers: [] })).status).toBe(409);
    const toRegister = await call("PATCH", "/trunks/a", { mode: "register" });
    expect(toRegister.status).toBe(422);
    expect(toRegister.json.error.fields.password).toBeDefined();
    expect((await call("PATCH", "/trunks/a", { port: 0 })).status).toBe(422);
    expect(repos.trunks.get("a")).toMatchObject({ mode: "peer", port: 5070 });
    expect(repos.trunks.get("b")).toBeUndefined();
  });

  it("X3: MUST describe the trunk routes in the OpenAPI document without a readable password", async () => {
    const { call } = await client();
    const doc = await call("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(["/trunks", "/trunks/{trunkId}"]));
    expect(Object.keys(doc.json.paths["/trunks/{trunkId}"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(doc.json.components.schemas.Trunk.properties.password).toBeUndefined();
    expect(doc.json.components.schemas.TrunkCreate.properties.password).toBeDefined();
  });
});
