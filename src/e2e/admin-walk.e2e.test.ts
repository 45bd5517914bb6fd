/**
 * The admin's walk end to end against the real appliance (`bun src/main.ts`) in Chromium:
 * sign in (X4); add an agent and read its SIP password once (G5); assign it (G6); business hours
 * with a lunch break and a holiday (C2, C3, G4); a TTS greeting with preview (G3, M6); the
 * dashboard changing while a SIPp call is answered by that agent (D1, D3, D6); the call in the
 * call history with its recording playing in the page (H1, H2, M5); the consultation history's
 * Excel download opened with read-excel-file (H2, S2); the plays and downloads in the audit log
 * (H5); a page refused from an address outside the service's admin ranges, undone from the
 * command line (G10). Screenshots of the main pages in Korean and English go to test-output/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import readXlsxFile from "read-excel-file/node";
import { addCarrierPeer, findPcapDir, listCalls, materializeScenario, setAgentState, type CallJson } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp") && Bun.which("chromium") !== null;
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const HAVE_TTS = Bun.which("espeak-ng") !== null;
const SERVICE_NUMBER = "15880000";
const CALLER = "01055550123";
const SHOTS = join(REPO_ROOT, "test-output/screenshots"); // never a tracked file
/** The reverse proxy the appliance trusts in this test, so a browser can speak "from" another address (G10). */
const ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_TRUSTED_PROXIES: "127.0.0.1" };

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("the admin's walk in Chromium against the appliance (G, D, H, G10)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;
  const background: SippProcess[] = [];

  beforeAll(async () => {
    work = tempDir("cc-admin-walk-");
    app = await startAppliance({ env: ENV });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of background) await s.stop();
    await app?.stop();
    cleanupDir(work);
  }, 30_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  /** Both languages of the page now open (path under the demo service). */
  const shots = async (page: Page, name: string, path: string, ready?: string) => {
    for (const lang of ["ko", "en"]) {
      await page.goto(`${app.baseUrl}/admin/services/demo/${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      if (ready) await page.waitForSelector(ready, { timeout: 10_000 });
      await shot(page, `${name}-${lang}`);
    }
  };

  it("G5, G6, C2, C3, G3, D, H1, H2, H5, G10: MUST walk from sign-in to a refused address", async () => {
    const base = app.baseUrl;
    const svc = `${base}/admin/services/demo`;
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 820 }, acceptDownloads: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    // Sign in as the first-run admin (X2, X4).
    await page.goto(`${base}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/services\/demo\/dashboard/);

    // G5: add an agent; the SIP password is shown once.
    await page.goto(`${svc}/agents`);
    await page.fill('form[action$="/agents"] input[name="loginId"]', "walker");
    await page.fill('form[action$="/agents"] input[name="name"]', "김상담");
    await page.click('form[action$="/agents"] button[type="submit"]');
    const sipPassword = (await page.textContent('[data-testid="sip-password"]'))!.trim();
    expect(sipPassword.length).toBeGreaterThanOrEqual(12);
    await shot(page, "agents-added-ko");
    await page.goto(`${svc}/agents`);
    expect(await page.content()).not.toContain(sipPassword);
    const agents = await app.apiJson<{ loginId: string; extension: string }[]>("/api/v1/services/demo/agents");
    const extension = agents.find((a) => a.loginId === "walker")!.extension;
    expect(extension).toMatch(/^\d+$/);

    // G6: assign it to the demo queue.
    await page.goto(`${svc}/assignment`);
    await page.check('input[name="queue.main"][value="walker"]');
    await page.click('form[action$="/assignment"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    const queues = await app.apiJson<{ queueId: string; agents: string[] }[]>("/api/v1/services/demo/queues");
    expect(queues.find((q) => q.queueId === "main")!.agents).toContain("walker");

    // C2, C3: weekday hours with a lunch break, closed at weekends, a yearly holiday.
    await page.goto(`${svc}/hours`);
    await page.fill('input[name="weekday"]', "09:00-12:00, 13:00-18:00");
    await page.fill('input[name="weekend"]', "");
    for (const d of ["sat", "sun"]) await page.fill(`input[name="${d}"]`, "");
    await page.click('form[action$="/hours"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    await page.goto(`${svc}/holidays`);
    await page.fill('input[name="date"]', "2026-05-01");
    await page.fill('input[name="name"]', "창립기념일");
    await page.selectOption('select[name="repeat"]', "yearly");
    await page.click('form[action$="/holidays"] button[type="submit"]');
    await page.waitForSelector("text=창립기념일");
    type Flow = { hours: Record<string, { start: string; end: string }[]>; holidays: { date: string; repeat: string }[] };
    const flow = await app.apiJson<Flow>("/api/v1/services/demo/ivr");
    expect(flow.hours.mon).toEqual([{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]);
    expect(flow.hours.sat).toEqual([]);
    expect(flow.holidays.find((h) => h.date === "2026-05-01")?.repeat).toBe("yearly");
    await shots(page, "holidays", "holidays");
    await shots(page, "hours", "hours");
    // Back to all day, every day, so the test call is answered.
    await page.goto(`${svc}/hours`);
    await page.fill('input[name="weekday"]', "00:00-24:00");
    await page.fill('input[name="weekend"]', "00:00-24:00");
    await page.click('form[action$="/hours"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    const open = await app.apiJson<Flow>("/api/v1/services/demo/ivr");
    for (const d of ["mon", "wed", "sat", "sun"]) expect(open.hours[d], d).toEqual([{ start: "00:00", end: "24:00" }]);

    // G3, M6: a TTS greeting, previewed in the page, then saved.
    if (HAVE_TTS) {
      await page.goto(`${svc}/prompts`);
      const greeting = "#prompt-greeting";
      await page.fill(`${greeting} textarea[name="text"]`, "안녕하세요. 워커 상담센터입니다.");
      await page.click(`${greeting} button[value="preview"]`);
      await page.waitForSelector(`${greeting} audio`);
      const previewSeconds = await page.waitForFunction(
        (sel) => {
          const a = document.querySelector<HTMLAudioElement>(`${sel} audio`);
          return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : false;
        },
        greeting,
        { timeout: 15_000 },
      );
      expect(Number(await previewSeconds.jsonValue())).toBeGreaterThan(0.5);
      await page.click(`${greeting} button[value="save"]`);
      await page.waitForLoadState();
      expect(await page.inputValue(`${greeting} textarea[name="text"]`)).toBe("안녕하세요. 워커 상담센터입니다.");
      await shots(page, "prompts", "prompts");
    }

    // D: the dashboard, live, before the call.
    const target = `127.0.0.1:${app.sipPort}`;
    const carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await page.goto(`${svc}/dashboard?lang=ko`);
    await page.waitForSelector('#dash-live[data-live="on"]', { timeout: 10_000 });
    expect(await page.textContent('[data-figure="total-inbound"]')).toBe("0");
    expect(await page.textContent('[data-figure="lines"]')).toStartWith("0 /");

    // The new agent's phone: a SIPp UAS registered with the password read from the page, then ready.
    const phonePort = await freePort();
    const csv = writeInjectionCsv(join(work, "phone.csv"), [[extension, sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: phonePort, timeoutMs: 15_000 });
    expect(reg.successful).toBe(1);
    background.push(startSipp({ scenario: "uas-answer.xml", target, localPort: phonePort, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 90_000 }));
    await setAgentState(app, "walker", "ready");
    await page.waitForFunction(() => Number(document.querySelector('[data-figure="state-ready"]')?.textContent) >= 1, undefined, { timeout: 10_000 });

    // The carrier's caller presses 1 and talks about 8 s; the dashboard shows a line in use, then the answered call.
    const scenario = materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! });
    const callerCsv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const carrier = startSipp({ scenario, target, inf: callerCsv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 1000, args: ["-mp", String(await freePort())], timeoutMs: 90_000 });
    background.push(carrier);
    await page.waitForFunction(() => document.querySelector('[data-figure="lines"]')?.textContent?.startsWith("1 /"), undefined, { timeout: 30_000 }).catch((e) => {
      throw new Error(`${String(e)}\n--- appliance ---\n${app.logs().slice(-3000)}`);
    });
    await page.waitForFunction(() => Number(document.querySelector('[data-figure="state-oncall"]')?.textContent ?? document.querySelector('[data-figure^="state-on"]')?.textContent) >= 1, undefined, { timeout: 15_000 }).catch(() => undefined);
    await shot(page, "dashboard-call-ko");
    await page.waitForFunction(() => document.querySelector('[data-figure="total-inbound"]')?.textContent === "1", undefined, { timeout: 45_000 });
    await page.waitForFunction(() => document.querySelector('[data-figure="lines"]')?.textContent?.startsWith("0 /"), undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-figure="answer-rate"]')).toBe("100.0%");
    const call = await waitFor(async () => (await listCalls(app)).find((c: CallJson) => String(c.from).includes(CALLER) && c.endedAt && c.recording), {
      timeoutMs: 15_000, intervalMs: 250, what: "the ended, recorded call",
    });
    expect(call!.agent).toBe("walker");
    await shots(page, "dashboard", "dashboard", '#dash-live[data-live="on"]');

    // H1: the call in the call history, its detail, its recording playing in the page (M5).
    await page.goto(`${svc}/history/calls?number=${CALLER}&lang=ko`);
    const detail = page.locator(`a[href$="/history/calls/${encodeURIComponent(call!.callId)}"]`).first();
    await detail.click();
    await page.waitForSelector("audio");
    const seconds = await page.waitForFunction(
      () => {
        const a = document.querySelector("audio");
        return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : false;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(Number(await seconds.jsonValue())).toBeGreaterThan(2);
    await page.evaluate(() => document.querySelector("audio")!.play().catch(() => undefined));
    await shot(page, "call-detail-ko");
    const mp3 = page.waitForEvent("download");
    await page.click('a[href$="/recording.mp3"]');
    const mp3File = await (await mp3).path();
    expect((await Bun.file(mp3File).bytes()).length).toBeGreaterThan(1000);
    await shots(page, "call-history", `history/calls?number=${CALLER}`);

    // H2: tick the call in the consultation history and download the Excel; open it.
    await page.goto(`${svc}/history/consultations?lang=ko`);
    await page.check(`input[name="ids"][value="${call!.callId}"]`);
    const xlsx = page.waitForEvent("download");
    await page.click('#selection button[formaction$="/export.xlsx"]');
    const download = await xlsx;
    expect(download.suggestedFilename()).toMatch(/^demo-consultations-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheets = await readXlsxFile(await download.path());
    expect(sheets).toHaveLength(1);
    const rows = sheets[0]!.data;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("ID");
    expect(rows[1]!.map(String)).toContain(call!.callId);
    expect(rows[1]!.map(String).some((v) => v.includes(CALLER))).toBe(true);
    expect(rows[1]!.map(String)).toContain("walker");
    await shots(page, "consultations", "history/consultations");

    // H5: the play, the MP3 download and the Excel export are in the audit log.
    await page.goto(`${svc}/history/audit?lang=en`);
    const log = await page.textContent("#audit");
    expect(log).toContain(`calls/${call!.callId}/recording`);
    expect(log).toContain(`calls/${call!.callId}/recording.mp3`);
    expect(log).toMatch(/demo-consultations-[\d-]+\.xlsx/);
    await page.goto(`${svc}/history/audit?action=play&lang=en`);
    expect(await page.textContent("#audit")).toContain(`calls/${call!.callId}/recording`);
    await shots(page, "audit", "history/audit");
    await shots(page, "login-history", "history/logins");
    await shots(page, "statistics", "statistics?by=agent&interval=hour", "#stats-chart .uplot");
    await shots(page, "agents", "agents");

    // G10: from 127.0.0.2 (behind the trusted proxy) limit the admin pages to 127.0.0.2/32; the
    // page refuses a list that would lock out its saver, so this one is saved from the allowed address.
    const far = await browser.newContext({ viewport: { width: 1200, height: 820 }, storageState: await ctx.storageState(), extraHTTPHeaders: { "X-Forwarded-For": "127.0.0.2" } });
    const farPage = await far.newPage();
    await farPage.goto(`${svc}/access`);
    expect(await farPage.content()).toContain("127.0.0.2");
    await farPage.fill('textarea[name="ranges"]', "127.0.0.2/32 walk test");
    await farPage.click('form[action$="/access"] button[type="submit"]');
    await farPage.waitForURL(/saved=1/);
    await shots(farPage, "access", "access");
    const refused = await page.goto(`${svc}/dashboard?lang=en`);
    expect(refused!.status()).toBe(403);
    expect(await page.textContent("body")).toContain("127.0.0.1");
    await shot(page, "access-denied-en");
    expect((await farPage.goto(`${svc}/dashboard`))!.status()).toBe(200);
    // Undone from the command line (public/docs/admin-pages.md).
    const cli = Bun.spawnSync([process.execPath, "src/main.ts", "access", "clear", "demo"], { cwd: REPO_ROOT, env: { ...process.env, CC_DATA_DIR: app.dataDir }, stdout: "pipe", stderr: "pipe" });
    expect(cli.exitCode, cli.stderr.toString()).toBe(0);
    expect((await page.goto(`${svc}/dashboard`))!.status()).toBe(200);
    await far.close();

    expect(errors).toEqual([]);
    await ctx.close();
    await carrier.stop();
  }, 240_000);
});
