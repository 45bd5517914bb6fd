/**
 * Issue 12 (M5, C11): a media worker killed during a recorded call ends only that call, recorded as failed
 * with its recording kept; the worker comes back and the next call has audio. The appliance runs one media
 * worker; CC_TEST_FAULTS=1 lets SIGUSR2 crash the workers carrying calls (an uncaught error in the thread).
 * SIPp plays the carrier and a SIPp UAS registered as 1001 plays agent1's phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { cleanupDir, haveBinaries, readMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { findPcapDir, soxStat, type CallJson } from "./call-flow-helpers.ts";
import { agentReady, connectedCall, RECORDED_CALL_ENV, recordingSha, setUpCallRig, type CallRig } from "./recorded-calls.ts";

const HAVE_PEERS = haveBinaries("sipp", "sox", "soxi");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const ENV = { ...RECORDED_CALL_ENV, CC_MEDIA_WORKERS: "1", CC_TEST_FAULTS: "1" };

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("media worker crash (issue 12)", () => {
  let work: string;
  let app: Appliance | undefined;
  let rig: CallRig | undefined;

  beforeAll(() => {
    work = tempDir("cc-worker-crash-e2e-");
  });

  afterAll(async () => {
    await rig?.stop();
    await app?.stop();
    cleanupDir(work);
  });

  const ended = (a: Appliance, callId: string) =>
    waitFor(
      async () => {
        const c = await a.apiJson<CallJson>(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}`);
        return c.endedAt ? c : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: `call ${callId} ended` },
    );

  it("M5: kills a media worker during a recorded call: that call ends recorded as failed, the worker comes back, the next call works", async () => {
    app = await startAppliance({ env: ENV });
    const a = app;
    rig = await setUpCallRig(a, work, PCAP_DIR!, 2);
    await agentReady(a);

    await rig.call("01077770001", 8000);
    const first = await connectedCall(a, "01077770001");
    await sleep(1500); // some of the call on disk
    expect(await readMetric(a.baseUrl, "cc_media_worker_bridges", { worker: "0" })).toBe(1);
    a.proc.kill("SIGUSR2");
    const failed = await ended(a, first.callId);
    expect(failed.endReason, JSON.stringify(failed)).toBe("failed");
    expect(failed.recording, JSON.stringify(failed)).toBe(true);
    expect(a.logs()).toContain("media worker lost");
    // The recording kept what was written before the crash (its header is whole enough to be served).
    expect((await recordingSha(a, first.callId))?.bytes.length ?? 0).toBeGreaterThan(44);

    // The worker is back (and says so on /metrics); the process never went down.
    await waitFor(async () => (await readMetric(a.baseUrl, "cc_media_worker_restarts", { worker: "0" })) === 1 && (await readMetric(a.baseUrl, "cc_media_worker_up", { worker: "0" })) === 1, {
      timeoutMs: 10_000, intervalMs: 200, what: "media worker 0 restarted",
    });
    expect(a.proc.exitCode).toBeNull();

    // The next call is bridged and recorded with the caller's audio.
    await agentReady(a);
    await rig.call("01077770002", 2500);
    const second = await connectedCall(a, "01077770002");
    const done = await ended(a, second.callId);
    expect(done.endReason ?? "bye", JSON.stringify(done)).not.toBe("failed");
    expect(done.recording, JSON.stringify(done)).toBe(true);
    const wav = join(work, "second.wav");
    writeFileSync(wav, (await recordingSha(a, second.callId))!.bytes);
    const stat = soxStat(wav, 1);
    expect(stat.seconds, stat.raw).toBeGreaterThan(1.5);
    expect(stat.rms, "caller channel").toBeGreaterThan(0.001);
  }, 90_000);
});
