/**
 * A shop's first day in the pages alone (issue 9), in Korean, against a fresh appliance in Chromium:
 * sign in and land on the monitoring page with its readiness checklist; add a peer trunk for a
 * SIPp carrier and its number in the trunk page; add an agent and read its phone settings off the
 * page; register a baresip phone with exactly those settings (MD5 digest: baresip 1.0); assign the
 * agent; save a TTS greeting; the checklist turns green; a carrier call to the number rings the
 * baresip agent and shows with the same counts on the dashboard, in statistics and in call history.
 * Then: destructive buttons ask first and "cancel" changes nothing; long names hold at 1366 and 390 px.
 * Screenshots go to test-output/first-day (ignored by git).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { startBaresip, type Baresip } from "./baresip-runner.ts";
import { findPcapDir, listCalls, materializeScenario, setAgentState } from "./call-flow-helpers.ts";
import { buttonsOutOfView, overflow, readPhoneSetup, shot, WIDTHS } from "./first-day-helpers.ts";
import { cleanupDir, freePort, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox", "espeak-ng") && Bun.which("chromium") !== null;
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const NUMBER = "15880000";
const CALLER = "01077770001";
// baresip 1.0 answers only MD5 challenges; SIPp and the pages come from one address.
const ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000" };

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("a shop's first day in the pages alone (issue 9)", () => {
  let app: Appliance;
  let browser: Browser;
  let work: string;
  let phone: Baresip | undefined;

  beforeAll(async () => {
    work = tempDir("cc-first-day-");
    [app, browser] = await Promise.all([startAppliance({ env: ENV }), launchChromium()]);
  }, 45_000);

  afterAll(async () => {
    await phone?.stop();
    await browser?.close();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 20_000);

  const why = () => `\n--- appliance ---\n${app.logs().slice(-3000)}${phone ? `\n--- baresip ---\n${phone.logs().slice(-1500)}` : ""}`;

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${app.baseUrl}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
  }

  it("D, T7, G2, G3, G5, G6: MUST go from sign-in to a ringing phone, and the figures MUST agree", async () => {
    const base = app.baseUrl;
    const svc = `${base}/admin/services/demo`;
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    // Sign in: the admin of one service lands on its monitoring page, with the checklist.
    await signIn(page);
    await page.waitForURL(/\/admin\/services\/demo\/dashboard/, { timeout: 10_000 });
    expect(await page.getAttribute("#readiness", "data-ready")).toBe("2/6");
    await shot(page, "1-checklist-ko");

    // T7: the checklist's trunk line opens the trunk page; a peer trunk for the SIPp carrier, the number filled in.
    const carrierPort = await freePort();
    await page.click('#readiness [data-check="trunk"] a');
    await page.waitForURL(/\/admin\/trunks/);
    await page.fill('#trunk-form input[name="name"]', "SIPp 통신사");
    await page.check('#trunk-form input[name="mode"][value="peer"]');
    await page.fill('#trunk-form input[name="host"]', "127.0.0.1");
    await page.fill('#trunk-form input[name="port"]', String(carrierPort));
    expect(await page.inputValue('#trunk-form input[name="number"] >> nth=0')).toBe(NUMBER);
    await page.click('#trunk-form button[type="submit"]');
    expect(await page.textContent('[data-testid="test-call"]', { timeout: 5000 })).toContain(NUMBER);
    await page.waitForSelector('#trunk-list [data-state="peer"]');
    await shot(page, "2-trunk-ko");
    const trunks = await app.apiJson<{ mode: string; port: number; numbers: { number: string; serviceId: string }[] }[]>("/api/v1/trunks");
    expect(trunks).toEqual([expect.objectContaining({ mode: "peer", port: carrierPort, numbers: [{ number: NUMBER, serviceId: "demo" }] })]);

    // G5: a new agent; its phone settings read off the page.
    await page.goto(`${svc}/agents`);
    await page.fill('form[action$="/agents"] input[name="loginId"]', "walker");
    await page.fill('form[action$="/agents"] input[name="name"]', "김상담");
    await page.click('form[action$="/agents"] button[type="submit"]');
    const setup = await readPhoneSetup(page);
    expect(setup).toMatchObject({ server: "127.0.0.1", udpPort: app.sipPort, realm: app.credentials.realm });
    expect(setup.password.length).toBeGreaterThanOrEqual(12);
    expect(await page.locator("#phone-setup svg.qr").count()).toBe(1);
    await shot(page, "3-phone-setup-ko");

    // A baresip phone configured with exactly those values registers.
    const tone = join(work, "agent.wav");
    expect(Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", tone, "synth", "30", "sine", "440", "vol", "0.5"]).exitCode).toBe(0);
    phone = await startBaresip({ dir: join(work, "baresip"), user: setup.user, password: setup.password, server: { host: setup.server, port: setup.udpPort }, sourceWav: tone, autoAnswer: true });
    await phone.waitRegistered(10_000).catch((e) => {
      throw new Error(`${String(e)}${why()}`);
    });

    // G6: assign the agent to the queue; then the agent is ready (as the agent app would set it).
    await page.goto(`${svc}/assignment`);
    await page.check('input[name="queue.main"][value="walker"]');
    await page.click('form[action$="/assignment"] button[type="submit"]:not([name])');
    await page.waitForURL(/saved=1/);
    await setAgentState(app, "walker", "ready");

    // The checklist: all but the greeting now; it turns green by itself once the greeting is saved elsewhere.
    await page.goto(`${svc}/dashboard`);
    await page.waitForSelector('#readiness [data-check="phone"][data-ok="1"]', { timeout: 10_000 });
    expect(await page.getAttribute("#readiness", "data-ready")).toBe("5/6");
    const prompts = await ctx.newPage();
    await prompts.goto(`${svc}/prompts`);
    await prompts.fill("#prompt-greeting textarea[name=\"text\"]", "안녕하세요. 첫날 상담센터입니다.");
    await prompts.click('#prompt-greeting button[value="preview"]');
    await prompts.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>("#prompt-greeting audio");
      return a && a.readyState >= 1 && a.duration > 0.5;
    }, undefined, { timeout: 15_000 });
    await prompts.click('#prompt-greeting button[value="save"]');
    await prompts.waitForURL(/saved=greeting/);
    // The page plays what callers hear now: the saved greeting, not the default.
    const heard = await prompts.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('audio[data-current="greeting"]');
      if (a && a.readyState === 0 && a.networkState !== 2) a.load();
      return a && a.readyState >= 1 && a.duration > 0.5 ? a.duration : false;
    }, undefined, { timeout: 10_000, polling: 250 });
    expect(Number(await heard.jsonValue())).toBeGreaterThan(0.5);
    await prompts.close();
    await page.waitForSelector('#readiness[data-ready="all"]', { timeout: 12_000 });
    await page.waitForSelector('#dash-live[data-live="on"]', { timeout: 10_000 });
    await shot(page, "4-ready-ko");

    // The carrier calls the number, presses 1 and talks: the baresip agent answers.
    const scenario = materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! });
    const csv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const call = await runSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: NUMBER, calls: 1, localPort: carrierPort, pauseMs: 2000, args: ["-mp", String(await freePort())], timeoutMs: 45_000 });
    expect(call.successful, `carrier call${why()}`).toBe(1);
    await phone.waitEvent("CALL_ESTABLISHED", 1000).catch((e) => {
      throw new Error(`${String(e)}${why()}`);
    });

    // The same call counted alike: dashboard, statistics, call history (and the API).
    await page.waitForFunction(() => document.querySelector('[data-figure="total-inbound"]')?.textContent === "1", undefined, { timeout: 15_000 });
    expect(await page.textContent('[data-figure="answer-rate"]')).toBe("100.0%");
    await shot(page, "5-dashboard-ko");
    const calls = await waitFor(async () => (await listCalls(app)).filter((c) => String(c.from).includes(CALLER) && c.endedAt), { timeoutMs: 10_000, what: "the ended call" });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.agent).toBe("walker");
    await page.goto(`${svc}/statistics?by=queue`);
    const stats = await page.evaluate(() => {
      const heads = Array.from(document.querySelectorAll("#stats-table th")).map((th) => th.textContent ?? "");
      const cells = Array.from(document.querySelectorAll("#stats-table tbody tr")).map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? ""));
      const col = (name: string) => heads.indexOf(name);
      return cells.reduce((sum, r) => ({ offered: sum.offered + Number(r[col("인입")] ?? 0), answered: sum.answered + Number(r[col("응답")] ?? 0) }), { offered: 0, answered: 0 });
    });
    expect(stats).toEqual({ offered: 1, answered: 1 });
    expect(await page.getAttribute("[data-inbound]", "data-inbound")).toBe("1");
    await shot(page, "6-statistics-ko");
    await page.goto(`${svc}/history/calls`);
    expect(await page.locator("#calls tbody tr a[href*='/history/calls/']").count()).toBe(1);
    expect(await page.textContent("#calls tbody")).toContain("walker");
    await shot(page, "7-call-history-ko");
    // The same pages in English, for the screenshots.
    const english: [string, string][] = [["dashboard", `${svc}/dashboard`], ["trunks", `${base}/admin/trunks`], ["sheet", `${svc}/agents/walker/sheet`], ["statistics", `${svc}/statistics?by=queue`]];
    for (const [name, path] of english) {
      await page.goto(`${path}${path.includes("?") ? "&" : "?"}lang=en`);
      await shot(page, `9-${name}-en`);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);

  it("issue 9: destructive buttons MUST ask first, say what will be lost, and change nothing on cancel", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page);
    await page.waitForURL(/\/admin\/services\//);
    const asked: string[] = [];
    page.on("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${app.baseUrl}/admin/services/demo/agents`);
    await page.click('form[action$="/agents/agent3/delete"] button');
    await page.click('form[action$="/agents/agent3/reset"] button');
    await page.goto(`${app.baseUrl}/admin/trunks`);
    await page.click('#trunk-list form[action$="/delete"] button');
    expect(asked).toHaveLength(3);
    expect(asked[0]).toContain("상담사 Agent 3(agent3)을(를) 삭제하면 내선 1003");
    expect(asked[1]).toContain("비밀번호를 새로 만들면");
    expect(asked[2]).toContain(`번호 ${NUMBER}(으)로 오는 전화를 더 받지 못하고`);
    const agents = await app.apiJson<{ loginId: string }[]>("/api/v1/services/demo/agents");
    expect(agents.map((a) => a.loginId)).toContain("agent3");
    expect(await app.apiJson<unknown[]>("/api/v1/trunks")).toHaveLength(1);
    expect(page.url()).toEndWith("/admin/trunks");
    await ctx.close();
  }, 30_000);

  it("issue 9, X7: long names MUST wrap without horizontal overflow at 1366 and 390 px", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page);
    await page.waitForURL(/\/admin\/services\//);
    const svc = `${app.baseUrl}/admin/services/demo`;
    const longId = `a${"b".repeat(62)}z`;
    await page.goto(`${svc}/agents`);
    await page.fill('form[action$="/agents"] input[name="loginId"]', longId);
    await page.fill('form[action$="/agents"] input[name="name"]', "가".repeat(50));
    await page.click('form[action$="/agents"] button[type="submit"]');
    await page.waitForSelector('[data-testid="phone-setup"]');
    await page.goto(`${svc}/holidays`);
    await page.fill('input[name="date"]', "2026-10-09");
    await page.fill('input[name="name"]', "한".repeat(100));
    await page.click('form[action$="/holidays"] button[type="submit"]');
    await page.waitForSelector('[data-done="added"]');
    await page.goto(`${svc}/info`);
    await page.fill('input[name="name"]', `아주긴상점이름${"상".repeat(93)}`);
    await page.click('form[action$="/info"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    const paths = ["/admin/services", "/admin/trunks", ...["dashboard", "agents", "holidays", "assignment", "info", "phones", "statistics", "history/calls"].map((p) => `/admin/services/demo/${p}`)];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of paths) {
        await page.goto(`${app.baseUrl}${p}`);
        const o = await overflow(page);
        expect(o.scrollWidth, `${p} at ${width} px: ${o.offenders.join(", ")}`).toBeLessThanOrEqual(o.clientWidth);
        expect(await buttonsOutOfView(page), `${p} at ${width} px`).toEqual([]);
      }
      await page.goto(`${svc}/agents`);
      await shot(page, `8-long-names-${width}-ko`);
    }
    await ctx.close();
  }, 60_000);
});
