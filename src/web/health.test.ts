import { describe, expect, it } from "bun:test";
import { testApp } from "./test-app.ts";

describe("health and metrics (X6)", () => {
  it("X6: /healthz MUST answer 200 ok", async () => {
    const { app } = await testApp();
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("X6: /readyz MUST answer 503 until ready, then 200", async () => {
    const { app, state } = await testApp();
    expect((await app.request("/readyz")).status).toBe(503);
    state.ready = true;
    expect((await app.request("/readyz")).status).toBe(200);
  });

  it("X6: /metrics MUST serve Prometheus text", async () => {
    const { app } = await testApp();
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(await res.text()).toContain("cc_sip_registrations");
  });

  it("X1: MUST serve the embedded htmx and stylesheet", async () => {
    const { app } = await testApp();
    const js = await app.request("/assets/htmx.min.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await js.text()).length).toBeGreaterThan(10_000);
    const css = await app.request("/assets/app.css");
    expect(css.headers.get("content-type")).toContain("text/css");
  });
});
