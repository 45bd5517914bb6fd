/**
 * Carrier trunks against real carrier software (issue 16, T7, T9): Kamailio from Debian is a
 * registration-based SIP trunk provider. The appliance registers its account there with digest
 * auth; a PSTN call (SIPp) to the DID is delivered by Kamailio to the registered contact and must
 * reach an agent without a challenge, be recorded, and count. A DID that only the To header names
 * reaches its service too. The SIP carriers speak, through the proxy (which record-routes): a call
 * requiring 100rel gets a reliable 180 whose PRACK goes along the route set, and a caller's 90 s
 * session timer is granted and its in-dialog UPDATE refresh answered with the interval. Bad input: a wrong line token is challenged as before, the right token
 * for a number not on that trunk gets 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { lineToken } from "../cc/index.ts";
import { endedCallFrom, findPcapDir, allAway, materializeScenario, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, parseMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { startKamailio, type Kamailio } from "./kamailio-runner.ts";
import { udpExchange } from "./sip-wire.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "kamailio");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const DID = "07055550001"; // the account name is the DID
const DID_IN_TO = "07055550002"; // delivered with the account "acct2" in the Request-URI
const ACCOUNTS = [
  { username: DID, password: "carrier-pass-1" },
  { username: "acct2", password: "carrier-pass-2" },
];

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("registration trunk with Kamailio as the carrier (T7, issue 16)", () => {
  let app: Appliance;
  let kam: Kamailio;
  let work: string;
  let phone: SippProcess | undefined;
  const trunks: Record<string, { trunkId: string; username: string; password: string }> = {};

  beforeAll(async () => {
    work = tempDir("cc-carrier-e2e-");
    kam = await startKamailio({
      cfg: join(import.meta.dir, "kamailio/carrier.cfg"), dir: join(work, "kamailio"), users: ACCOUNTS,
      defines: { DID_IN_TO, ACCOUNT_FOR_TO: "acct2" },
    });
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    const numbers = [[DID], [DID_IN_TO]];
    for (const [i, account] of ACCOUNTS.entries()) {
      const res = await app.api("/api/v1/trunks", {
        method: "POST",
        body: JSON.stringify({
          name: `carrier ${account.username}`, mode: "register", host: "127.0.0.1", port: kam.port,
          username: account.username, password: account.password, numbers: numbers[i]!.map((number) => ({ number, serviceId: "demo" })),
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const t = (await res.json()) as { trunkId: string };
      trunks[account.username] = { trunkId: t.trunkId, ...account };
    }
    // Registered at the carrier: the appliance's own gauge says so once Kamailio answered 200.
    await waitFor(
      async () => {
        const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
        return Object.values(trunks).every((t) => parseMetric(text, "cc_trunk_registered", { trunk: t.trunkId, state: "registered" }) === 1);
      },
      { timeoutMs: 15_000, what: `both trunks registered at Kamailio\n${kam.logs().slice(-1500)}` },
    );
  }, 60_000);

  afterAll(async () => {
    await phone?.stop();
    await app?.stop();
    await kam?.stop();
    if (work) cleanupDir(work);
  });

  it("T7: a PSTN call to the DID delivered over the registration reaches an agent without a challenge and is recorded", async () => {
    await allAway(app);
    const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
    const target = `127.0.0.1:${app.sipPort}`;
    const phonePort = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target, localPort: phonePort, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "phone.csv"), [[agent.extension, agent.sipPassword]]),
    });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    phone = startSipp({ scenario: "uas-answer.xml", target, localPort: phonePort, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 90_000 });
    await phone.ready;
    await setAgentState(app, agent.loginId, "ready");

    const caller = "01077770001";
    const call = await runSipp({
      scenario: materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! }), target: `127.0.0.1:${kam.port}`, service: DID, calls: 1,
      inf: writeInjectionCsv(join(work, "pstn.csv"), [[caller]]), localPort: await freePort(), pauseMs: 3000,
      args: ["-mp", String(await freePort())], timeoutMs: 60_000,
    });
    const why = `${describeSipp(call)}\n--- kamailio ---\n${kam.logs().slice(-1500)}\n--- appliance ---\n${app.logs().slice(-3000)}`;
    expect(call.successful, `PSTN call through Kamailio\n${why}`).toBe(1);
    const record = await endedCallFrom(app, caller);
    expect(record, JSON.stringify(record)).toMatchObject({ result: "answered", agent: agent.loginId, to: DID, recording: true });
    expect(app.logs()).not.toContain('"status":407');
    await Promise.race([phone.done, sleep(10_000)]);
  }, 120_000);

  it("T7: a DID named only in To (the account in the Request-URI) reaches its service", async () => {
    await app.api("/api/v1/services/demo/ivr", {
      method: "PUT",
      body: JSON.stringify({ ...(await app.apiJson<Record<string, unknown>>("/api/v1/services/demo/ivr")), hours: {} }),
    });
    const caller = "01077770002";
    const call = await runSipp({
      scenario: materializeScenario("carrier-after-hours.xml", work, {}), target: `127.0.0.1:${kam.port}`, service: DID_IN_TO, calls: 1,
      inf: writeInjectionCsv(join(work, "pstn2.csv"), [[caller]]), localPort: await freePort(), pauseMs: 1000,
      args: ["-mp", String(await freePort())], timeoutMs: 60_000,
    });
    expect(call.successful, `${describeSipp(call)}\n${kam.logs().slice(-1500)}\n${app.logs().slice(-3000)}`).toBe(1);
    const record = await endedCallFrom(app, caller);
    expect(record, JSON.stringify(record)).toMatchObject({ result: "after-hours", to: DID_IN_TO });
  }, 90_000);

  it("T7: MUST take the caller's number from P-Asserted-Identity, and show a caller with Privacy: id as withheld", async () => {
    // Still closed from the test before: each call hears the messages and is ended by the appliance.
    const call = async (row: string[], csv: string) =>
      runSipp({
        scenario: materializeScenario("carrier-identity.xml", work, {}), target: `127.0.0.1:${kam.port}`, service: DID, calls: 1,
        inf: writeInjectionCsv(join(work, csv), [row]), localPort: await freePort(), pauseMs: 1000,
        args: ["-mp", String(await freePort())], timeoutMs: 60_000,
      });
    const shown = await call(["carrieracct", "01012345678", "none"], "pai.csv");
    expect(shown.successful, describeSipp(shown)).toBe(1);
    expect(await endedCallFrom(app, "01012345678")).toMatchObject({ result: "after-hours", to: DID });
    const hidden = await call(["carrieracct", "01087654321", "id"], "privacy.csv");
    expect(hidden.successful, describeSipp(hidden)).toBe(1);
    const withheld = await endedCallFrom(app, "anonymous");
    expect(withheld).toMatchObject({ result: "after-hours", to: DID });
    const calls = await app.apiJson<{ from: string }[]>("/api/v1/services/demo/calls");
    expect(calls.map((c) => c.from)).not.toContain("01087654321");
    expect(calls.map((c) => c.from)).not.toContain("carrieracct");
  }, 120_000);

  it("T7: MUST show each trunk's registration, the carrier's last answer and its OPTIONS probe", async () => {
    const list = await waitFor(
      async () => {
        const trunks = await app.apiJson<{ trunkId: string; status?: { state: string; lastAnswer?: string; probe?: { state: string; rttMs?: number } } }[]>("/api/v1/trunks");
        return trunks.every((t) => t.status?.probe?.state === "up") ? trunks : undefined;
      },
      { timeoutMs: 10_000, what: "both carriers answering the OPTIONS probe" },
    );
    for (const t of list) expect(t.status).toMatchObject({ state: "registered", lastAnswer: "200 OK", probe: { state: "up" } });
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    for (const t of list) expect(parseMetric(metrics, "cc_trunk_up", { trunk: t.trunkId })).toBe(1);
  }, 30_000);

  /** The service closed (the IVR answers, plays its messages): each call below needs only the appliance. */
  const closeService = async () => {
    const ivr = await app.apiJson<Record<string, unknown>>("/api/v1/services/demo/ivr");
    await app.api("/api/v1/services/demo/ivr", { method: "PUT", body: JSON.stringify({ ...ivr, hours: {} }) });
  };
  const throughCarrier = async (scenario: string, caller: string, csv: string) =>
    runSipp({
      scenario: materializeScenario(scenario, work, {}), target: `127.0.0.1:${kam.port}`, service: DID, calls: 1,
      inf: writeInjectionCsv(join(work, csv), [[caller]]), localPort: await freePort(),
      args: ["-mp", String(await freePort())], timeoutMs: 30_000,
    });

  it("T7: a PSTN call requiring 100rel through the carrier (Kamailio) gets reliable provisional responses, PRACKed, and is answered", async () => {
    await closeService();
    const caller = "01077770100";
    const call = await throughCarrier("carrier-100rel-required.xml", caller, "100rel.csv");
    expect(call.successful, `${describeSipp(call)}\n--- kamailio ---\n${kam.logs().slice(-1500)}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
    const record = await endedCallFrom(app, caller);
    // Answered by the ARS (its messages still playing when the caller hung up): the caller's leg was answered.
    expect(record, JSON.stringify(record)).toMatchObject({ to: DID, result: "ivr", hangupBy: "caller", endReason: "bye" });
    const legs = (record as { legs?: { role: string; answeredAt: string | null }[] }).legs ?? [];
    expect(legs.find((l) => l.role === "caller")?.answeredAt, JSON.stringify(record)).toBeTruthy();
  }, 60_000);

  it("T7: a session timer through the carrier (Kamailio): the appliance grants Session-Expires and answers the PSTN side's UPDATE refresh with the interval", async () => {
    await closeService();
    const caller = "01077770101";
    const call = await throughCarrier("carrier-proxy-session-refresh.xml", caller, "refresh.csv");
    expect(call.successful, `${describeSipp(call)}\n--- kamailio ---\n${kam.logs().slice(-1500)}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
    const record = await endedCallFrom(app, caller);
    // Answered by the ARS (its messages still playing when the caller hung up): the caller's leg was answered.
    expect(record, JSON.stringify(record)).toMatchObject({ to: DID, result: "ivr", hangupBy: "caller", endReason: "bye" });
    const legs = (record as { legs?: { role: string; answeredAt: string | null }[] }).legs ?? [];
    expect(legs.find((l) => l.role === "caller")?.answeredAt, JSON.stringify(record)).toBeTruthy();
  }, 60_000);

  it("T9: a wrong line token is challenged as before; the right one for a number not on the trunk gets 404", async () => {
    const t = trunks[DID]!;
    const token = lineToken({ trunkId: t.trunkId, username: t.username, password: t.password });
    const invite = (user: string, line: string) =>
      [
        `INVITE sip:${user}@127.0.0.1:${app.sipPort};line=${line} SIP/2.0`,
        `Via: SIP/2.0/UDP {{LOCAL_IP}}:{{LOCAL_PORT}};branch=z9hG4bK${crypto.randomUUID().slice(0, 8)};rport`,
        "Max-Forwards: 70",
        `From: <sip:01099990000@{{LOCAL_IP}}>;tag=${crypto.randomUUID().slice(0, 6)}`,
        `To: <sip:${user}@127.0.0.1>`,
        `Call-ID: ${crypto.randomUUID()}`,
        "CSeq: 1 INVITE",
        "Contact: <sip:01099990000@{{LOCAL_IP}}:{{LOCAL_PORT}}>",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
    const target = { host: "127.0.0.1", port: app.sipPort };
    const finalOf = async (msg: string) => (await udpExchange(msg, target, { waitMs: 3000 })).find((r) => r.status >= 200)?.status;
    expect(await finalOf(invite(DID, "0".repeat(24)))).toBe(407);
    expect(await finalOf(invite("1001", "0".repeat(24)))).toBe(407);
    expect(await finalOf(invite(DID_IN_TO, token))).toBe(404); // another trunk's number: not through this one
    expect(await (await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  }, 30_000);
});
