/**
 * Helpers for the X5 end-to-end tests (backup and restore, crash loop): recorded carrier calls made
 * quickly (SIPp carrier types 1 during the greeting; a SIPp UAS registered as 1001 answers for
 * agent1), the command line run as its own process, and recordings fetched through the REST API.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { drain, freePort, REPO_ROOT, track, waitFor, type Appliance } from "./harness.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, listCalls, materializeScenario, setAgentState, type CallJson } from "./call-flow-helpers.ts";

export const SERVICE_NUMBER = "15880000";
/** MD5 digests for SIPp; no rate limit between the tests' many requests. */
export const RECORDED_CALL_ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" };

/** `contact-center <args>` as a separate process on `dataDir` (bounded); its exit code and output lines. */
export async function runCli(args: string[], dataDir: string, timeoutMs = 30_000): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  const proc = Bun.spawn([process.execPath, "src/main.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...(process.env as Record<string, string>), CC_DATA_DIR: dataDir, CC_LOG_LEVEL: "warn" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  track(proc);
  const out: string[] = [];
  const err: string[] = [];
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  await Promise.all([drain(proc.stdout, out), drain(proc.stderr, err), proc.exited]);
  clearTimeout(timer);
  return { code: proc.exitCode, lines: out.join("").split("\n").filter((l) => l !== ""), stderr: err.join("") };
}

/** SHA-256 of a call's recording as the REST API serves it (WAV), or undefined when it does not. */
export async function recordingSha(app: Appliance, callId: string): Promise<{ sha256: string; bytes: Uint8Array } | undefined> {
  const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}/recording`, { headers: { Accept: "audio/wav" } });
  if (res.status !== 200) return undefined;
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { sha256: createHash("sha256").update(bytes).digest("hex"), bytes };
}

/** The carrier (a trusted peer on its own port) and agent1's phone, ready for recorded calls. */
export interface CallRig {
  carrierPort: number;
  /** Make a recorded call from `caller` lasting about `talkMs` once connected; returns the SIPp process. */
  call(caller: string, talkMs: number): Promise<SippProcess>;
  /** Stop the SIPp processes still running. */
  stop(): Promise<void>;
}

/**
 * Add the carrier trunk and register 1001 from a SIPp UAS that answers up to `calls` calls.
 * Registrations survive restarts of the appliance (X5), so the rig outlives one started again
 * on the same SIP port.
 */
export async function setUpCallRig(app: Appliance, work: string, pcapDir: string, calls: number): Promise<CallRig> {
  const target = () => `127.0.0.1:${sipPort}`;
  const sipPort = app.sipPort;
  const carrierPort = await freePort();
  await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
  const phonePort = await freePort();
  const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
  const reg = await runSipp({
    scenario: "register.xml", target: target(), calls: 1, localPort: phonePort, timeoutMs: 15_000,
    inf: writeInjectionCsv(join(work, "phone.csv"), [["1001", agent.sipPassword]]),
  });
  if (reg.successful !== 1) throw new Error(`REGISTER 1001 failed: ${reg.screen.slice(-1500)}`);
  const running: SippProcess[] = [
    startSipp({ scenario: "uas-answer.xml", target: target(), localPort: phonePort, calls, args: ["-mp", String(await freePort())], timeoutMs: 60_000 + calls * 10_000 }),
  ];
  let n = 0;
  return {
    carrierPort,
    async call(caller, talkMs) {
      const dir = join(work, `call-${n++}`);
      await Bun.write(join(dir, ".keep"), "");
      const scenario = materializeScenario("carrier-recorded-call.xml", dir, { PCAP_DIR: pcapDir, KEY_AFTER_MS: "1200", TALK_MS: String(talkMs) });
      const sipp = startSipp({
        scenario, target: target(), service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 300,
        inf: writeInjectionCsv(join(dir, "caller.csv"), [[caller]]), args: ["-mp", String(await freePort())], timeoutMs: talkMs + 30_000,
      });
      running.push(sipp);
      return sipp;
    },
    async stop() {
      for (const s of running.splice(0)) await s.stop();
    },
  };
}

/** agent1 ready (retried: right after a restart the agent may still be settling). */
export async function agentReady(app: Appliance): Promise<void> {
  await waitFor(() => setAgentState(app, "agent1", "ready").then(() => true), { timeoutMs: 10_000, intervalMs: 250, what: "agent1 ready" });
}

/** Wait (bounded) until the call from `caller` is connected to an agent; returns its record. */
export async function connectedCall(app: Appliance, caller: string, timeoutMs = 20_000): Promise<CallJson> {
  return waitFor(async () => (await listCalls(app)).find((c) => String(c.from).includes(caller) && c.answeredAt), {
    timeoutMs, intervalMs: 150, what: `the call from ${caller} connected to agent1`,
  }).catch(async (e) => {
    throw new Error(`${String(e)}\ncalls: ${JSON.stringify(await listCalls(app).catch(() => []))}\n--- appliance ---\n${app.logs().slice(-3000)}`);
  });
}
