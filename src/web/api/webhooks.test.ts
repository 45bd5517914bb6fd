import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { verifySignature, WebhookDispatcher } from "../../cc/index.ts";
import { testCallCenter } from "./test-call-center.ts";

/** The API over a running center, with a dispatcher delivering to an in-memory receiver. */
function setup() {
  const t = testCallCenter();
  const got: { body: string; signature: string | null; event: string | null }[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    const h = new Headers(init.headers);
    got.push({ body: String(init.body), signature: h.get("x-cc-signature"), event: h.get("x-cc-event") });
    return new Response(null, { status: 204 });
  }) as unknown as typeof globalThis.fetch;
  const dispatcher = new WebhookDispatcher({ repos: t.repos, clock: t.clock, log: silentLogger, fetch });
  dispatcher.attach(t.cc);
  dispatcher.start();
  const deliver = async () => {
    for (let i = 0; i < 5; i++) {
      await t.advance(1);
      await dispatcher.settle();
    }
  };
  return { ...t, got, dispatcher, deliver };
}

describe("webhooks API (X3)", () => {
  it("MUST refuse a bad URL or an unknown event with field messages and store nothing", async () => {
    const { call, repos } = setup();
    const bad = await call("POST", "/webhooks", { url: "ftp://x.example/", events: ["call.ended"] });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields.url).toBe("Must be an http or https URL.");
    const ev = await call("POST", "/webhooks", { url: "https://x.example/", events: ["call.exploded"] });
    expect(ev.status).toBe(422);
    expect(Object.keys(ev.json.error.fields)[0]).toStartWith("events");
    const svc = await call("POST", "/webhooks", { url: "https://x.example/", events: ["call.ended"], serviceId: "nope" });
    expect(svc.status).toBe(404);
    expect(repos.webhooks.list()).toEqual([]);
  });

  it("MUST add (the secret shown once), list without the secret, and remove through the one door", async () => {
    const { call, repos } = setup();
    const made = await call("POST", "/webhooks", { url: "https://crm.example/hook", events: ["call.ended", "agent.state"] });
    expect(made.status).toBe(201);
    expect(made.json.secret).toStartWith("whsec_");
    const listed = await call("GET", "/webhooks");
    expect(listed.json).toEqual([{ id: made.json.id, url: "https://crm.example/hook", events: ["call.ended", "agent.state"], serviceId: null, createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed.json)).not.toContain(made.json.secret);
    expect((await call("GET", `/webhooks/${made.json.id}/deliveries`)).json).toEqual([]);
    expect((await call("DELETE", `/webhooks/${made.json.id}`)).status).toBe(204);
    expect((await call("DELETE", `/webhooks/${made.json.id}`)).status).toBe(404);
    const doc = (await call("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/webhooks", "/webhooks/{id}", "/webhooks/{id}/deliveries"]));
  });

  it("MUST deliver call.offered, call.answered, call.ended and agent.state of a call, each validly signed", async () => {
    const t = setup();
    const made = await t.call("POST", "/webhooks", { url: "https://crm.example/hook", events: ["call.offered", "call.answered", "call.ended", "agent.state"], serviceId: "demo" });
    const record = await t.answeredCall("01012345678");
    await t.deliver();
    const events = t.got.map((g) => JSON.parse(g.body) as { type: string; serviceId: string; data: Record<string, unknown> });
    const calls = events.filter((e) => e.type.startsWith("call."));
    expect(calls.map((e) => e.type)).toEqual(["call.offered", "call.answered", "call.ended"]);
    for (const e of calls) expect(e.data).toMatchObject({ callId: record.callId, from: "01012345678" });
    expect(calls[2]!.data).toMatchObject({ result: "answered", agent: "a1", talkSeconds: expect.any(Number) });
    expect(events.some((e) => e.type === "agent.state" && e.data.loginId === "a1" && e.data.state === "on-call")).toBe(true);
    for (const g of t.got) {
      expect(verifySignature(made.json.secret, g.body, g.signature)).toBe(true);
      expect(g.event).toBe(JSON.parse(g.body).type);
    }
    const log = (await t.call("GET", `/webhooks/${made.json.id}/deliveries`)).json as { state: string }[];
    expect(log.length).toBe(t.got.length);
    expect(log.every((d) => d.state === "delivered")).toBe(true);
  });

  it("MUST deliver callback.requested when a waiting caller asks for a callback", async () => {
    const t = setup();
    await t.call("POST", "/webhooks", { url: "https://crm.example/hook", events: ["callback.requested"] });
    t.cc.setState("demo", "a1", "away", "break");
    t.cc.setState("demo", "a2", "away", "break");
    t.cc.setState("demo", "a3", "away", "break");
    const caller = await t.queueCall("01055556666");
    caller.press("*");
    await t.advance(3000);
    await t.deliver();
    expect(t.got.map((g) => JSON.parse(g.body))).toEqual([
      expect.objectContaining({ type: "callback.requested", serviceId: "demo", data: expect.objectContaining({ number: "01055556666", callbackId: expect.any(Number) }) }),
    ]);
  });
});
