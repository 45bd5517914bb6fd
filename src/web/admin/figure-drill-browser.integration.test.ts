import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { insertRandomDay } from "../../cc/reconcile/testing/random-day.ts";
import { testOps } from "./test-ops.ts";

const SHOTS = join(import.meta.dir, "../../../test-output/screenshots"); // never a tracked file
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const FROM = Date.UTC(2026, 2, 3, 15, 0); // 2026-03-04 00:00 in Seoul; the test clock stands at 10:00

describe("figures click down to their calls in Chromium (issue 17 point 4)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("issue 17 point 4: clicking a statistics cell or a dashboard figure MUST list exactly that many calls; definitions show beside the figures (ko, en)", async () => {
    const t = await testOps();
    insertRandomDay(t.repos, { serviceId: "demo", from: FROM, to: FROM + 9 * 3_600_000, n: 200, queues: ["main"], agents: ["a1", "a2", "a3"], seed: 5 });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch });
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = t.admin.cookie.split("=") as [string, string];
      await ctx.addCookies([{ name, value, url: origin }]);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));

      // Statistics (Korean): the "인입" (offered) cell of queue main, its tooltip, the click.
      await page.goto(`${origin}/admin/services/demo/statistics?by=queue&from=2026-03-04&to=2026-03-04&lang=ko`);
      const offeredHeader = page.locator("#stats-table th", { hasText: "인입" }).first();
      expect(await offeredHeader.getAttribute("title")).toContain("큐에 들어온 통화");
      const cell = page.locator('#stats-table a[data-drill][href*="figure=offered"]').first();
      const shown = Number(await cell.textContent());
      expect(shown).toBeGreaterThan(50);
      await cell.click();
      await page.waitForSelector("#figure-count");
      expect(Number(await page.getAttribute("#figure-count", "data-count"))).toBe(shown);
      expect(await page.locator("#figure-calls tbody tr[data-call]").count()).toBe(shown);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, "figure-calls-ko.png") });

      // The definitions under the table open and read in Korean.
      await page.goBack();
      await page.click("#figure-definitions summary");
      expect(await page.isVisible('#figure-definitions dd[data-definition="shortAbandoned"]')).toBe(true);

      // Dashboard (English): total inbound and a queue's abandoned figure click down to as many calls; the live panels keep their links.
      await page.goto(`${origin}/admin/services/demo/dashboard?lang=en`);
      await page.waitForSelector('#dash-live[data-live="on"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('#dash-panels a[data-drill] [data-figure="total-inbound"]') !== null, undefined, { timeout: 5000 });
      const total = Number(await page.textContent('[data-figure="total-inbound"]'));
      expect(await page.getAttribute("#total-inbound", "title")).toContain("Every inbound call of the day");
      const abandoned = page.locator('#dash-panels td a[data-drill][href*="figure=abandoned"]').first();
      const abandonedShown = Number(await abandoned.textContent());
      await page.screenshot({ path: join(SHOTS, "dashboard-definitions-en.png") });
      await page.click('#dash-panels a[data-drill]:has([data-figure="total-inbound"])');
      await page.waitForSelector("#figure-count");
      expect(Number(await page.getAttribute("#figure-count", "data-count"))).toBe(total);
      await page.goto(`${origin}/admin/services/demo/dashboard?lang=en`);
      await page.click('#dash-panels td a[data-drill][href*="figure=abandoned"]');
      await page.waitForSelector("#figure-count");
      expect(Number(await page.getAttribute("#figure-count", "data-count"))).toBe(abandonedShown);
      expect(errors).toEqual([]);
      await ctx.close();
    } finally {
      server.stop(true);
    }
  }, 60_000);
});
