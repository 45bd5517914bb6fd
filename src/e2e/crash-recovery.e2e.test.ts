/**
 * M5 / C11 / X5: the appliance killed with SIGKILL during a recorded call restarts with the
 * recording playable and the call record closed as interrupted. SIPp plays the carrier (a
 * trusted peer) and a SIPp UAS registered as 1001 plays the agent.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, findPcapDir, listCalls, materializeScenario, setAgentState, soxStat, type CallJson } from "./call-flow-helpers.ts";

const HAVE_PEERS = haveBinaries("sipp", "sox", "soxi");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";
const ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000" };

/** Every .wav under a directory. */
function wavFiles(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(wavFiles(path));
    else if (name.endsWith(".wav")) out.push(path);
  }
  return out;
}

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("crash recovery (M5, C11, X5)", () => {
  let work: string;
  let app: Appliance | undefined;
  const background: SippProcess[] = [];

  beforeAll(() => {
    work = tempDir("cc-crash-e2e-");
  });

  afterAll(async () => {
    for (const s of background) await s.stop();
    await app?.stop({ keepDataDir: true });
    cleanupDir(work);
  });

  it("M5/C11: MUST restart after SIGKILL mid-call with the recording playable and the call closed as interrupted", async () => {
    const dataDir = join(work, "data");
    app = await startAppliance({ env: ENV, dataDir });
    const target = `127.0.0.1:${app.sipPort}`;
    const carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);

    // The agent: a SIPp UAS registered as 1001 that answers and waits for the BYE.
    const phonePort = await freePort();
    const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
    const csv = writeInjectionCsv(join(work, "phone.csv"), [["1001", agent.sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: phonePort, timeoutMs: 15_000 });
    expect(reg.successful).toBe(1);
    background.push(startSipp({ scenario: "uas-answer.xml", target, localPort: phonePort, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 90_000 }));
    await setAgentState(app, "agent1", "ready");

    // The caller presses 1, is bridged to agent1 and talks (g711a.pcap) for about 8 s before hanging up.
    const caller = "01099990001";
    const scenario = materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! });
    const callerCsv = writeInjectionCsv(join(work, "caller.csv"), [[caller]]);
    background.push(
      startSipp({ scenario, target, inf: callerCsv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 1000, args: ["-mp", String(await freePort())], timeoutMs: 90_000 }),
    );
    const live = app;
    const bridged = await waitFor(
      async () => (await listCalls(live)).find((c: CallJson) => String(c.from).includes(caller) && c.answeredAt),
      { timeoutMs: 30_000, intervalMs: 250, what: "the call bridged to agent1" },
    ).catch(async (e) => {
      throw new Error(`${String(e)}\ncalls: ${JSON.stringify(await listCalls(live))}\n--- appliance ---\n${live.logs().slice(-3000)}`);
    });
    await sleep(3000); // a few seconds of recording on disk

    app.proc.kill("SIGKILL");
    await app.proc.exited;
    for (const s of background.splice(0)) await s.stop();

    app = await startAppliance({ env: ENV, dataDir });
    const call = await app.apiJson<CallJson>(`/api/v1/services/demo/calls/${encodeURIComponent(bridged!.callId)}`);
    expect(call.result, JSON.stringify(call)).toBe("interrupted");
    expect(typeof call.endedAt, JSON.stringify(call)).toBe("string");
    expect(call.recording, JSON.stringify(call)).toBe(true);

    // The WAV left by the killed process was repaired at start-up and plays: stereo, seconds long, caller audible.
    expect(wavFiles(join(dataDir, "recordings")).length).toBe(1);
    const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/recording`, { headers: { Accept: "audio/wav" } });
    expect(res.status).toBe(200);
    const wav = join(work, "after-crash.wav");
    writeFileSync(wav, new Uint8Array(await res.arrayBuffer()));
    const whole = soxStat(wav);
    expect(whole.channels, whole.raw).toBe(2);
    expect(whole.seconds, whole.raw).toBeGreaterThan(1.5);
    expect(soxStat(wav, 1).rms, "caller channel").toBeGreaterThan(0.001);
  }, 150_000);
});
