import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { flush } from "../test-clock.ts";
import { WebhookDispatcher } from "./webhook-dispatcher.ts";
import type { WebhookEvent } from "./webhook-events.ts";
import { signBody, verifySignature } from "./webhook-signature.ts";

/** A receiver in memory: answers with the next status of `script` (then 200), records every POST. */
function receiver(script: number[] = []) {
  const got: { url: string; body: string; headers: Headers }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    got.push({ url, body: String(init.body), headers: new Headers(init.headers) });
    return new Response("ok", { status: script.shift() ?? 200 });
  }) as unknown as typeof globalThis.fetch;
  return { got, fetch };
}

const event = (type: WebhookEvent["type"], serviceId = "demo"): WebhookEvent => ({ id: `evt_${Math.random()}`, type, createdAt: "2026-01-01T00:00:00.000Z", serviceId, data: { callId: "c1" } });

function setup(script: number[] = [], options = {}) {
  const { repos } = testStore();
  repos.services.create({ serviceId: "demo", name: "D", number: "1", callerId: "", timezone: "UTC", language: "en", state: "active", licences: 1 });
  const clock = new FakeClock();
  const r = receiver(script);
  const d = new WebhookDispatcher({ repos, clock, log: silentLogger, fetch: r.fetch, options: { backoffMs: 1000, maxAttempts: 4, ...options } });
  repos.webhooks.add({ id: "wh_a", url: "http://127.0.0.1:9/a", events: ["call.ended", "call.offered"], secret: "s3cret", createdAt: 0 });
  d.start();
  /** Let due timers fire and POSTs finish. */
  const run = async (ms = 0) => {
    clock.advance(ms);
    for (let i = 0; i < 5; i++) {
      await flush();
      await d.settle();
      clock.advance(0);
    }
  };
  return { repos, clock, d, run, ...r };
}

describe("webhook deliveries (X3)", () => {
  it("MUST POST the event as JSON signed with HMAC-SHA256 of the body in X-CC-Signature", async () => {
    const { d, run, got } = setup();
    d.publish(event("call.ended"));
    await run();
    expect(got).toHaveLength(1);
    const { body, headers } = got[0]!;
    expect(JSON.parse(body)).toMatchObject({ type: "call.ended", serviceId: "demo", data: { callId: "c1" } });
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("x-cc-signature")).toBe(signBody("s3cret", body));
    expect(verifySignature("s3cret", body, headers.get("x-cc-signature"))).toBe(true);
    expect(verifySignature("other", body, headers.get("x-cc-signature"))).toBe(false);
  });

  it("MUST deliver only the events a webhook asked for, and only its service's when it names one", async () => {
    const { d, repos, run, got } = setup();
    repos.webhooks.add({ id: "wh_b", url: "http://127.0.0.1:9/b", events: ["agent.state"], serviceId: "other", secret: "x", createdAt: 0 });
    expect(d.publish(event("agent.state"))).toBe(0);
    expect(d.publish(event("agent.state", "other"))).toBe(1);
    expect(d.publish(event("call.offered"))).toBe(1);
    await run();
    expect(got.map((g) => g.url).sort()).toEqual(["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]);
  });

  it("MUST retry a failing receiver with exponential backoff and deliver on the third try", async () => {
    const { d, repos, run, got } = setup([500, 503]);
    d.publish(event("call.ended"));
    await run();
    expect(got).toHaveLength(1);
    expect(repos.webhooks.deliveries("wh_a")[0]).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    await run(999);
    expect(got).toHaveLength(1); // not before 1 s
    await run(1);
    expect(got).toHaveLength(2);
    await run(1999);
    expect(got).toHaveLength(2); // then 2 s
    await run(1);
    expect(got).toHaveLength(3);
    expect(repos.webhooks.deliveries("wh_a")[0]).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200 });
    expect(new Set(got.map((g) => JSON.parse(g.body).id)).size).toBe(1); // the same event each time
  });

  it("MUST give up after the bounded number of tries and say so in the delivery log", async () => {
    const { d, repos, run, got } = setup([500, 500, 500, 500, 500]);
    d.publish(event("call.ended"));
    for (const ms of [0, 1000, 2000, 4000, 8000, 16000]) await run(ms);
    expect(got).toHaveLength(4);
    expect(repos.webhooks.deliveries("wh_a")[0]).toMatchObject({ state: "failed", attempts: 4, lastError: "HTTP 500" });
  });

  it("MUST NOT block the publisher on a receiver that never answers, and give up on it at the timeout", async () => {
    const { repos } = testStore();
    repos.webhooks.add({ id: "wh_s", url: "http://127.0.0.1:9/slow", events: ["call.ended"], secret: "s", createdAt: 0 });
    const clock = new FakeClock();
    const hang = ((_: string, init: RequestInit) => new Promise((_r, reject) => init.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const d = new WebhookDispatcher({ repos, clock, log: silentLogger, fetch: hang, options: { timeoutMs: 50, backoffMs: 10_000, maxAttempts: 2 } });
    d.start();
    const t0 = performance.now();
    d.publish(event("call.ended"));
    expect(performance.now() - t0).toBeLessThan(50);
    clock.advance(0);
    await d.settle();
    expect(repos.webhooks.deliveries("wh_s")[0]).toMatchObject({ state: "pending", attempts: 1, lastError: expect.stringContaining("Timeout") });
    d.stop();
  });
});
