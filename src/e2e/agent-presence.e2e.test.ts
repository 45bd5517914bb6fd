/**
 * Issue 17 point 1 and 2 end to end, with real phones: baresip desk phones for agent1 (1001) and
 * agent2 (1002), a SIPp carrier caller whose media is the test (rtp-peer.ts). Qualify runs every
 * second (CC_QUALIFY_SECONDS=1) and the media timeout is 3 s (CC_RTP_TIMEOUT_SECONDS=3).
 *  1. agent1's phone freezes (SIGSTOP: no BYE, no more OPTIONS answers) → agent1 unreachable with
 *     the cause, not offered the next call; agent2 gets it.
 *  2. agent2's phone freezes mid-call → the media timeout frees agent2 within the timeout, the cause
 *     in agent_state_log and the call record.
 *  3. the appliance is killed (SIGKILL) and started again over the same data: every state and away
 *     reason survives, agent2's wrap-up ends on its deadline.
 *  4. agent1's phone thaws and answers OPTIONS → agent1 back to ready.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { addCarrierPeer, allAway, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";
import { startBaresip, type Baresip } from "./baresip-runner.ts";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { startRtpPeer } from "./rtp-peer.ts";
import { startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox");
const SERVICE_NUMBER = "15880000";
const MEDIA_TIMEOUT_S = 3;
const WRAP_UP_S = 15;

interface StatusRow {
  state: string;
  reason: string | null;
  cause: string | null;
  since: number;
  until: number | null;
}
interface LogRow {
  state: string;
  reason: string | null;
  cause: string | null;
  at: number;
}

/** Read the appliance's database (read-only) for an agent's live state and its log. */
async function readDb<T>(app: Appliance, fn: (db: import("bun:sqlite").Database) => T): Promise<T> {
  const { Database } = await import("bun:sqlite");
  const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const status = (app: Appliance, loginId: string) =>
  readDb(app, (db) => db.query("SELECT state, reason, cause, since, until FROM agent_status WHERE service_id = 'demo' AND login_id = ?").get(loginId) as StatusRow);
const stateLog = (app: Appliance, loginId: string) =>
  readDb(app, (db) => db.query("SELECT state, reason, cause, at FROM agent_state_log WHERE service_id = 'demo' AND login_id = ? ORDER BY at, id").all(loginId) as LogRow[]);

describe.skipIf(!HAVE_PEERS)("self-healing agent state (issue 17 points 1–2, A2, C5)", () => {
  let app: Appliance;
  let work: string;
  let dataDir: string;
  let carrierPort: number;
  let phone1: Baresip;
  let phone2: Baresip;
  let callId = "";
  let env: Record<string, string>;
  const stops: (() => Promise<unknown> | void)[] = [];

  const waitState = (loginId: string, state: string, timeoutMs: number) =>
    waitFor(async () => {
      const s = await status(app, loginId);
      return s?.state === state ? s : undefined;
    }, { timeoutMs, intervalMs: 100, what: `${loginId} ${state}` }).catch(async (e) => {
      throw new Error(`${String(e)}\nnow: ${JSON.stringify(await status(app, loginId))}\n--- appliance ---\n${app.logs().slice(-2500)}`);
    });

  async function phone(ext: string): Promise<Baresip> {
    const agent = app.credentials.agents.find((a) => a.extension === ext)!;
    const wav = join(work, "tone.wav");
    const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "90", "sine", "440", "vol", "0.5"]);
    expect(sox.exitCode, sox.stderr.toString()).toBe(0);
    const p = await startBaresip({
      dir: join(work, `baresip-${ext}`), user: ext, password: agent.sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: wav, autoAnswer: true,
    });
    stops.push(async () => {
      p.proc.kill("SIGCONT"); // a frozen process must be thawed before it can stop
      await p.stop();
    });
    await p.waitRegistered(10_000);
    return p;
  }

  beforeAll(async () => {
    work = tempDir("cc-presence-e2e-");
    dataDir = join(work, "data");
    const [sipPort, httpPort] = [await freePort(), await freePort()];
    env = {
      CC_SIP_PORT: String(sipPort), CC_HTTP_PORT: String(httpPort), CC_QUALIFY_SECONDS: "1", CC_RTP_TIMEOUT_SECONDS: String(MEDIA_TIMEOUT_S),
      CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000",
    };
    app = await startAppliance({ env, dataDir });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await tuneFlow(app, { ringTimeoutSeconds: 10, wrapUpSeconds: WRAP_UP_S, stateAfterCall: "ready" });
    await allAway(app);
    phone1 = await phone("1001");
    phone2 = await phone("1002");
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop({ keepDataDir: true });
    if (work) cleanupDir(work);
  });

  it("17.1/C5: a phone that stops answering OPTIONS MUST make its agent unreachable with the cause and MUST NOT be offered the next call — another agent gets it", async () => {
    await setAgentState(app, "agent1", "ready");
    await sleep(2500); // a few probes answered: still ready
    expect((await status(app, "agent1")).state).toBe("ready");
    phone1.proc.kill("SIGSTOP");
    const frozeAt = Date.now();
    const gone = await waitState("agent1", "unreachable", 10_000);
    expect(gone.cause).toContain("no answer to OPTIONS");
    expect(Date.now() - frozeAt).toBeLessThan(8_000);
    await setAgentState(app, "agent2", "ready");

    const peer = await startRtpPeer({ toneHz: 1000 });
    stops.push(() => peer.stop());
    const scenario = materializeScenario("carrier-media-call.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "caller.csv"), [["01044440001"]]);
    const sipp: SippProcess = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 30_000, timeoutMs: 60_000 });
    stops.push(() => sipp.stop());
    await waitState("agent2", "on-call", 25_000);
    const call = await waitFor(async () => {
      const r = await app.api("/api/v1/services/demo/agents/agent2/call");
      const j = r.ok ? ((await r.json()) as { callId: string }) : undefined;
      return j?.callId ? j : undefined;
    }, { timeoutMs: 5000, what: "agent2's call" });
    callId = call.callId;
    // agent1 was never rung: its log has no ringing since it became unreachable.
    const log1 = await stateLog(app, "agent1");
    expect(log1.filter((r) => r.at >= gone.since).map((r) => r.state)).toEqual(["unreachable"]);
  }, 60_000);

  it("17.1/C11: a phone dropped mid-call without BYE MUST free its agent within CC_RTP_TIMEOUT_SECONDS, the cause in agent_state_log and the call record", async () => {
    expect(callId).not.toBe("");
    await sleep(1000);
    phone2.proc.kill("SIGSTOP");
    const droppedAt = Date.now();
    const freed = await waitState("agent2", "wrap-up", (MEDIA_TIMEOUT_S + 8) * 1000);
    const tookMs = Date.now() - droppedAt;
    expect(tookMs).toBeLessThan((MEDIA_TIMEOUT_S + 5) * 1000);
    expect(freed.cause).toMatch(/^media: no RTP from the agent's phone/);
    expect(freed.until! - freed.since).toBe(WRAP_UP_S * 1000);
    const row = (await stateLog(app, "agent2")).at(-1)!;
    expect(row).toMatchObject({ state: "wrap-up", cause: freed.cause });
    const record = await waitFor(async () => {
      const c = await app.apiJson<{ endedAt: unknown; endReason: string | null }>(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}`);
      return c.endedAt ? c : undefined;
    }, { timeoutMs: 5000, what: "the call's record" });
    expect(record.endReason).toBe("media-timeout");
    phone2.proc.kill("SIGCONT"); // the phone is back; agent2 stays in wrap-up until its deadline
    console.log(`agent2 freed ${tookMs} ms after its phone dropped (media timeout ${MEDIA_TIMEOUT_S} s): ${freed.cause}`);
  }, 30_000);

  it("17.1/A2: a restart MUST keep every state and away reason, and an agent in wrap-up MUST leave it on time", async () => {
    await setAgentState(app, "agent3", "away"); // reason "break"
    const before = { a1: await status(app, "agent1"), a2: await status(app, "agent2"), a3: await status(app, "agent3") };
    expect(before.a2.state).toBe("wrap-up");
    app.proc.kill("SIGKILL");
    await app.proc.exited;
    app = await startAppliance({ env, dataDir });
    const after = { a1: await status(app, "agent1"), a2: await status(app, "agent2"), a3: await status(app, "agent3") };
    expect(after.a3).toMatchObject({ state: "away", reason: "break" });
    expect(after.a1).toMatchObject({ state: "unreachable" }); // its phone is still frozen
    expect(after.a2).toMatchObject({ state: "wrap-up", until: before.a2.until });
    expect(Date.now()).toBeLessThan(before.a2.until! - 500);
    const ready = await waitState("agent2", "ready", before.a2.until! - Date.now() + 5000);
    const late = ready.since - before.a2.until!;
    expect(late, "left wrap-up at its deadline").toBeGreaterThanOrEqual(-100);
    expect(late).toBeLessThan(2000);
    expect(ready.cause).toBe("rule: wrap-up timeout");
    await sleep(1500);
    expect((await status(app, "agent1")).state, "agent1's frozen phone is not taken at its stored binding's word").toBe("unreachable");
    console.log(`wrap-up across a SIGKILL restart ended ${late} ms after its deadline`);
  }, 60_000);

  it("17.1/C5: the phone answering OPTIONS again MUST bring its agent back to the state it had", async () => {
    phone1.proc.kill("SIGCONT");
    const back = await waitState("agent1", "ready", 8000);
    expect(back.cause).toBe("sip: OPTIONS answered");
  }, 20_000);
});
