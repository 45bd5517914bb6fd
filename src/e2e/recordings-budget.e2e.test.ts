/**
 * Issue 11 recordings governance end to end, with SIPp as the carrier and agent1's phone:
 * 1. the disk refuses the recording (its month folder cannot be made): the call connects and talks,
 *    goes unrecorded, its record is noted write-failed and `contact-center check` stays clean;
 * 2. a recorded call fills the recordings' budget (a few KB);
 * 3. the next call still connects, goes unrecorded and is noted over-budget; /metrics and the
 *    dashboard warn.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { endedCallFrom, findPcapDir, type CallJson } from "./call-flow-helpers.ts";
import { agentReady, RECORDED_CALL_ENV, runCli, setUpCallRig, type CallRig } from "./recorded-calls.ts";
import { signInAdmin } from "./admin-fetch.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;

/** `<recordings>/<yyyy>/<mm>` of a call starting now in the demo service's time zone. */
function monthFolder(recordings: string): string {
  const z = Temporal.Now.zonedDateTimeISO("Asia/Seoul");
  return join(recordings, String(z.year), String(z.month).padStart(2, "0"));
}

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("recordings on a refusing disk and over their budget (issue 11, X5, X6)", () => {
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

  it("X5: MUST still connect calls when the disk refuses a recording or the budget is spent, noting why, and warn in /metrics and on the dashboard", async () => {
    const dataDir = join(work, "data");
    const recordings = join(dataDir, "recordings");
    // A file where the month's folder should be: the recording cannot be opened (root ignores modes).
    const month = monthFolder(recordings);
    mkdirSync(join(month, ".."), { recursive: true });
    writeFileSync(month, "not a folder");
    app = await startAppliance({ dataDir, env: { ...RECORDED_CALL_ENV, CC_RECORDINGS_BUDGET: "4KB" } });
    const live = app;
    const metrics = async () => (await fetch(`${live.baseUrl}/metrics`)).text();
    expect(await metrics()).toMatch(/^cc_recordings_budget_bytes 4096$/m);
    expect(await metrics()).toMatch(/^cc_recordings_over_budget 0$/m);
    rig = await setUpCallRig(live, work, PCAP_DIR!, 3);
    const talk = async (caller: string): Promise<CallJson> => {
      await agentReady(live);
      await Bun.sleep(500); // the previous carrier SIPp lets go of the shared port
      const done = await (await rig!.call(caller, 2000)).done;
      expect(done.successful, `${done.errors}\n${live.logs().slice(-2500)}`).toBe(1);
      const call = await endedCallFrom(live, caller);
      expect(call.result, JSON.stringify(call)).toBe("answered");
      expect(Number(call.talkSeconds), JSON.stringify(call)).toBeGreaterThan(1);
      return call;
    };
    const noteOf = (callId: string) => {
      const db = new Database(join(dataDir, "contact-center.db"), { readonly: true });
      try {
        return db.query("SELECT note FROM recording_notes WHERE call_id = ?").get(callId);
      } finally {
        db.close();
      }
    };

    const refused = await talk("01055550001");
    expect(refused.recording, JSON.stringify(refused)).toBe(false);
    expect(noteOf(refused.callId)).toEqual({ note: "write-failed" });
    const check = await runCli(["check"], dataDir);
    expect(check.code, check.lines.join("\n")).toBe(0);

    rmSync(month);
    const recorded = await talk("01055550002");
    expect(recorded.recording, JSON.stringify(recorded)).toBe(true);
    await waitFor(async () => /^cc_recordings_over_budget 1$/m.test(await metrics()), { timeoutMs: 10_000, what: "cc_recordings_over_budget 1" });

    const over = await talk("01055550003");
    expect(over.recording, JSON.stringify(over)).toBe(false);
    expect(noteOf(over.callId)).toEqual({ note: "over-budget" });

    const admin = await signInAdmin(live);
    const html = await (await admin("/admin/services/demo/dashboard?lang=en")).text();
    expect(html).toContain('id="recordings-budget"');
    expect(html).toContain("disk budget (4.0 KB) is spent");
  }, 120_000);
});
