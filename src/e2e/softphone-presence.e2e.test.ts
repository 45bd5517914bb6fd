/**
 * Issue 17 points 1–2 with a browser softphone (Chromium, the console's bundled sip.js over WebSocket):
 * agent1 signs in to the console, its softphone registers and agent1 goes ready; the browser context
 * closes (the WebSocket with it) → agent1 is unreachable with the cause "sip: WebSocket closed"; the
 * console opened again registers the softphone and agent1 is ready again. Then the admin's "Agent's
 * day" page, in the same Chromium, shows those bands with their causes and the dashboard counts the state.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { cleanupDir, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";

const HAVE_PEERS = haveBinaries("sox") && Bun.which("chromium") !== null;

interface Status {
  state: string;
  reason: string | null;
  cause: string | null;
}

describe.skipIf(!HAVE_PEERS)("a browser softphone's WebSocket and its agent's state (issue 17, A2, C5)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    work = tempDir("cc-softphone-presence-");
    const wav = join(work, "tone.wav");
    const sox = Bun.spawnSync(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav, "synth", "30", "sine", "1000", "vol", "0.5"]);
    if (sox.exitCode !== 0) throw new Error(`sox: ${sox.stderr.toString()}`);
    [app, browser] = await Promise.all([
      startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } }),
      launchChromium({ autoplay: true, muteAudio: true, fakeMicrophone: wav }),
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  const status = (loginId: string) => app.apiJson<Status>(`/api/v1/services/demo/agents/${loginId}/status`);
  const waitStatus = (loginId: string, state: string, timeoutMs = 10_000) =>
    waitFor(async () => {
      const s = await status(loginId);
      return s.state === state ? s : undefined;
    }, { timeoutMs, intervalMs: 100, what: `${loginId} ${state}` }).catch(async (e) => {
      throw new Error(`${String(e)}\nnow: ${JSON.stringify(await status(loginId))}\n--- appliance ---\n${app.logs().slice(-2500)}`);
    });

  /** A new browser context signed in to the console as agent1, its softphone registered. */
  async function console1(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    const agent = app.credentials.agents.find((a) => a.loginId === "agent1") as unknown as { password: string };
    await page.goto(`${app.baseUrl}/agent/login?lang=en`);
    await page.fill('input[name="serviceId"]', "demo");
    await page.fill('input[name="loginId"]', "agent1");
    await page.fill('input[name="password"]', agent.password);
    await page.click('[data-testid="sign-in"]');
    // The closed tab's session is still open on the server: the console asks whether to take it over.
    const force = page.locator('[data-testid="force"]');
    await Promise.race([page.waitForURL(`${app.baseUrl}/agent/`), force.waitFor()]);
    if (await force.isVisible()) {
      await force.click();
      await page.waitForURL(`${app.baseUrl}/agent/`);
    }
    await page.waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-state") === "registered", undefined, { timeout: 15_000 });
    return { ctx, page };
  }

  it("17.1/C5: a softphone whose WebSocket closed MUST make its agent unreachable with the cause, and ready again when it registers", async () => {
    const first = await console1();
    await first.page.click('[data-testid="pick-ready"]');
    await first.page.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "ready");
    expect((await status("agent1")).state).toBe("ready");

    // The tab's renderer dies (a crash, a killed laptop): its WebSocket drops with no pagehide, so the
    // console's clean unregister on close (REGISTER Expires: 0) never goes out.
    await first.page.goto("chrome://crash").catch(() => {});
    await first.ctx.close();
    const gone = await waitStatus("agent1", "unreachable");
    expect(gone.cause).toBe("sip: WebSocket closed");

    const again = await console1();
    const back = await waitStatus("agent1", "ready");
    expect(back.cause).toBe("sip: registered");
    await again.page.waitForFunction(() => document.querySelector("#state-panel")?.getAttribute("data-state") === "ready");
  }, 60_000);

  it("17.2/A2: the admin's agent's day MUST show the bands with their causes in a real browser (Korean and English)", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 820 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${app.baseUrl}/admin/login?lang=en`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/services\/demo\/dashboard/);
    expect(await page.locator("#state-unreachable").count()).toBe(1);

    await page.goto(`${app.baseUrl}/admin/services/demo/history/agent-day?lang=en`);
    await page.selectOption('[data-testid="agent-pick"]', "agent1");
    await page.click('form.filters button[type="submit"]');
    await page.waitForSelector('[data-testid="agent-timeline"]');
    const rows = await page.locator('[data-testid="bands"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-state"), tr.lastElementChild?.textContent ?? ""]));
    expect(rows).toContainEqual(["unreachable", "sip: WebSocket closed"]);
    expect(rows.at(-1)).toEqual(["ready", "sip: registered"]);
    expect(await page.locator(".timeline-bar > div").count()).toBe(rows.length);
    await page.goto(`${app.baseUrl}/admin/services/demo/history/agent-day?agent=agent1&lang=ko`);
    expect(await page.locator("h1").innerText()).toContain("상담사 하루 타임라인");
    expect(await page.locator('[data-testid="bands"]').innerText()).toContain("단말 연결끊김");
    expect(errors).toEqual([]);
  }, 40_000);
});
