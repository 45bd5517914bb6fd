/**
 * The outbound rules in a real browser (issue 16 point 6, T9): on the trunks page an admin turns on
 * international calls for the service and sets a cap per extension; the page saves through the one
 * door, shows the warning, refuses a negative cap with its field message (nothing stored changes),
 * and holds its layout at laptop and phone widths.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { HAVE_CHROMIUM, launchChromium, screenshotDir } from "./browser.ts";
import { buttonsOutOfView, overflow, WIDTHS } from "./first-day-helpers.ts";
import { startAppliance, type Appliance } from "./harness.ts";

describe.skipIf(!HAVE_CHROMIUM)("outbound rules on the trunks page in Chromium (T9, issue 16 point 6)", () => {
  let app: Appliance;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startAppliance(), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("T9: MUST enable international calls with a warning, set a cap per extension, and refuse a negative cap", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${app.baseUrl}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/services\//);
    await page.goto(`${app.baseUrl}/admin/trunks`);
    const card = page.locator("#outbound-rules-demo");
    expect(await card.locator("[data-warn]").count()).toBe(0);
    await card.locator('input[name="allowInternational"]').check();
    await card.locator('input[name="extensionHourMinutes"]').fill("30");
    await card.locator('button[type="submit"]').click();
    await page.waitForURL(/rulesSaved=demo/);
    expect(await page.locator('#outbound-rules-demo [data-warn="international"]').textContent()).toContain("국제전화가 허용되어 있습니다");
    expect(await app.apiJson("/api/v1/services/demo/outbound-rules")).toMatchObject({ allowInternational: true, extensionHourMinutes: 30 });

    await page.locator('#outbound-rules-demo input[name="extensionDayMinutes"]').fill("-10");
    await page.locator('#outbound-rules-demo button[type="submit"]').click();
    await page.waitForSelector("#extensionDayMinutes-error");
    await page.locator("#outbound-rules-demo").screenshot({ path: join(screenshotDir("outbound-rules"), "rules-refused-ko.png") });
    expect(await app.apiJson("/api/v1/services/demo/outbound-rules")).toMatchObject({ allowInternational: true, extensionHourMinutes: 30, extensionDayMinutes: 0 });

    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${app.baseUrl}/admin/trunks?lang=en`);
      const o = await overflow(page);
      expect(o.scrollWidth, `trunks at ${width} px: ${o.offenders.join(", ")}`).toBeLessThanOrEqual(o.clientWidth);
      expect(await buttonsOutOfView(page), `trunks at ${width} px`).toEqual([]);
    }
    expect(await page.locator('#outbound-rules-demo [data-warn="international"]').textContent()).toContain("international calls are allowed");
    expect(errors).toEqual([]);
    await ctx.close();
  }, 40_000);
});
