import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { testOps, writeWav } from "./test-ops.ts";

const SHOTS = join(import.meta.dir, "../../../test-output/screenshots"); // never a tracked file
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

describe("dashboard, statistics and call history in Chromium (D, S, H1, X7)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("D: MUST update a dashboard figure live after a call, and render the pages in Korean and English", async () => {
    const t = await testOps();
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: t.app.fetch });
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const [name, value] = t.admin.cookie.split("=") as [string, string];
      await ctx.addCookies([{ name, value, url: origin }]);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));

      await page.goto(`${origin}/admin/services/demo/dashboard?lang=ko`);
      await page.waitForSelector('#dash-live[data-live="on"]', { timeout: 10_000 });
      await page.waitForSelector("#dash-trend .uplot", { timeout: 5000 });
      expect(await page.textContent('[data-figure="total-inbound"]')).toBe("0");

      const rec = await t.answeredCall("01012345678", 4000, 45_000);
      writeWav(rec.recordingPath!);
      await t.answeredCall("01087654321", 25_000, 120_000);
      t.cc.setState("demo", "a2", "ready");
      await page.waitForFunction(() => document.querySelector('[data-figure="total-inbound"]')?.textContent === "2", undefined, { timeout: 5000 });
      expect(await page.textContent('[data-figure="answer-rate"]')).toBe("100.0%");

      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, "dashboard-ko.png") });
      const shots: [string, string][] = [
        ["dashboard-en", "/admin/services/demo/dashboard?lang=en"],
        ["statistics-ko", "/admin/services/demo/statistics?by=queue&interval=hour&from=2026-03-04&to=2026-03-04&lang=ko"],
        ["statistics-en", "/admin/services/demo/statistics?by=queue&interval=hour&from=2026-03-04&to=2026-03-04&lang=en"],
        ["call-history-ko", "/admin/services/demo/history/calls?from=2026-03-04&to=2026-03-04&lang=ko"],
        ["call-history-en", "/admin/services/demo/history/calls?from=2026-03-04&to=2026-03-04&lang=en"],
        ["consultations-ko", "/admin/services/demo/history/consultations?from=2026-03-04&to=2026-03-04&lang=ko"],
      ];
      for (const [file, path] of shots) {
        await page.goto(origin + path);
        if (file.startsWith("statistics")) await page.waitForSelector("#stats-chart .uplot", { timeout: 5000 });
        if (file.startsWith("dashboard")) await page.waitForSelector('#dash-live[data-live="on"]', { timeout: 10_000 });
        await page.screenshot({ path: join(SHOTS, `${file}.png`) });
      }
      expect(await page.locator("audio").count()).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
      await ctx.close();
    } finally {
      server.stop(true);
    }
  }, 60_000);
});
