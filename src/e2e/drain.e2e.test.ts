/**
 * X5 graceful shutdown: on SIGTERM the appliance refuses new calls with 503 and Retry-After, lets
 * the calls in progress go on (one ends by itself), ends the one still up at the limit with BYE,
 * marks its record `shutdown`, and exits 0. SIPp plays two trusted carrier peers and a new caller.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, listCalls } from "./call-flow-helpers.ts";

const HAVE_SIPP = haveBinaries("sipp");
const DRAIN_SECONDS = 5;

describe.skipIf(!HAVE_SIPP)("graceful shutdown drains calls (X5)", () => {
  let work: string;
  let app: Appliance | undefined;
  const background: SippProcess[] = [];

  beforeAll(() => {
    work = tempDir("cc-drain-e2e-");
  });
  afterAll(async () => {
    for (const s of background) await s.stop();
    await app?.stop();
    cleanupDir(work);
  });

  it("X5: MUST answer new INVITEs 503 with Retry-After on SIGTERM, let calls finish, BYE the rest at the limit (record `shutdown`), exit 0", async () => {
    const dataDir = join(work, "data");
    app = await startAppliance({ dataDir, env: { CC_SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS), CC_SIP_RATE_LIMIT: "100000" } });
    const target = `127.0.0.1:${app.sipPort}`;
    const heldPort = await freePort();
    const shortPort = await freePort();
    await addCarrierPeer(app, heldPort, "15880000", "demo", "carrier A");
    await addCarrierPeer(app, shortPort, "15880001", "demo", "carrier B");
    const sipp = async (scenario: string, caller: string, service: string, localPort: number, pauseMs?: number) =>
      startSipp({ scenario, target, inf: writeInjectionCsv(join(work, `${caller}.csv`), [[caller]]), service, calls: 1, localPort, pauseMs, args: ["-mp", String(await freePort())], timeoutMs: 40_000 });
    const held = await sipp("drain-held-call.xml", "01011110000", "15880000", heldPort);
    const short = await sipp("drain-short-call.xml", "01022220000", "15880001", shortPort, 2500);
    background.push(held, short);
    const live = app;
    await waitFor(async () => (await listCalls(live)).filter((c) => !c.endedAt).length === 2, { timeoutMs: 15_000, intervalMs: 100, what: "two calls in progress" });

    const stoppedAt = Date.now();
    app.proc.kill("SIGTERM");
    const refused = await runSipp({ scenario: "drain-refused.xml", target, inf: writeInjectionCsv(join(work, "new.csv"), [["01033330000"]]), service: "15880000", calls: 1, localPort: await freePort(), timeoutMs: 10_000 });
    expect(refused.successful, `${refused.errors}\n${refused.screen.slice(-1500)}`).toBe(1);

    // The short call hangs up by itself during the drain; the held one gets our BYE at the limit.
    const shortDone = await short.done;
    expect(shortDone.successful, shortDone.errors).toBe(1);
    const heldDone = await held.done;
    const byeAfter = (Date.now() - stoppedAt) / 1000;
    expect(heldDone.successful, `${heldDone.errors}\n${app.logs().slice(-2000)}`).toBe(1);
    expect(byeAfter).toBeGreaterThanOrEqual(DRAIN_SECONDS - 0.5);
    expect(byeAfter).toBeLessThan(DRAIN_SECONDS + 8);
    expect(await app.proc.exited).toBe(0);
    // Issue 11: once the calls are gone the process goes — the BYE's lingering transaction (Timer K) does not hold it for the 2 s grace.
    const exitedAfter = (Date.now() - stoppedAt) / 1000 - byeAfter;
    expect(exitedAfter, app.logs().slice(-1500)).toBeLessThan(1.5);
    expect(app.logs()).toContain("calls drained");

    const db = new Database(join(dataDir, "contact-center.db"), { readonly: true });
    try {
      const rows = db.query("SELECT c.from_number AS caller, c.ended_at AS endedAt, c.hangup_by AS hangupBy, l.end_cause AS cause FROM calls c JOIN call_legs l ON l.call_id = c.call_id AND l.role = 'caller'").all() as Record<string, unknown>[];
      const of = (caller: string) => rows.find((r) => String(r.caller).includes(caller));
      expect(of("01022220000"), JSON.stringify(rows)).toMatchObject({ hangupBy: "caller", cause: "bye" });
      expect(of("01011110000"), JSON.stringify(rows)).toMatchObject({ hangupBy: "system", cause: "shutdown" });
      expect(rows.every((r) => typeof r.endedAt === "number"), JSON.stringify(rows)).toBe(true);
      expect(rows.some((r) => String(r.caller).includes("01033330000")), "the refused call left no record").toBe(false);
    } finally {
      db.close();
    }
  }, 90_000);
});
