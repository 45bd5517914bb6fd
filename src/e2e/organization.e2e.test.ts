/**
 * End-to-end issue 10 (O1, O3, O4, O6, X3): against the running appliance —
 * - a webhook receiver (Bun.serve on 127.0.0.1) gets call.offered, call.answered and call.ended of a
 *   SIPp carrier call with valid HMAC-SHA256 signatures, and a receiver that fails twice gets
 *   call.ended on the third try (CC_WEBHOOK_RETRY_MS makes the backoff quick);
 * - a second service made in the organization pages (two steps, its number on its info page, an
 *   agent and a queue of its own): a SIPp call to each number reaches only that service's agent;
 * - every grant and revoke made in the pages is in the permission log with the client's IP;
 * - a regenerated organization key locks the old one out at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import type { Server } from "bun";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, allAway, endedCallFrom, findPcapDir, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";
import { signInToPages } from "./page-session.ts";

const HAVE_SIPP = haveBinaries("sipp");
const PCAP_DIR = HAVE_SIPP ? findPcapDir() : undefined;
const DEMO_NUMBER = "15880000";
const SHOP_NUMBER = "15881111";
const ALL_DAY = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "00:00", end: "24:00" }]]));

/** A webhook receiver: records every POST; answers 500 to the first `failures` of them. */
function receiver(failures = 0) {
  const got: { body: string; signature: string | null; at: number }[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      got.push({ body: await req.text(), signature: req.headers.get("x-cc-signature"), at: Date.now() });
      return new Response(null, { status: got.length <= failures ? 500 : 204 });
    },
  });
  return { got, server, url: `http://127.0.0.1:${server.port}/hook`, events: () => got.map((g) => JSON.parse(g.body) as { type: string; serviceId: string; data: Record<string, unknown> }) };
}

const signed = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe.skipIf(!HAVE_SIPP || !PCAP_DIR)("organization management end-to-end (issue 10)", () => {
  let app: Appliance;
  let work: string;
  const phones: SippProcess[] = [];
  const hooks = { all: receiver(), flaky: receiver(2) };

  beforeAll(async () => {
    work = tempDir("cc-org-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000", CC_WEBHOOK_RETRY_MS: "300", CC_WEBHOOK_TRIES: "4" } });
  }, 60_000);

  afterAll(async () => {
    for (const p of phones) await p.stop();
    hooks.all.server.stop(true);
    hooks.flaky.server.stop(true);
    await app?.stop();
    if (work) cleanupDir(work);
  });

  /** Register `extension` from a SIPp UAS that answers one call. */
  const agentPhone = async (extension: string, sipPassword: string) => {
    const target = `127.0.0.1:${app.sipPort}`;
    const port = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target, localPort: port, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, `phone-${extension}.csv`), [[extension, sipPassword]]),
    });
    expect(reg.successful, `REGISTER ${extension}\n${describeSipp(reg)}`).toBe(1);
    const p = startSipp({ scenario: "uas-answer.xml", target, localPort: port, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 60_000 });
    phones.push(p);
    await sleep(300);
    return p;
  };

  /** The carrier calls `number`, presses 1 and talks (SIPp). */
  const carrierCall = async (carrierPort: number, number: string, caller: string) => {
    const call = await runSipp({
      scenario: materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! }), target: `127.0.0.1:${app.sipPort}`, service: number, calls: 1,
      inf: writeInjectionCsv(join(work, `caller-${caller}.csv`), [[caller]]), localPort: carrierPort, pauseMs: 2000,
      args: ["-mp", String(await freePort())], timeoutMs: 40_000,
    });
    expect(call.successful, `carrier call to ${number}\n${describeSipp(call)}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
  };

  it("X3, O1, O3, O4, O6: webhooks signed and retried, a second service reached only by its own calls, the permission log with IPs, the regenerated key", async () => {
    const pages = await signInToPages(app);

    // ---- X3: two webhooks through the REST API ----
    const add = async (url: string, events: string[]) => {
      const res = await app.api("/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url, events, serviceId: "demo" }) });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { id: string; secret: string };
    };
    const all = await add(hooks.all.url, ["call.offered", "call.answered", "call.ended"]);
    const flaky = await add(hooks.flaky.url, ["call.ended"]);

    // ---- O1: a second service in the pages: basic info, then the contract; its number on its info page ----
    const step1 = await pages.post("/admin/org/services/new", { type: "contact-center", name: "Shop", serviceId: "shop", language: "ko", timezone: "" });
    expect(step1.status, await step1.clone().text()).toBe(303);
    expect(await (await pages.get("/admin/org/services")).text()).toContain('href="/admin/org/services/shop/contract" class="button"');
    const step2 = await pages.post("/admin/org/services/shop/contract", { features: "phone", licences: "3" });
    expect(step2.status).toBe(303);
    expect((await pages.post("/admin/services/shop/info", { number: SHOP_NUMBER, callerId: SHOP_NUMBER })).status).toBe(303);
    const shop = await app.apiJson<{ state: string; number: string }>("/api/v1/services/shop");
    expect(shop).toMatchObject({ state: "active", number: SHOP_NUMBER });
    // Its agent and its queue (menu key 1) with that agent; open all day.
    const shopper = await app.apiJson<{ extension: string; sipPassword: string }>("/api/v1/services/shop/agents", {
      method: "POST", body: JSON.stringify({ loginId: "shopper", name: "Shop Agent" }),
    });
    await app.apiJson("/api/v1/services/shop/queues", { method: "POST", body: JSON.stringify({ queueId: "sales", name: "Sales", digit: "1", agents: ["shopper"] }) });
    const tuned = await tuneFlow(app, { hours: ALL_DAY }, "shop");
    expect(tuned.tuned, tuned.note).toBe(true);

    // ---- the calls: one to each number, each service's agent ready on its own phone ----
    const carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, DEMO_NUMBER);
    await allAway(app);
    const agent1 = app.credentials.agents.find((a) => a.extension === "1001")!;
    const demoPhone = await agentPhone(agent1.extension, agent1.sipPassword);
    const shopPhone = await agentPhone(shopper.extension, shopper.sipPassword);
    await setAgentState(app, agent1.loginId, "ready");
    await setAgentState(app, "shopper", "ready", "shop");

    await carrierCall(carrierPort, DEMO_NUMBER, "01011117001");
    const demoCall = await endedCallFrom(app, "01011117001");
    expect(demoCall).toMatchObject({ result: "answered", agent: agent1.loginId });
    await carrierCall(carrierPort, SHOP_NUMBER, "01011117002");
    const shopCall = await endedCallFrom(app, "01011117002", 10_000, "shop");
    expect(shopCall).toMatchObject({ result: "answered", agent: "shopper" });
    // Each phone took exactly its own service's call.
    for (const p of [demoPhone, shopPhone]) expect((await Promise.race([p.done, sleep(10_000).then(() => undefined)]))?.successful).toBe(1);
    expect((await app.apiJson<unknown[]>("/api/v1/services/demo/calls")).some((c) => JSON.stringify(c).includes("01011117002"))).toBe(false);

    // ---- X3: the receiver got the demo call's events, signed; the flaky one got call.ended on the third try ----
    await waitFor(() => hooks.all.events().some((e) => e.type === "call.ended"), { timeoutMs: 10_000, what: "call.ended at the receiver" });
    const types = hooks.all.events().filter((e) => e.data.callId === demoCall.callId).map((e) => e.type);
    expect(types).toEqual(["call.offered", "call.answered", "call.ended"]);
    for (const g of hooks.all.got) expect(g.signature).toBe(signed(all.secret, g.body));
    expect(hooks.all.events().every((e) => e.serviceId === "demo")).toBe(true);
    await waitFor(() => hooks.flaky.got.length >= 3, { timeoutMs: 10_000, what: "the third try at the flaky receiver" });
    expect(hooks.flaky.got.map((g) => JSON.parse(g.body).id)).toEqual(Array(3).fill(JSON.parse(hooks.flaky.got[0]!.body).id));
    for (const g of hooks.flaky.got) expect(g.signature).toBe(signed(flaky.secret, g.body));
    const gaps = hooks.flaky.got.slice(1).map((g, i) => g.at - hooks.flaky.got[i]!.at);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!); // exponential backoff: 300 ms, then 600 ms
    const log = await app.apiJson<{ state: string; attempts: number }[]>(`/api/v1/webhooks/${flaky.id}/deliveries`);
    await waitFor(async () => (await app.apiJson<{ state: string }[]>(`/api/v1/webhooks/${flaky.id}/deliveries`))[0]?.state === "delivered", { timeoutMs: 5000, what: "delivered in the log" });
    expect(log.length).toBe(1);
    expect(await (await pages.get("/admin/org/webhooks")).text()).toContain("전송됨");

    // ---- O4, O6: an invited member's roles granted and revoked in the pages, all in the log with the IP ----
    const invited = await pages.post("/admin/org/members", { name: "Kim Minji", loginId: "kim", email: "kim@example.com" });
    expect(await invited.text()).toContain('id="invite-link"');
    const changes: [string, Record<string, string>][] = [
      ["org-admin", { orgAdmin: "1" }],
      ["roles", { serviceId: "shop", role: "agent", action: "grant" }],
      ["roles", { serviceId: "shop", role: "service-admin", action: "grant" }],
      ["roles", { serviceId: "shop", role: "agent", action: "revoke" }],
      ["org-admin", { orgAdmin: "0" }],
    ];
    for (const [path, fields] of changes) expect((await pages.post(`/admin/org/members/kim/${path}`, fields)).status, path).toBe(303);
    const permLog = await (await pages.get("/admin/org/permissions?q=kim&lang=en")).text();
    const rows = [...permLog.matchAll(/<tr><td data-label="Time">.*?<\/tr>/g)].map((m) => m[0]);
    expect(rows.length).toBe(changes.length);
    for (const r of rows) expect(r).toContain("127.0.0.1");
    expect(rows.filter((r) => r.includes("Granted")).length).toBe(3);
    expect(rows.filter((r) => r.includes("Revoked")).length).toBe(2);

    // ---- O3: a regenerated key locks the old one out at once ----
    const oldKey = app.credentials.apiKey;
    const regen = await (await pages.post("/admin/org/info/api-key", {})).text();
    const newKey = /id="new-key">([^<]+)</.exec(regen)?.[1];
    expect(newKey).toBeDefined();
    const status = async (key: string) => (await fetch(`${app.baseUrl}/api/v1/services`, { headers: { Authorization: `Bearer ${key}` } })).status;
    expect(await status(oldKey)).toBe(401);
    expect(await status(newKey!)).toBe(200);
  }, 85_000);
});
