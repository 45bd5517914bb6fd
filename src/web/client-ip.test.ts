import { describe, expect, it } from "bun:test";
import { Hono } from "hono";
import { clientIp } from "./client-ip.ts";

function appWith(trusted: string[]) {
  const app = new Hono();
  app.get("/", (c) => c.text(clientIp(c, trusted)));
  return app;
}

describe("client address (X4 throttling, H4)", () => {
  it("MUST take the socket address main.ts passes as env.ip", async () => {
    const res = await appWith([]).request("/", {}, { ip: { address: "192.0.2.5", port: 1, family: "IPv4" } });
    expect(await res.text()).toBe("192.0.2.5");
  });

  it("MUST believe X-Forwarded-For only from a trusted proxy", async () => {
    const headers = { "X-Forwarded-For": "203.0.113.9, 10.0.0.2" };
    const env = { ip: { address: "10.0.0.1" } };
    expect(await (await appWith(["10.0.0.1"]).request("/", { headers }, env)).text()).toBe("10.0.0.2");
    expect(await (await appWith([]).request("/", { headers }, env)).text()).toBe("10.0.0.1");
  });

  it("MUST answer 'unknown' without a socket", async () => {
    expect(await (await appWith([]).request("/")).text()).toBe("unknown");
  });
});
