/**
 * X5 / M5 / C11 crash loop: the appliance killed with SIGKILL at a random moment of a recorded call,
 * again and again. `contact-center check` on the directory the last kill left finds nothing damaged
 * (exit 0; the open recording plays or is partial and repairable); after a restart every call record
 * is there, closed as interrupted, every recording plays, and `check` is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, type Appliance } from "./harness.ts";
import { findPcapDir, type CallJson } from "./call-flow-helpers.ts";
import { agentReady, connectedCall, RECORDED_CALL_ENV, recordingSha, runCli, setUpCallRig, type CallRig } from "./recorded-calls.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
/** SIGKILLs in `npm test` (each cycle, about 3 s: a restart, a connected call, a kill); CC_CRASH_LOOP changes it. */
const KILLS = Number(process.env.CC_CRASH_LOOP ?? 8);

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("crash loop (X5, M5, C11)", () => {
  let work: string;
  let app: Appliance | undefined;
  let rig: CallRig | undefined;

  beforeAll(() => {
    work = tempDir("cc-crash-loop-e2e-");
  });

  afterAll(async () => {
    await rig?.stop();
    await app?.stop({ keepDataDir: true });
    cleanupDir(work);
  });

  it(`X5: MUST keep every call record and recording through ${KILLS} SIGKILLs at random moments of recorded calls, and check clean after the restart`, async () => {
    const dataDir = join(work, "data");
    // The same ports after every restart: the carrier keeps calling the one address.
    const env = { ...RECORDED_CALL_ENV, CC_SIP_PORT: String(await freePort()), CC_HTTP_PORT: String(await freePort()) };
    app = await startAppliance({ env, dataDir });
    rig = await setUpCallRig(app, work, PCAP_DIR!, KILLS);
    const killed: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      if (i > 0) app = await startAppliance({ env, dataDir });
      const up = app;
      await agentReady(up);
      const caller = `0108800${String(i).padStart(4, "0")}`;
      const sipp = await rig.call(caller, 30_000);
      const call = await connectedCall(up, caller);
      killed.push(call.callId);
      // A random moment of the conversation, once the first audio can be on disk.
      await sleep(600 + Math.floor(Math.random() * 1400));
      up.proc.kill("SIGKILL");
      await up.proc.exited;
      await sipp.stop();
    }

    // As the last kill left it: nothing damaged. The recorder rewrites the header after every write, so
    // the open recording plays as it is, or (killed between the two) is partial and repairable.
    const crashed = await runCli(["check"], dataDir);
    expect(crashed.code, crashed.lines.join("\n") + crashed.stderr).toBe(0);
    expect(crashed.lines.join("\n")).toMatch(new RegExp(`^recordings .*: ${KILLS} files, \\d+ ok, [01] partial \\(repairable\\), 0 unplayable$`, "m"));
    expect(crashed.lines.join("\n")).toMatch(new RegExp(`^call records: ${KILLS} with a recording, ${KILLS} present, 0 missing$`, "m"));

    app = await startAppliance({ env, dataDir });
    for (const callId of killed) {
      const call = await app.apiJson<CallJson>(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}`);
      expect(call.result, JSON.stringify(call)).toBe("interrupted");
      expect(typeof call.endedAt, JSON.stringify(call)).toBe("string");
      expect(call.recording, JSON.stringify(call)).toBe(true);
      const wav = await recordingSha(app, callId);
      expect(wav, `recording of ${callId}`).toBeDefined();
      expect(new TextDecoder().decode(wav!.bytes.subarray(8, 12))).toBe("WAVE");
      const dataBytes = new DataView(wav!.bytes.buffer, wav!.bytes.byteOffset).getUint32(40, true);
      expect(dataBytes, `recording of ${callId}: header matches the audio`).toBe(wav!.bytes.length - 44);
      expect(dataBytes, `recording of ${callId}: some audio`).toBeGreaterThan(0);
    }
    const repaired = await runCli(["check"], dataDir);
    expect(repaired.code, repaired.lines.join("\n")).toBe(0);
    expect(repaired.lines.at(-1)).toBe("check: clean");
    expect(repaired.lines.join("\n")).toContain(`${KILLS} files, ${KILLS} ok, 0 partial (repairable), 0 unplayable`);
  }, 60_000 + KILLS * 8_000);
});
