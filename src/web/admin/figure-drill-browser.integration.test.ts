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

      // Issue 12: a large table (by agent and hour) carries one URL pattern, no link per cell; the page
      // script makes each cell a real link, and a click anywhere in a cell goes to the calls it counts.
      const byAgent = `${origin}/admin/services/demo/statistics?by=agent&interval=hour&from=2026-03-04&to=2026-03-04&lang=en`;
      const sent = await (await page.goto(byAgent))!.text();
      expect(sent).toContain("<table data-drill=");
      expect(sent).not.toContain("<a href=\"/admin/services/demo/statistics/calls");
      const col = 1 + await page.$$eval("#stats-table th", (ths) => ths.findIndex((th) => th.getAttribute("data-figure") === "answered"));
      const answered = page.locator(`#stats-table tbody tr[data-key] td:nth-child(${col})`);
      const shownAt = async (k: number) => Number(await answered.nth(k).textContent());
      let k = 0;
      while ((await shownAt(k)) < 2) k++;
      const link = answered.nth(k).locator("a[data-drill]");
      const row = answered.nth(k).locator("xpath=..");
      expect(await link.getAttribute("href")).toBe(
        `/admin/services/demo/statistics/calls?by=agent&from=2026-03-04&to=2026-03-04&interval=hour&figure=answered&key=${await row.getAttribute("data-key")}&period=${await row.getAttribute("data-period")}`,
      );
      // The script also gives each cell its column's label (narrow screens), and the figures are right-aligned by ops.css.
      expect(await answered.nth(k).getAttribute("data-label")).toBe("Answered");
      expect(await answered.nth(k).evaluate((td) => getComputedStyle(td).textAlign)).toBe("right");
      const agentShown = await shownAt(k);
      await link.click();
      await page.waitForSelector("#figure-count");
      expect(Number(await page.getAttribute("#figure-count", "data-count"))).toBe(agentShown);
      expect(await page.locator("#figure-calls tbody tr[data-call]").count()).toBe(agentShown);
      // A click on the cell beside its number (the delegated handler builds the same link).
      await page.goto(byAgent);
      let m = k + 1;
      while ((await shownAt(m)) < 1) m++;
      const otherShown = await shownAt(m);
      await answered.nth(m).click({ position: { x: 2, y: 2 } });
      await page.waitForSelector("#figure-count");
      expect(page.url()).toContain("figure=answered");
      expect(Number(await page.getAttribute("#figure-count", "data-count"))).toBe(otherShown);

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
  }, 90_000); // more pages since issue 12 (the by-agent table); the machine is shared
});
