import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";

describe("the REST API's guards (X3, G10, issue 11)", () => {
  it("X3: MUST throttle wrong API keys per address (429 with Retry-After) and still take the right key from elsewhere", async () => {
    const t = await testApp();
    const get = (key: string, ip = "198.51.100.7") =>
      t.app.request("/api/v1/services", { headers: { Authorization: `Bearer ${key}` } }, { ip: { address: ip, port: 40000 } });
    for (let i = 0; i < 10; i++) expect((await get(`wrong-${i}`)).status).toBe(401);
    const limited = await get("wrong-again");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await get(t.creds.apiKey)).status).toBe(429); // the guessing address waits, whatever it sends
    expect((await get(t.creds.apiKey, "198.51.100.8")).status).toBe(200);
    t.state.now += 61_000;
    expect((await get(t.creds.apiKey)).status).toBe(200);
  });

  it("G10: MUST apply a service's admin address ranges to its part of the REST API", async () => {
    const t = await testApp();
    t.repos.access.replace("demo", [{ cidr: "10.1.0.0/16", note: "office" }]);
    const get = (path: string, ip: string) =>
      t.app.request(`/api/v1${path}`, { headers: { Authorization: `Bearer ${t.creds.apiKey}` } }, { ip: { address: ip, port: 40000 } });
    expect((await get("/services/demo/agents", "10.1.2.3")).status).toBe(200);
    const outside = await get("/services/demo/agents", "203.0.113.9");
    expect(outside.status).toBe(403);
    expect((await outside.json()).error.code).toBe("address_not_allowed");
    expect((await get("/services/demo", "203.0.113.9")).status).toBe(403);
  });
});
