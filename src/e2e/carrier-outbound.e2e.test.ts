/**
 * Outbound calls through carrier trunks against real carrier software (issue 16, T7): the service
 * has two trunks in order — a peer carrier that is down (SIPp answering 503) and a registration
 * trunk at Kamailio, which challenges the appliance's INVITE with 407 like a real carrier and relays
 * it, once authenticated, to the PSTN side (SIPp answering). The call MUST fail over to the second
 * trunk, answer the challenge with the trunk's credentials, carry the service's number in
 * P-Asserted-Identity and the account the carrier wants in From, and connect the agent.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { agentCallState, allAway, listCalls, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, parseMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { startKamailio, type Kamailio } from "./kamailio-runner.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "kamailio");
const ACCOUNT = { username: "07055550011", password: "carrier-pass-out" };
const TCP_ACCOUNT = { username: "07055550012", password: "carrier-pass-tcp" };
const DIALLED = "0212345678";

describe.skipIf(!HAVE_PEERS)("outbound through carrier trunks with Kamailio as the carrier (T7, issue 16)", () => {
  let app: Appliance;
  let kam: Kamailio;
  let work: string;
  let pstnPort: number;
  let phonePort: number;
  const ids: string[] = [];
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-carrier-out-");
    pstnPort = await freePort();
    kam = await startKamailio({
      cfg: join(import.meta.dir, "kamailio/carrier.cfg"), dir: join(work, "kamailio"), users: [ACCOUNT, TCP_ACCOUNT],
      defines: { PSTN_URI: `sip:127.0.0.1:${pstnPort}` }, tcp: true,
    });
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    await kam?.stop();
    if (work) cleanupDir(work);
  });

  const api = (path: string, body?: unknown, method = "POST") =>
    app.api(`/api/v1${path}`, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  const start = async (scenario: string, port: number, extra: string[] = []): Promise<SippProcess> => {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls: 1, timeoutMs: 45_000, args: ["-mp", String(await freePort()), ...extra] });
    stops.push(() => p.stop());
    await p.ready;
    return p;
  };
  const callState = (loginId: string) => agentCallState(app, loginId);

  it("T7: an outbound call MUST fail over from a trunk answering 503 to the next, answer the carrier's 407 and carry P-Asserted-Identity", async () => {
    const downPort = await freePort();
    const trunks = [
      { name: "down carrier", mode: "peer", host: "127.0.0.1", port: downPort, numbers: [{ number: "15889990", serviceId: "demo" }], priority: 0 },
      {
        name: "Kamailio carrier", mode: "register", host: "127.0.0.1", port: kam.port, ...ACCOUNT, numbers: [{ number: ACCOUNT.username, serviceId: "demo" }],
        priority: 1, fromUser: "account", assertIdentity: true,
      },
    ];
    for (const t of trunks) {
      const res = await api("/trunks", t);
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push(((await res.json()) as { trunkId: string }).trunkId);
    }
    await waitFor(
      async () => parseMetric(await (await fetch(`${app.baseUrl}/metrics`)).text(), "cc_trunk_registered", { trunk: ids[1]!, state: "registered" }) === 1,
      { timeoutMs: 15_000, what: `the trunk registered at Kamailio\n${kam.logs().slice(-1500)}` },
    );

    // The agent's phone (SIPp) registers and answers; the two carriers wait for the INVITE.
    await allAway(app);
    const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
    const target = `127.0.0.1:${app.sipPort}`;
    phonePort = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target, localPort: phonePort, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "phone.csv"), [[agent.extension, agent.sipPassword]]),
    });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    const phone = await start("uas-answer.xml", phonePort);
    // The down carrier answers the appliance's OPTIONS probes of its trunk (-aa): the first goes out when the trunk is
    // made, before this SIPp listens, and is retransmitted (Timer E) until answered, so one may reach it before the
    // INVITE. SIPp counts an auto-answered OPTIONS as a call: with -m 1 that one would be its only call and the INVITE
    // would go unanswered (the dial stuck on the first trunk until Timer B). So no -m: it is stopped after the call.
    const down = startSipp({ scenario: "carrier-unavailable.xml", target, localPort: downPort, timeoutMs: 45_000, args: ["-aa", "-mp", String(await freePort())] });
    stops.push(() => down.stop());
    const messages = join(work, "pstn-messages.log");
    const pstn = await start("uas-answer.xml", pstnPort, ["-trace_msg", "-message_file", messages]);
    await down.ready;
    await setAgentState(app, agent.loginId, "away");

    const service = await app.apiJson<{ number: string; callerId?: string }>("/api/v1/services/demo");
    const callerId = service.callerId || service.number;
    const dial = await api(`/services/demo/agents/${agent.loginId}/call/dial`, { number: DIALLED });
    expect(dial.status, await dial.clone().text()).toBe(201);
    const { callId } = (await dial.json()) as { callId: string };
    const why = () => `--- kamailio ---\n${kam.logs().slice(-2000)}\n--- appliance ---\n${app.logs().slice(-4000)}`;
    await waitFor(async () => (await callState(agent.loginId)) === "talking", {
      timeoutMs: 20_000, what: `the call connected through the second trunk\n${why()}`,
    });
    await sleep(1000);
    expect((await api(`/services/demo/agents/${agent.loginId}/call/hangup`)).status).toBe(200);

    const [p, ph] = await Promise.all([pstn.done, phone.done]);
    const d = await down.stop(); // its 503 and the ACK were seconds ago (the call connected after them)
    expect(d.successful, `the first trunk answered 503\n${describeSipp(d)}`).toBe(1);
    expect(p.successful, `the PSTN side answered\n${describeSipp(p)}\n${why()}`).toBe(1);
    expect(ph.successful, describeSipp(ph)).toBe(1);
    // Kamailio relayed only an authenticated INVITE, and says who it was and what it asserted.
    expect(kam.logs()).toContain(`carrier: outbound INVITE ${DIALLED} from ${ACCOUNT.username} authenticated as ${ACCOUNT.username}, PAI <sip:${callerId}@127.0.0.1>`);
    const invite = readFileSync(messages, "utf8");
    expect(invite).toMatch(new RegExp(`^P-Asserted-Identity: <sip:${callerId}@127\\.0\\.0\\.1>`, "mi"));
    expect(invite).toMatch(new RegExp(`^From: <sip:${ACCOUNT.username}@`, "mi"));
    expect(invite).toMatch(/^Proxy-Authorization: Digest /im);
    const record = await waitFor(async () => (await listCalls(app)).find((c) => c.to === DIALLED && c.endedAt), { timeoutMs: 10_000, what: "the call's record" });
    expect(record).toMatchObject({ result: "answered", agent: agent.loginId, from: callerId });
  }, 90_000);

  it("T7: a burst of outbound calls MUST stop at the trunk's cap of concurrent calls, refused with its message, and go on once a place is free", async () => {
    // Whatever the test before left (it may have failed midway): agent1's call hung up, its SIPp peers gone (their ports are reused here).
    if ((await callState("agent1")) !== undefined) await api("/services/demo/agents/agent1/call/hangup");
    await waitFor(async () => (await callState("agent1")) === undefined, { timeoutMs: 10_000, what: "agent1 without a call before the burst" });
    await Promise.all(stops.map((s) => s()));
    // Only the Kamailio trunk now, one call at a time; the PSTN side rings without answering.
    expect((await api(`/trunks/${ids[0]}`, undefined, "DELETE")).status).toBe(204);
    const patched = await api(`/trunks/${ids[1]}`, { maxCalls: 1 }, "PATCH");
    expect(patched.status, await patched.clone().text()).toBe(200);
    const pstn = await start("uas-no-answer.xml", pstnPort);
    const phone = await start("uas-answer.xml", phonePort);
    for (const a of ["agent2", "agent3"]) await setAgentState(app, a, "away");
    expect((await api("/services/demo/agents/agent1/call/dial", { number: "0212345679" })).status).toBe(201);
    await waitFor(async () => (await callState("agent1")) === "dialing" && kam.logs().includes("outbound INVITE 0212345679"), {
      timeoutMs: 15_000, what: `the first call ringing at the PSTN\n${kam.logs().slice(-1500)}`,
    });
    const burst = await Promise.all(["agent2", "agent3"].map((a) => api(`/services/demo/agents/${a}/call/dial`, { number: "0212345670" })));
    for (const res of burst) {
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { fields: { number: string } } };
      expect(body.error.fields.number).toMatch(/동시 발신 한도|limit of calls at once/);
    }
    expect((await api("/services/demo/agents/agent1/call/hangup")).status).toBe(200);
    const [p] = await Promise.all([pstn.done, phone.done]);
    expect(p.successful, `the ringing PSTN call cancelled\n${describeSipp(p)}`).toBe(1);
    await waitFor(async () => (await callState("agent1")) === undefined, { timeoutMs: 10_000, what: "agent1 free again" });
    const records = await listCalls(app);
    expect(records.filter((c) => c.to === "0212345670")).toHaveLength(0); // nothing of the refused burst went out
    expect(records.find((c) => c.to === "0212345679")).toMatchObject({ result: "no-answer" });
    // The place is free again: the next call goes out through the trunk (the far end busy this time).
    const busy = await start("uas-busy.xml", pstnPort);
    const phone2 = await start("uas-answer.xml", phonePort);
    expect((await api("/services/demo/agents/agent1/call/dial", { number: "0212345671" })).status).toBe(201);
    const b = await busy.done;
    expect(b.successful, describeSipp(b)).toBe(1);
    const after = await waitFor(async () => (await listCalls(app)).find((c) => c.to === "0212345671" && c.endedAt), { timeoutMs: 15_000, what: "the next call's record" });
    expect(after).toMatchObject({ result: "busy" });
    await phone2.stop();
  }, 90_000);

  it("T7: a registration trunk over TCP MUST register at Kamailio and answer its OPTIONS probe", async () => {
    const res = await api("/trunks", {
      name: "Kamailio over TCP", mode: "register", host: "127.0.0.1", port: kam.port, transport: "tcp", ...TCP_ACCOUNT,
      numbers: [{ number: TCP_ACCOUNT.username, serviceId: "demo" }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { trunkId } = (await res.json()) as { trunkId: string };
    const trunk = await waitFor(
      async () => {
        const t = await app.apiJson<{ transport: string; status?: { state: string; lastAnswer?: string; probe?: { state: string } } }>(`/api/v1/trunks/${trunkId}`);
        return t.status?.state === "registered" && t.status.probe?.state === "up" ? t : undefined;
      },
      { timeoutMs: 15_000, what: `the TCP trunk registered\n${kam.logs().slice(-1500)}\n${app.logs().slice(-2000)}` },
    );
    expect(trunk).toMatchObject({ transport: "tcp", status: { state: "registered", lastAnswer: "200 OK" } });
  }, 30_000);
});
