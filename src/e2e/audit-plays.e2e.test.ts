/**
 * A truthful audit log (H5) end to end, in Chromium against the appliance (`bun src/main.ts`):
 * a SIPp carrier's call answered by a SIPp agent phone leaves a recording (M5); the consultation
 * history lists it with its player (H2) and the call's detail loads its metadata — and the audit
 * log holds no play. One press of play on the list's player makes exactly one play entry, however
 * many byte ranges the player then fetches; the REST API's download is logged under the key's name.
 * Screenshots go to test-output/ (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { AuditRepo } from "../store/index.ts";
import { addCarrierPeer, allAway, findPcapDir, listCalls, materializeScenario, setAgentState, type CallJson } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp") && Bun.which("chromium") !== null;
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";
const CALLER = "01077770001";
const SHOTS = join(REPO_ROOT, "test-output/audit-plays");
const ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000" };

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("a truthful audit log in Chromium against the appliance (H5)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;
  const background: SippProcess[] = [];

  beforeAll(async () => {
    work = tempDir("cc-audit-plays-");
    app = await startAppliance({ env: ENV });
    browser = await launchChromium({ autoplay: true, muteAudio: true });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of background) await s.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  /** The appliance's audit entries of one action, read with the store's own read function. */
  const entries = (action: string) => {
    const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
    try {
      return new AuditRepo(db).list("demo", 1000).filter((e) => e.action === action);
    } finally {
      db.close();
    }
  };
  /** The rows the audit log page shows for `action` (the page's own reading). */
  const pageRows = async (page: Page, action: string, target: string) => {
    await page.goto(`${app.baseUrl}/admin/services/demo/history/audit?action=${action}&lang=en`);
    const cells = await page.locator('#audit td[data-label="Target"]').allTextContents();
    return cells.filter((t) => t === target).length;
  };

  /** A carrier call answered by agent1 on a SIPp phone, talking about 8 s: a recorded, ended call. */
  async function recordedCall(): Promise<CallJson> {
    const target = `127.0.0.1:${app.sipPort}`;
    const carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await allAway(app);
    const agent = app.credentials.agents.find((a) => a.loginId === "agent1")!;
    const phonePort = await freePort();
    const csv = writeInjectionCsv(join(work, "phone.csv"), [[agent.extension, agent.sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: phonePort, timeoutMs: 15_000 });
    expect(reg.successful, reg.screen).toBe(1);
    background.push(startSipp({ scenario: "uas-answer.xml", target, localPort: phonePort, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 90_000 }));
    await setAgentState(app, "agent1", "ready");
    const scenario = materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! });
    const callerCsv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const carrier = await runSipp({
      scenario, target, inf: callerCsv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 1000,
      args: ["-mp", String(await freePort())], timeoutMs: 60_000,
    });
    expect(carrier.successful, `${carrier.screen}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
    return (await waitFor(async () => (await listCalls(app)).find((c) => String(c.from).includes(CALLER) && c.endedAt && c.recording), {
      timeoutMs: 15_000, intervalMs: 250, what: "the ended, recorded call",
    }))!;
  }

  it("H5: MUST log no play for listing recordings or loading their metadata, and exactly one for one press of play", async () => {
    const call = await recordedCall();
    const recording = `calls/${call.callId}/recording`;
    const svc = `${app.baseUrl}/admin/services/demo`;
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const audioRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes(`/${recording}`)) audioRequests.push(`${r.method()} ${r.url().replace(app.baseUrl, "")} ${r.headers().range ?? ""}`);
    });

    await page.goto(`${app.baseUrl}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/(phones|org|services)/, { timeout: 10_000 });

    // The consultation history lists the recording with its player; nobody presses play.
    await page.goto(`${svc}/history/consultations?number=${CALLER}&lang=ko`);
    const player = page.locator(`audio[src$="/calls/${encodeURIComponent(call.callId)}/recording"]`);
    await player.waitFor({ timeout: 10_000 });
    expect(await player.getAttribute("preload")).toBe("none");
    await sleep(2000);
    await page.screenshot({ path: join(SHOTS, "consultations-listed-ko.png") });
    // The call's detail loads the recording's metadata (the browser fetches bytes, by ranges).
    await page.goto(`${svc}/history/calls/${encodeURIComponent(call.callId)}?lang=ko`);
    const seconds = await page.waitForFunction(
      () => {
        const a = document.querySelector("audio");
        return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : false;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(Number(await seconds.jsonValue())).toBeGreaterThan(2);
    expect(audioRequests.some((r) => r.startsWith("GET "))).toBe(true);
    await sleep(1000);
    expect(entries("play"), `plays before any press; audio requests: ${audioRequests.join(" | ")}`).toEqual([]);
    expect(await pageRows(page, "play", recording)).toBe(0);

    // One press of play on the list's player: the native control's play button.
    await page.goto(`${svc}/history/consultations?number=${CALLER}&lang=ko`);
    await player.waitFor({ timeout: 10_000 });
    const box = (await player.boundingBox())!;
    await page.mouse.click(box.x + Math.min(24, box.height / 2), box.y + box.height / 2);
    await page.waitForFunction((sel) => {
      const a = document.querySelector<HTMLAudioElement>(sel);
      return a !== null && !a.paused && a.currentTime > 0;
    }, `audio[src$="/calls/${call.callId}/recording"]`, { timeout: 10_000 });
    await waitFor(() => entries("play").length > 0, { timeoutMs: 5000, intervalMs: 100, what: "the play entry" });
    // Let it play to the end (the player fetches more ranges meanwhile): still one play.
    await page.waitForFunction((sel) => document.querySelector<HTMLAudioElement>(sel)?.ended === true, `audio[src$="/calls/${call.callId}/recording"]`, {
      timeout: 30_000,
    });
    expect(await player.getAttribute("data-play-audit")).toBe("ok");
    await page.screenshot({ path: join(SHOTS, "consultations-played-ko.png") });
    const plays = entries("play");
    expect(plays.map((e) => [e.actorKind, e.loginId, e.target]), `audio requests: ${audioRequests.join(" | ")}`).toEqual([
      ["member", app.credentials.admin.loginId, recording],
    ]);
    expect(plays[0]!.ip).toBe("127.0.0.1");
    expect(await pageRows(page, "play", recording)).toBe(1);

    // The REST API's download is logged under the key's name; reading call records is not.
    const lookups = entries("view").length;
    const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/recording`, { headers: { Accept: "audio/wav" } });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(entries("download").map((e) => [e.actorKind, e.loginId, e.target])).toEqual([["api-key", "organization", `${recording}.wav`]]);
    await page.goto(`${svc}/history/audit?lang=en`);
    await page.screenshot({ path: join(SHOTS, "audit-en.png"), fullPage: true });
    expect(await page.textContent("#audit")).toContain("API key");
    await page.goto(`${svc}/history/audit?lang=ko`);
    await page.screenshot({ path: join(SHOTS, "audit-ko.png"), fullPage: true });
    expect(entries("view").length).toBe(lookups + 2); // the two audit page views only
    expect(entries("play")).toHaveLength(1);
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);
});
