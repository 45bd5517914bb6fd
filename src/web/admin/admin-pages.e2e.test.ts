import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { testApp } from "../test-app.ts";
import { readFlow } from "./flow.ts";

const SHOTS = join(import.meta.dir, "../../../test-output/screenshots"); // never a tracked file
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let browser: Browser;
let server: ReturnType<typeof Bun.serve>;
let ctx: Awaited<ReturnType<typeof testApp>>;
let base: string;

beforeAll(async () => {
  ctx = await testApp({ now: () => Date.now() });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: ctx.app.fetch });
  base = `http://127.0.0.1:${server.port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

describe("admin pages in Chromium", () => {
  it("MUST sign in, add an agent (SIP password once), assign it, set hours with lunch and a holiday, in Korean and English", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', "admin");
    await page.fill('input[name="password"]', "admin-password");
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/services\/demo\/dashboard/); // issue 9: the service's monitoring page

    await page.goto(`${base}/admin/services/demo/agents`);
    await page.fill('form[action$="/agents"] input[name="loginId"]', "e2e");
    await page.fill('form[action$="/agents"] input[name="name"]', "이상담");
    await page.click('form[action$="/agents"] button[type="submit"]');
    const password = (await page.textContent('[data-testid="sip-password"]'))!.trim();
    expect(password).toHaveLength(16);
    await shot(page, "agents-added-ko");
    await page.goto(`${base}/admin/services/demo/agents`);
    expect(await page.locator('[data-testid="sip-password"]').count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    await page.goto(`${base}/admin/services/demo/assignment`);
    await page.check('input[name="queue.main"][value="e2e"]');
    await page.click('form[action$="/assignment"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    expect(await page.isChecked('input[name="queue.main"][value="e2e"]')).toBe(true);
    expect(ctx.repos.queues.get("demo", "main")!.agents).toContain("e2e");

    await page.goto(`${base}/admin/services/demo/hours`);
    await page.fill('input[name="weekday"]', "09:00-12:00, 13:00-18:00");
    await page.fill('input[name="sat"]', "");
    await page.fill('input[name="sun"]', "");
    await page.click('form[action$="/hours"] button[type="submit"]');
    await page.waitForURL(/saved=1/);
    expect(await page.inputValue('input[name="wed"]')).toBe("09:00-12:00, 13:00-18:00");

    await page.goto(`${base}/admin/services/demo/holidays`);
    await page.fill('input[name="date"]', "2026-05-01");
    await page.fill('input[name="name"]', "창립기념일");
    await page.selectOption('select[name="repeat"]', "yearly");
    await page.click('form[action$="/holidays"] button[type="submit"]');
    await page.waitForSelector("text=창립기념일");
    const flow = readFlow(ctx.deps, "demo");
    expect(flow.hours.mon).toEqual([{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]);
    expect(flow.hours.sun).toEqual([]);
    expect(flow.holidays.find((h) => h.date === "2026-05-01")?.repeat).toBe("yearly");

    for (const lang of ["ko", "en"] as const) {
      for (const area of ["info", "agents", "assignment", "hours", "holidays", "menu", "prompts", "phones"]) {
        await page.goto(`${base}/admin/services/demo/${area}?lang=${lang}`);
        await shot(page, `${area}-${lang}`);
      }
    }
    expect(await page.textContent("h1")).toBe("Desk phones");
    expect(await page.textContent(".areas")).toContain("Lookups");
    // Issue 9: every page of the four menus is one click away, from the menu's panel (hover or keyboard focus).
    expect(await page.isVisible('.areas .menu-panel a[href$="/history/logins"]')).toBe(false);
    await page.hover('.area-sections > .menu:nth-child(3) > a');
    await page.click('.areas .menu-panel a[href$="/history/logins"]');
    await page.waitForURL(/\/history\/logins/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/admin/services/demo/agents?lang=ko`);
    await shot(page, "agents-phone-ko");
    await page.close();
  }, 90_000);
});
