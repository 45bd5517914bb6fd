/**
 * The agent console (issue 8: A1, A2, A6, H2, H4) in Chromium against the appliance
 * (`bun src/main.ts`): sign-in, state changes with the time in state, a second sign-in with the
 * same ID signing the first out (both in the login history, the first page says so), a wrong
 * password, an unknown service, a blocked agent and an expired session each with their message and
 * history entry; a SIPp carrier call answered on agent1's SIPp phone, then wrap-up notes refused
 * over 1024 characters and saved, shown in the console's history and the admin's consultation
 * history. Screenshots (one at 390 px) go to test-output/ (git-ignored). Every wait is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { HAVE_CHROMIUM, launchChromium } from "./browser.ts";
import { LoginHistoryRepo } from "../store/index.ts";
import { addCarrierPeer, allAway, findPcapDir, listCalls, materializeScenario, type CallJson } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { signInToPages } from "./page-session.ts";
import { runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_SIPP = haveBinaries("sipp");
const PCAP_DIR = HAVE_SIPP ? findPcapDir() : undefined;
const SHOTS = join(REPO_ROOT, "test-output/agent-console");
const SERVICE_NUMBER = "15880000";
const CALLER = "01077770008";
const ENV = { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000" };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!HAVE_CHROMIUM)("the agent console in Chromium against the appliance (A1, A2, A6, H2, H4)", () => {
  let app: Appliance;
  let browser: Browser;
  let work: string;
  const contexts: BrowserContext[] = [];
  const background: SippProcess[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = tempDir("cc-agent-console-");
    app = await startAppliance({ env: ENV });
    browser = await launchChromium({ muteAudio: true });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    for (const s of background) await s.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  const password = (loginId: string) => (app.credentials.agents.find((a) => a.loginId === loginId) as unknown as { password: string }).password;

  /** A new browser page (its own cookies: a separate device). */
  async function device(viewport = { width: 1280, height: 860 }): Promise<Page> {
    const ctx = await browser.newContext({ viewport });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    return page;
  }

  /** Fill and send the console's sign-in form. */
  async function signIn(page: Page, serviceId: string, loginId: string, pw: string) {
    await page.goto(`${app.baseUrl}/agent/login?lang=en`);
    await page.fill('input[name="serviceId"]', serviceId);
    await page.fill('input[name="loginId"]', loginId);
    await page.fill('input[name="password"]', pw);
    await page.click('[data-testid="sign-in"]');
  }

  /** The login history (H4) of one agent, oldest first, as "kind:result", read with the store's own reader. */
  function history(loginId: string): string[] {
    const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
    try {
      return new LoginHistoryRepo(db).all(1000).filter((e) => e.loginId === loginId).reverse().map((e) => `${e.kind}:${e.result}`);
    } finally {
      db.close();
    }
  }

  const stateText = (page: Page) => page.locator('#state-panel [data-testid="state"]').innerText();

  it("A1, A2, H4: MUST sign in, change states with the time in state shown, and sign a second session in only when forced, signing the first out", async () => {
    const first = await device(PHONE);
    await signIn(first, "demo", "agent1", password("agent1"));
    await first.waitForURL(`${app.baseUrl}/agent/`);
    expect(await stateText(first)).toContain("Away");
    // The time in state counts up in the page.
    const elapsed = first.locator('#state-panel [data-testid="elapsed"]');
    await first.waitForFunction(() => /^0:0[2-9]$/.test(document.querySelector('[data-testid="elapsed"]')?.textContent ?? ""), undefined, { timeout: 8000 });
    await first.click('[data-testid="pick-ready"]');
    await first.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "ready", undefined, { timeout: 8000 });
    expect(await stateText(first)).toContain("Ready");
    expect(await elapsed.innerText()).toMatch(/^0:0[0-2]$/);
    await first.selectOption('#state-panel select[name="reason"]', "meal");
    await first.click('[data-testid="pick-away"]');
    await first.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "away", undefined, { timeout: 8000 });
    expect(await stateText(first)).toContain("Meal");
    await first.waitForFunction(() => document.getElementById("live")?.dataset.live === "on", undefined, { timeout: 8000 });
    await first.screenshot({ path: join(SHOTS, "main-390-en.png"), fullPage: true });
    await first.goto(`${app.baseUrl}/agent/?lang=ko`);
    await first.screenshot({ path: join(SHOTS, "main-390-ko.png"), fullPage: true });
    // PWA: the service worker controls /agent/ and its cache holds the shell's static files only.
    const scope = await first.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    expect(scope).toBe(`${app.baseUrl}/agent/`);
    const cached: string[] = await first.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
      return out;
    });
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.every((p) => /\.(js|css|png|webmanifest)$/.test(p))).toBe(true);

    // The same ID on a second device: asked first, then forced.
    const second = await device();
    await signIn(second, "demo", "agent1", password("agent1"));
    await second.locator('[data-testid="confirm"]').waitFor();
    await second.screenshot({ path: join(SHOTS, "confirm-en.png") });
    await second.click('[data-testid="force"]');
    await second.waitForURL(`${app.baseUrl}/agent/`);
    // The first page learns it over its stream and says so.
    await first.waitForURL(/\/agent\/login\?ended=forced-logout/, { timeout: 10_000 });
    expect(await first.locator('[data-testid="login-error"]').innerText()).toMatch(/다른 곳에서 같은 ID로 로그인|signed in somewhere else/);
    await first.screenshot({ path: join(SHOTS, "signed-out-390-ko.png") });
    expect(history("agent1")).toEqual(["login:success", "logout:forced-logout", "login:success"]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("A1, H4: a wrong password, an unknown service, a blocked agent and an expired session MUST each get their message and history entry", async () => {
    const page = await device(PHONE);
    const error = () => page.locator('[data-testid="login-error"]').innerText();
    await signIn(page, "demo", "agent2", "not-the-password");
    expect(await error()).toBe("Wrong password.");
    await signIn(page, "nosuch", "agent2", password("agent2"));
    expect(await error()).toBe("No service has this ID.");
    const blocked = await app.api("/api/v1/services/demo/agents/agent3", { method: "PATCH", body: JSON.stringify({ blocked: true }) });
    expect(blocked.status).toBe(200);
    await signIn(page, "demo", "agent3", password("agent3"));
    expect(await error()).toContain("blocked");
    await app.api("/api/v1/services/demo/agents/agent3", { method: "PATCH", body: JSON.stringify({ blocked: false }) });
    expect(history("agent2")).toEqual(["login:wrong-password", "login:no-service"]);
    expect(history("agent3")).toEqual(["login:blocked"]);

    // A session past its end (its expiry moved into the past, as twelve hours would): the page says so.
    await signIn(page, "demo", "agent2", password("agent2"));
    await page.waitForURL(`${app.baseUrl}/agent/`);
    const db = new Database(join(app.dataDir, "contact-center.db"));
    try {
      db.run("UPDATE agent_sessions SET expires_at = created_at + 1000 WHERE login_id = 'agent2'");
    } finally {
      db.close();
    }
    await page.waitForURL(/\/agent\/login\?ended=expired/, { timeout: 10_000 });
    expect(await error()).toBe("Your session expired. Sign in again.");
    await page.screenshot({ path: join(SHOTS, "expired-390-en.png") });
    expect(history("agent2")).toEqual(["login:wrong-password", "login:no-service", "login:success", "logout:expiry"]);
  }, 60_000);

  it.skipIf(!HAVE_SIPP || !PCAP_DIR)("A6, H2: wrap-up notes over 1024 characters MUST be refused with a field message, and saved notes MUST show in history and the admin's consultation history", async () => {
    const pages = await signInToPages(app);
    expect((await pages.post("/admin/services/demo/work", { stateAfterLogin: "away", stateAfterCall: "wrap-up", screenPopUrl: "" })).status).toBeLessThan(400);
    expect((await pages.post("/admin/services/demo/types", { name: "Delivery" })).status).toBeLessThan(400);
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

    // agent1 signs in (a new session: the forced one of the first test is still open elsewhere).
    const page = await device();
    await signIn(page, "demo", "agent1", password("agent1"));
    await page.waitForFunction(() => location.pathname === "/agent/" || document.querySelector('[data-testid="force"]') !== null, undefined, { timeout: 10_000 });
    if (new URL(page.url()).pathname !== "/agent/") await page.click('[data-testid="force"]');
    await page.waitForURL(`${app.baseUrl}/agent/`);
    await page.click('[data-testid="pick-ready"]');
    await page.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "ready", undefined, { timeout: 8000 });

    const scenario = materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! });
    const callerCsv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const carrier = await runSipp({
      scenario, target, inf: callerCsv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 1000,
      args: ["-mp", String(await freePort())], timeoutMs: 60_000,
    });
    expect(carrier.successful, `${carrier.screen}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
    const call: CallJson = (await waitFor(async () => (await listCalls(app)).find((c) => String(c.from).includes(CALLER) && c.endedAt), {
      timeoutMs: 15_000, intervalMs: 250, what: "the ended call",
    }))!;

    // The wrap-up form comes up by itself once the state turns wrap-up after the call.
    const form = page.locator(`#wrap-up[data-call="${call.callId}"]`);
    await form.waitFor({ timeout: 10_000 });
    expect(await stateText(page)).toContain("Wrap-up");
    const notes = page.locator('[data-testid="notes"]');
    const tooLong = "가".repeat(1025);
    await notes.fill(tooLong);
    expect(await page.locator("[data-count]").innerText()).toContain("1025");
    await page.click('[data-testid="save-ready"]');
    await page.locator('[data-testid="notes-error"]').waitFor();
    expect(await page.locator('[data-testid="notes-error"]').innerText()).toBe("Too long.");
    expect((await notes.inputValue()).length).toBe(1025);
    expect(await stateText(page)).toContain("Wrap-up");
    await page.screenshot({ path: join(SHOTS, "wrap-up-too-long-en.png"), fullPage: true });

    await page.selectOption('#wrap-up select[name="typeId"]', { label: "Delivery" });
    await notes.fill("Parcel was late.\nSent a new one today.");
    await page.click('[data-testid="save-ready"]');
    await page.locator('[data-testid="wrap-saved"]').waitFor();
    await page.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "ready", undefined, { timeout: 8000 });

    // The console's history (my calls) and the call's details.
    await page.click('.tabs a[data-area="history"]');
    await page.locator('[data-testid="history"]').waitFor();
    expect(await page.locator('[data-testid="row-notes"]').first().innerText()).toContain("Parcel was late.");
    await page.click(`a[href="/agent/history/${call.callId}"]`);
    await page.locator('[data-testid="detail-notes"]').waitFor();
    expect(await page.locator('[data-testid="detail-notes"]').innerText()).toBe("Parcel was late.\nSent a new one today.");
    expect(await page.locator('[data-testid="detail-type"]').innerText()).toBe("Delivery");
    await page.screenshot({ path: join(SHOTS, "history-detail-en.png"), fullPage: true });

    // The admin's consultation history (H2).
    const admin = await (await pages.get(`/admin/services/demo/history/consultations?number=${CALLER}&lang=en`)).text();
    expect(admin).toContain("Parcel was late.");
    expect(admin).toContain("Delivery");
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
