/**
 * End-to-end: SIPp against the running appliance (registrar, digest auth, stateful proxy,
 * transaction layer under loss). Scenarios are ours, under src/e2e/sipp/.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import {
  cleanupDir,
  createAgents,
  freePort,
  haveBinaries,
  readMetric,
  sleep,
  startAppliance,
  tempDir,
  waitFor,
  type Appliance,
  type AgentCredentials,
} from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippResult } from "./sipp-runner.ts";

const HAVE_SIPP = haveBinaries("sipp");

describe.skipIf(!HAVE_SIPP)("SIPp end-to-end", () => {
  let app: Appliance;
  let work: string;
  let target: string;

  beforeAll(async () => {
    work = tempDir("cc-sipp-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    target = `127.0.0.1:${app.sipPort}`;
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const agent = (ext: string): AgentCredentials => {
    const a = app.credentials.agents.find((x) => x.extension === ext);
    if (!a) throw new Error(`no demo agent with extension ${ext} in initial-credentials.json`);
    return a;
  };

  /** Register `callee` with its Contact at `port`, so a SIPp UAS on that port gets its calls. */
  async function registerAt(callee: AgentCredentials, port: number): Promise<void> {
    const csv = writeInjectionCsv(join(work, `callee-${callee.extension}.csv`), [[callee.extension, callee.sipPassword]]);
    const r = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: port, timeoutMs: 15_000 });
    expect(r.successful, `REGISTER of ${callee.extension}\n${describeSipp(r)}`).toBe(1);
  }

  /** One call run: UAS for `callee` on a free port, UAC from `caller`, `calls` calls. */
  async function callRun(
    caller: AgentCredentials,
    callee: AgentCredentials,
    calls: number,
    extra: string[] = [],
  ): Promise<{ uac: SippResult; uas: SippResult }> {
    const uasPort = await freePort();
    await registerAt(callee, uasPort);
    // A UAS takes at most 3 × rate calls at once by default and ignores further INVITEs; calls that
    // linger through retransmissions under loss would otherwise hit that limit (408 at the proxy).
    const uas = startSipp({ scenario: "uas-answer.xml", target, localPort: uasPort, calls, limit: 1000, args: extra, timeoutMs: 90_000 });
    await sleep(300);
    const csv = writeInjectionCsv(join(work, `caller-${caller.extension}.csv`), [[caller.extension, caller.sipPassword]]);
    const uac = await runSipp({
      scenario: "uac-call.xml",
      target,
      inf: csv,
      service: callee.extension,
      calls,
      rate: 5,
      pauseMs: 500,
      args: extra,
      timeoutMs: 90_000,
    });
    // The UAS ends by itself after `calls` calls (plus its 4 s linger); bound it anyway.
    const uasResult = await Promise.race([uas.done, sleep(20_000).then(() => uas.stop())]);
    return { uac, uas: uasResult };
  }

  it("T4/T5: MUST register 200 users with digest auth (SIPp)", async () => {
    const agents = await createAgents(app, 200, { prefix: "sippreg" });
    const csv = writeInjectionCsv(
      join(work, "users.csv"),
      agents.map((a) => [a.extension, a.sipPassword]),
    );
    const r = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 200, rate: 100, limit: 50, timeoutMs: 60_000 });
    expect(r.successful, describeSipp(r)).toBe(200);
    expect(r.failed, describeSipp(r)).toBe(0);

    const res = await app.api("/api/v1/registrations");
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    const missing = agents.filter((a) => !body.includes(`"${a.extension}"`) && !body.includes(`sip:${a.extension}@`));
    expect(missing.map((a) => a.extension), "extensions missing from GET /api/v1/registrations").toEqual([]);
  }, 120_000);

  it("T2/T4: MUST register with digest auth over TCP (SIPp)", async () => {
    // Its own agent: the binding outlives SIPp's TCP connection and must not become a
    // stale second contact of an extension another test calls.
    const [a] = await createAgents(app, 1, { prefix: "sipptcp" });
    if (!a) throw new Error("no agent created");
    const csv = writeInjectionCsv(join(work, "tcp.csv"), [[a.extension, a.sipPassword]]);
    const r = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, transport: "t1", timeoutMs: 20_000 });
    expect(r.successful, describeSipp(r)).toBe(1);
  }, 30_000);

  it("T4: MUST reject a wrong password (SIPp REGISTER never gets 200)", async () => {
    const a = agent("1003");
    const csv = writeInjectionCsv(join(work, "wrong.csv"), [[a.extension, `${a.sipPassword}x`]]);
    const r = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, timeoutMs: 15_000 });
    expect(r.successful, describeSipp(r)).toBe(0);
  }, 30_000);

  it("T6: MUST proxy an INVITE/ACK/BYE call between two SIPp endpoints", async () => {
    const { uac, uas } = await callRun(agent("1001"), agent("1002"), 5);
    expect(uac.successful, `UAC\n${describeSipp(uac)}`).toBe(5);
    expect(uac.failed, `UAC\n${describeSipp(uac)}`).toBe(0);
    expect(uas.successful, `UAS\n${describeSipp(uas)}`).toBe(5);
  }, 120_000);

  it("T6: MUST answer an authenticated INVITE to an unknown extension with 404 (SIPp)", async () => {
    const a = agent("1001");
    const csv = writeInjectionCsv(join(work, "unknown.csv"), [[a.extension, a.sipPassword]]);
    const r = await runSipp({ scenario: "uac-unknown.xml", target, inf: csv, service: "1999", calls: 1, timeoutMs: 20_000 });
    expect(r.successful, describeSipp(r)).toBe(1);
  }, 30_000);

  it("T3: MUST complete calls with 10% packet loss and leak no transactions", async () => {
    const { uac, uas } = await callRun(agent("1002"), agent("1003"), 20, ["-lost", "10"]);
    expect(uac.successful, `UAC\n${describeSipp(uac)}`).toBe(20);
    expect(uac.failed, `UAC\n${describeSipp(uac)}`).toBe(0);
    expect(uas.successful, `UAS\n${describeSipp(uas)}`).toBe(20);

    // Every transaction ends once its timers (at most 64×T1 = 32 s) have run.
    const counts = { client: NaN, server: NaN };
    try {
      await waitFor(
        async () => {
          counts.client = (await readMetric(app.baseUrl, "sip_transactions", { kind: "client" })) ?? NaN;
          counts.server = (await readMetric(app.baseUrl, "sip_transactions", { kind: "server" })) ?? NaN;
          return counts.client === 0 && counts.server === 0;
        },
        { timeoutMs: 40_000, intervalMs: 1000, what: "sip_transactions back to 0" },
      );
    } catch {
      /* reported below */
    }
    expect(counts, "sip_transactions{kind} 40 s after the last call").toEqual({ client: 0, server: 0 });
  }, 180_000);
});
