/**
 * No surprise bill (issue 16 point 6, T9) against real carrier software: Kamailio is the carrier (it
 * challenges and relays the appliance's INVITEs to SIPp as the PSTN side), the trunk has a cap of 2
 * outbound minutes per hour. A burst of three console dials MUST stop at the cap (two go out, each
 * counting a started minute; the third is refused with its message before any phone rings), the calls
 * in progress finish, and once they have ended their minutes from the records keep the next call
 * refused; the dashboard shows the alert, a webhook receiver gets `outbound.cap-reached`, the audit
 * log has the line.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Server } from "bun";
import { join } from "node:path";
import { signInAdmin } from "./admin-fetch.ts";
import { agentCallState, allAway, listCalls, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, parseMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { startKamailio, type Kamailio } from "./kamailio-runner.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "kamailio");
const ACCOUNT = { username: "07055550021", password: "carrier-pass-caps" };

describe.skipIf(!HAVE_PEERS)("outbound minute caps with Kamailio as the carrier (T9, issue 16 point 6)", () => {
  let app: Appliance;
  let kam: Kamailio;
  let work: string;
  let hooks: Server<undefined>;
  let pstnPort: number;
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-carrier-caps-");
    hooks = Bun.serve({
      hostname: "127.0.0.1", port: 0,
      fetch: async (req) => {
        events.push((await req.json()) as (typeof events)[number]);
        return new Response("ok");
      },
    });
    pstnPort = await freePort();
    kam = await startKamailio({
      cfg: join(import.meta.dir, "kamailio/carrier.cfg"), dir: join(work, "kamailio"), users: [ACCOUNT], defines: { PSTN_URI: `sip:127.0.0.1:${pstnPort}` },
    });
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    await kam?.stop();
    hooks?.stop(true);
    if (work) cleanupDir(work);
  });

  const api = (path: string, body?: unknown, method = "POST") =>
    app.api(`/api/v1${path}`, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  const callState = (loginId: string) => agentCallState(app, loginId);
  const start = (scenario: string, port: number, calls = 1): SippProcess => {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls, timeoutMs: 40_000 });
    stops.push(() => p.stop());
    return p;
  };

  it("T9: a burst of outbound calls MUST stop at the trunk's minute cap; the dashboard, a webhook and the audit log say so", async () => {
    const hook = await api("/webhooks", { url: `http://127.0.0.1:${hooks.port}/cap`, events: ["outbound.cap-reached"], serviceId: "demo" });
    expect(hook.status, await hook.clone().text()).toBe(201);
    const created = await api("/trunks", {
      name: "Kamailio carrier", mode: "register", host: "127.0.0.1", port: kam.port, ...ACCOUNT, numbers: [{ number: ACCOUNT.username, serviceId: "demo" }],
      fromUser: "account", capHourMinutes: 2,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { trunkId } = (await created.json()) as { trunkId: string };
    await waitFor(
      async () => parseMetric(await (await fetch(`${app.baseUrl}/metrics`)).text(), "cc_trunk_registered", { trunk: trunkId, state: "registered" }) === 1,
      { timeoutMs: 15_000, what: `the trunk registered at Kamailio\n${kam.logs().slice(-1500)}` },
    );

    // Three agents' phones (SIPp) register and answer; the PSTN side answers two calls.
    await allAway(app);
    const agents = app.credentials.agents.slice(0, 3);
    const phones: SippProcess[] = [];
    for (const [i, a] of agents.entries()) {
      const port = await freePort();
      const reg = await runSipp({
        scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, localPort: port, calls: 1, timeoutMs: 15_000,
        inf: writeInjectionCsv(join(work, `phone${i}.csv`), [[a.extension, a.sipPassword]]),
      });
      expect(reg.successful, describeSipp(reg)).toBe(1);
      phones.push(start("uas-answer.xml", port));
    }
    const pstn = start("uas-answer.xml", pstnPort, 2);
    await Promise.all([...phones, pstn].map((p) => p.ready));

    // The burst: three dials at once. Two go out (each placed call counts a started minute), the third is refused.
    const burst = await Promise.all(agents.map((a, i) => api(`/services/demo/agents/${a.loginId}/call/dial`, { number: `021234560${i}` })));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 409]);
    const refused = burst.findIndex((r) => r.status === 409);
    const body = (await burst[refused]!.json()) as { error: { fields: { number: string } } };
    expect(body.error.fields.number).toMatch(/발신 통화 시간 한도|cap on outbound minutes/);
    const going = agents.filter((_, i) => i !== refused);
    const why = () => `--- kamailio ---\n${kam.logs().slice(-1500)}\n--- appliance ---\n${app.logs().slice(-3000)}`;
    for (const a of going) {
      await waitFor(async () => (await callState(a.loginId)) === "talking", { timeoutMs: 20_000, what: `${a.loginId} talking through the trunk\n${why()}` });
    }
    await sleep(1000);
    for (const a of going) expect((await api(`/services/demo/agents/${a.loginId}/call/hangup`)).status).toBe(200);
    const p = await pstn.done;
    expect(p.successful, `the PSTN side answered both calls\n${describeSipp(p)}`).toBe(2);
    await phones[refused]!.stop(); // its phone never rang
    await waitFor(async () => (await listCalls(app)).filter((c) => c.endedAt && c.result === "answered").length === 2, { timeoutMs: 10_000, what: "two answered records" });
    expect((await listCalls(app)).filter((c) => c.to === `021234560${refused}`)).toHaveLength(0); // nothing of the refused call went out

    // The calls have ended: their minutes, counted from the records, keep the next call refused.
    await setAgentState(app, going[0]!.loginId, "away");
    const again = await api(`/services/demo/agents/${going[0]!.loginId}/call/dial`, { number: "0212345609" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { fields: { number: string } } }).error.fields.number).toMatch(/발신 통화 시간 한도|cap on outbound minutes/);

    // Told once: the webhook receiver, the dashboard's alert, the audit log.
    await waitFor(() => events.some((e) => e.type === "outbound.cap-reached"), { timeoutMs: 10_000, what: "outbound.cap-reached at the receiver" });
    expect(events.filter((e) => e.type === "outbound.cap-reached")).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ scope: "trunk", trunkId, window: "hour", capMinutes: 2, usedMinutes: 2, agent: agents[refused]!.loginId });
    const pages = await signInAdmin(app);
    const dash = await (await pages("/admin/services/demo/dashboard")).text();
    expect(dash).toContain('id="outbound-cap-alert"');
    expect(dash).toContain(`data-id="${trunkId}"`);
    const audit = await (await pages("/admin/services/demo/history/audit?action=outbound-cap-reached")).text();
    expect(audit).toContain(`trunks/${trunkId}`);
  }, 60_000);
});
