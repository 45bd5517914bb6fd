/**
 * X5 end to end: `contact-center backup FILE` run as its own process while a recorded call is up,
 * the appliance stopped, `contact-center restore FILE` into a new empty data directory, the
 * appliance started on it: the REST API shows the same settings, agents, calls and recordings (SHA-256),
 * and `contact-center check` passes. A restore onto the running appliance's directory is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, haveBinaries, sleep, startAppliance, tempDir, type Appliance } from "./harness.ts";
import { endedCallFrom, findPcapDir, listCalls, type CallJson } from "./call-flow-helpers.ts";
import { agentReady, connectedCall, RECORDED_CALL_ENV, recordingSha, runCli, setUpCallRig, type CallRig } from "./recorded-calls.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;

type AgentJson = { loginId: string; name: string; extension: string };
const agentsOf = async (app: Appliance) =>
  (await app.apiJson<AgentJson[]>("/api/v1/services/demo/agents")).map((a) => ({ loginId: a.loginId, name: a.name, extension: a.extension }));

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("backup and restore end-to-end (X5)", () => {
  let work: string;
  let app: Appliance | undefined;
  let rig: CallRig | undefined;

  beforeAll(() => {
    work = tempDir("cc-backup-e2e-");
  });

  afterAll(async () => {
    await rig?.stop();
    await app?.stop({ keepDataDir: true });
    cleanupDir(work);
  });

  it("X5: MUST back up while a recorded call is up and restore into an empty directory with the same agents, calls and recordings", async () => {
    const dataDir = join(work, "data");
    app = await startAppliance({ env: RECORDED_CALL_ENV, dataDir });
    const live = app;
    await live.apiJson("/api/v1/services/demo/agents", { method: "POST", body: JSON.stringify({ loginId: "backup1", name: "Kept by the backup" }) });
    await live.apiJson("/api/v1/services/demo", { method: "PATCH", body: JSON.stringify({ name: "Backed-up service" }) });
    rig = await setUpCallRig(live, work, PCAP_DIR!, 2);
    await agentReady(live);

    // One recorded call over, a second one up while the backup is made.
    const done = await rig.call("01077770001", 1500);
    expect((await done.done).successful, live.logs().slice(-3000)).toBe(1);
    const first = await endedCallFrom(live, "01077770001");
    expect(first.recording, JSON.stringify(first)).toBe(true);
    await agentReady(live);
    await rig.call("01077770002", 20_000);
    const second = await connectedCall(live, "01077770002");
    await sleep(1000);

    const file = join(work, "backup.tar");
    const backup = await runCli(["backup", file], dataDir);
    expect(backup.code, backup.lines.join("\n") + backup.stderr).toBe(0);
    expect(backup.lines).toEqual([expect.stringMatching(/^backup written to .*backup\.tar: \d+ files, .* \(database schema \d+, 2 recordings\) in [\d.]+ s$/)]);
    const refused = await runCli(["restore", file, "--replace"], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.lines).toEqual([`restore refused: the appliance is running on ${dataDir} (or a restore is under way); stop it first; nothing was changed`]);

    const settings = async (app: Appliance) => [await app.apiJson("/api/v1/services/demo"), await app.apiJson("/api/v1/services/demo/ivr")];
    const settingsBefore = await settings(live);
    const agentsBefore = await agentsOf(live);
    const callsBefore = await listCalls(live);
    const firstRecording = await recordingSha(live, first.callId);
    expect(firstRecording).toBeDefined();
    await rig.stop();
    await live.stop({ keepDataDir: true });

    const restoredDir = join(work, "restored");
    const restore = await runCli(["restore", file], restoredDir);
    expect(restore.code, restore.lines.join("\n") + restore.stderr).toBe(0);
    expect(restore.lines).toEqual([expect.stringMatching(new RegExp(`^restored .*backup\\.tar into ${restoredDir}: \\d+ files, `))]);

    app = await startAppliance({ env: RECORDED_CALL_ENV, dataDir: restoredDir });
    const restored = app;
    expect(await settings(restored)).toEqual(settingsBefore);
    expect(JSON.stringify(settingsBefore)).toContain("Backed-up service");
    expect(await agentsOf(restored)).toEqual(agentsBefore);
    expect(agentsBefore.some((a) => a.loginId === "backup1")).toBe(true);
    const callsAfter = await listCalls(restored);
    const byId = (list: CallJson[]) => new Map(list.map((c) => [c.callId, c]));
    expect([...byId(callsAfter).keys()].sort()).toEqual([...byId(callsBefore).keys()].sort());
    expect(byId(callsAfter).get(first.callId)).toEqual(byId(callsBefore).get(first.callId)!);
    // The call that was up at the backup is closed as interrupted (the snapshot had it open), with its recording.
    const cut = byId(callsAfter).get(second.callId)!;
    expect(cut.result, JSON.stringify(cut)).toBe("interrupted");
    expect(cut.recording).toBe(true);

    expect((await recordingSha(restored, first.callId))?.sha256).toBe(firstRecording!.sha256);
    const partial = await recordingSha(restored, second.callId);
    expect(new TextDecoder().decode(partial!.bytes.subarray(0, 4))).toBe("RIFF");
    expect(partial!.bytes.length).toBeGreaterThan(44 + 8000); // more than a quarter second of audio

    const check = await runCli(["check"], restoredDir);
    expect(check.code, check.lines.join("\n")).toBe(0);
    expect(check.lines.at(-1)).toBe("check: clean");

    // Both ends are in the audit log, under the command line (one door).
    const audit = (dir: string) => {
      const db = new Database(join(dir, "contact-center.db"), { readonly: true });
      try {
        return db.query("SELECT actor_kind, action FROM audit_log WHERE action IN ('backup', 'restore') ORDER BY id").all();
      } finally {
        db.close();
      }
    };
    expect(audit(dataDir)).toEqual([{ actor_kind: "cli", action: "backup" }]);
    expect(audit(restoredDir)).toEqual([{ actor_kind: "cli", action: "restore" }]);
    expect(readdirSync(work).filter((n) => n.startsWith("backup.tar."))).toEqual([]);
  }, 120_000);
});
