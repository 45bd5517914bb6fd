/**
 * The ARS with a real carrier (C2, C4): SIPp on 127.0.0.1 is a peer trunk calling the demo
 * number. Outside business hours the after-hours prompt plays and the appliance ends the call;
 * an information-message entry plays and honours 1 (again) and 2 (back to the start).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, startAppliance, tempDir, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, writeInjectionCsv } from "./sipp-runner.ts";
import { addCarrierPeer, allAway, endedCallFrom, materializeScenario } from "./call-flow-helpers.ts";

const HAVE_PEERS = haveBinaries("sipp");
const SERVICE_NUMBER = "15880000";
const ALL_DAY = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "00:00", end: "24:00" }]]));
const CLOSED = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, []]));

describe.skipIf(!HAVE_PEERS)("ARS end-to-end (C2, C4)", () => {
  let app: Appliance;
  let work: string;
  let carrierPort: number;

  beforeAll(async () => {
    work = tempDir("cc-ars-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000" } });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await allAway(app);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (work) cleanupDir(work);
  });

  /** Replace parts of the demo flow through the IVR API. */
  async function flow(patch: Record<string, unknown>): Promise<void> {
    const current = await app.apiJson<Record<string, unknown>>("/api/v1/services/demo/ivr");
    const res = await app.api("/api/v1/services/demo/ivr", { method: "PUT", body: JSON.stringify({ ...current, ...patch }) });
    if (!res.ok) throw new Error(`PUT ivr → ${res.status}: ${await res.text()}`);
  }

  async function carrier(scenario: string, caller: string, waitMs: number) {
    const path = materializeScenario(scenario, work, {});
    const csv = writeInjectionCsv(join(work, `${caller}.csv`), [[caller]]);
    return runSipp({ scenario: path, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: waitMs, args: ["-mp", String(await freePort())], timeoutMs: waitMs + 90_000 });
  }

  it("C2: MUST play the after-hours prompt outside business hours and end the call", async () => {
    await flow({ hours: CLOSED });
    const caller = "01033330001";
    const r = await carrier("carrier-after-hours.xml", caller, 1000);
    expect(r.successful, `the appliance did not end the call with BYE\n${describeSipp(r)}\n${app.logs().slice(-2000)}`).toBe(1);
    const call = await endedCallFrom(app, caller);
    expect(call.result, JSON.stringify(call)).toBe("after-hours");
    expect(call.hangupBy, JSON.stringify(call)).toBe("system");
    expect(call.queueId ?? null).toBeNull();
  }, 120_000);

  it("C4: MUST play an information message, replay it on 1 and go back to the start on 2", async () => {
    // Key 2 plays the greeting recording as the information message (about 5 s long).
    await flow({ hours: ALL_DAY, menu: [{ digit: "1", kind: "queue", queueId: "main" }, { digit: "2", kind: "info", prompt: "greeting" }] });
    const caller = "01033330002";
    const started = Date.now();
    const r = await carrier("carrier-info-keys.xml", caller, 20_000);
    expect(r.successful, describeSipp(r)).toBe(1);
    const call = await endedCallFrom(app, caller);
    expect(call.queueId, JSON.stringify(call)).toBe("main");
    // 2 → the message, 1 → the message again, 2 → the start, 1 → the queue: the queue is entered
    // only after the message played twice (keys pressed early wait in the buffer).
    const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
    const enter = db.query("SELECT at FROM queue_events WHERE call_id = ? AND event = 'enter'").get(call.callId) as { at: number } | null;
    db.close();
    expect(enter, "queue entry event").not.toBeNull();
    const info = Bun.spawnSync(["soxi", "-D", join(import.meta.dir, "../../public/prompts/ko/greeting.wav")]).stdout.toString();
    const messageSeconds = Number(info) || 4;
    expect((enter!.at - started) / 1000).toBeGreaterThan(2 * messageSeconds - 1);
  }, 150_000);
});
