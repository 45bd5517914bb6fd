import { describe, expect, it } from "bun:test";
import { testApp } from "./test-app.ts";

describe("request bodies are bounded before authentication (X4, issue 11)", () => {
  it("X4: MUST refuse an oversized sign-in form with 413 without reading it whole, and keep answering", async () => {
    const { app } = await testApp();
    let sent = 0;
    const huge = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent >= 50 * 1024 * 1024) return ctrl.close();
        sent += 1024 * 1024;
        ctrl.enqueue(new Uint8Array(1024 * 1024).fill(0x61));
      },
    });
    const res = await app.request("/admin/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: huge,
      // @ts-expect-error Bun's fetch takes a stream body with duplex
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(5 * 1024 * 1024);
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("X4: MUST refuse a body over the largest upload on any route, before authentication", async () => {
    const { app } = await testApp();
    const res = await app.request("/api/v1/services", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": String(20 * 1024 * 1024) },
      body: new Uint8Array(20 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});
