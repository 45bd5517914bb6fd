/**
 * Issue 11 recordings governance end to end: with the recordings' disk budget spent (a budget of a
 * few KB and an old recording already on disk) a carrier call still connects to the agent and
 * talks, goes unrecorded with its record noted over-budget; /metrics and the dashboard warn.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { endedCallFrom, findPcapDir } from "./call-flow-helpers.ts";
import { agentReady, RECORDED_CALL_ENV, setUpCallRig, type CallRig } from "./recorded-calls.ts";
import { signInAdmin } from "./admin-fetch.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("recordings over their disk budget (issue 11, X5, X6)", () => {
  let work: string;
  let app: Appliance | undefined;
  let rig: CallRig | undefined;

  beforeAll(() => {
    work = tempDir("cc-budget-e2e-");
  });
  afterAll(async () => {
    await rig?.stop();
    await app?.stop();
    cleanupDir(work);
  });

  it("X5: MUST still connect calls when the recordings' budget is spent, note them over-budget, and warn in /metrics and on the dashboard", async () => {
    const dataDir = join(work, "data");
    mkdirSync(join(dataDir, "recordings", "2020", "01"), { recursive: true });
    writeFileSync(join(dataDir, "recordings", "2020", "01", "old.wav"), new Uint8Array(10_000));
    app = await startAppliance({ dataDir, env: { ...RECORDED_CALL_ENV, CC_RECORDINGS_BUDGET: "4KB" } });
    const live = app;
    await waitFor(async () => /^cc_recordings_over_budget 1$/m.test(await (await fetch(`${live.baseUrl}/metrics`)).text()), { timeoutMs: 10_000, what: "cc_recordings_over_budget 1" });
    expect(await (await fetch(`${live.baseUrl}/metrics`)).text()).toMatch(/^cc_recordings_budget_bytes 4096$/m);

    rig = await setUpCallRig(live, work, PCAP_DIR!, 1);
    await agentReady(live);
    const sipp = await rig.call("01055550001", 2000);
    const done = await sipp.done;
    expect(done.successful, `${done.errors}\n${live.logs().slice(-2500)}`).toBe(1);
    const call = await endedCallFrom(live, "01055550001");
    expect(call.result, JSON.stringify(call)).toBe("answered");
    expect(Number(call.talkSeconds), JSON.stringify(call)).toBeGreaterThan(1);
    expect(call.recording, JSON.stringify(call)).toBe(false);
    const db = new Database(join(dataDir, "contact-center.db"), { readonly: true });
    try {
      expect(db.query("SELECT note FROM recording_notes WHERE call_id = ?").get(call.callId)).toEqual({ note: "over-budget" });
    } finally {
      db.close();
    }

    const admin = await signInAdmin(live);
    const html = await (await admin("/admin/services/demo/dashboard?lang=en")).text();
    expect(html).toContain('id="recordings-budget"');
    expect(html).toContain("disk budget (4.0 KB) is spent");
  }, 90_000);
});
