/**
 * The organization admin's walk in Chromium against the appliance (issue 10): every menu of the
 * seed's 전체 관리 in Korean and in English, then a second service added through the pages in two
 * steps (basic info with a banner image; the contract with its estimate changing as features are
 * ticked), shown "not in use" with its register button until the contract is signed, and a form
 * refusing a service ID with digits. Screenshots go to test-output/screenshots (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { HAVE_CHROMIUM, launchChromium } from "./browser.ts";
import { buttonsOutOfView, overflow, WIDTHS } from "./first-day-helpers.ts";
import { cleanupDir, REPO_ROOT, startAppliance, tempDir, type Appliance } from "./harness.ts";

const SHOTS = join(REPO_ROOT, "test-output/screenshots");

/** The seed's menus and the title each shows, in both languages. */
const MENUS: [path: string, ko: string, en: string][] = [
  ["services", "계약 현황", "Contracted services"],
  ["charges", "요금 현황", "Charges"],
  ["info", "조직 정보", "Organization info"],
  ["members", "조직관리자", "Org admins"],
  ["cti", "CTI 관리", "CTI management"],
  ["permissions", "권한 변경 로그", "Permission change log"],
  ["webhooks", "웹훅", "Webhooks"],
  ["tickets", "이슈 관리", "Tickets"],
  ["me/performance", "My 실적", "My performance"],
  ["me/settings", "사용자 설정", "User settings"],
];

describe.skipIf(!HAVE_CHROMIUM)("the organization admin's walk in Chromium (issue 10)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;

  beforeAll(async () => {
    work = tempDir("cc-org-walk-");
    app = await startAppliance();
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    cleanupDir(work);
  }, 30_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `org-${name}.png`) });

  it("O1–O9: MUST show every menu in Korean and English and add a service in two steps", async () => {
    const base = app.baseUrl;
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 820 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await page.goto(`${base}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\//);

    // The header leads to the organization; every menu of the seed in both languages.
    await page.click('header a[href="/admin/org/"]');
    await page.waitForURL(/\/admin\/org\/services/);
    for (const lang of ["ko", "en"] as const) {
      for (const [path, ko, en] of MENUS) {
        const res = await page.goto(`${base}/admin/org/${path}?lang=${lang}`);
        expect(res?.status(), path).toBe(200);
        expect((await page.textContent("main h1"))?.trim(), `${path} ${lang}`).toBe(lang === "ko" ? ko : en);
        await shot(page, `${path.replace("/", "-")}-${lang}`);
      }
    }

    // A service ID with digits is refused with its field message, nothing stored.
    await page.goto(`${base}/admin/org/services/new?lang=ko`);
    await page.fill('input[name="name"]', "쇼핑몰");
    await page.fill('input[name="serviceId"]', "shop2");
    await page.click('#service-form button[type="submit"]');
    expect(await page.textContent("#serviceId-error")).toContain("숫자와 공백은 쓸 수 없습니다");

    // Step 1: basic info with a banner; the language picks the time zone.
    const banner = join(work, "banner.png");
    writeFileSync(banner, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
    await page.fill('input[name="serviceId"]', "shop");
    await page.fill('input[name="language"]', "ja");
    await page.setInputFiles('input[name="banner"]', banner);
    await page.click('#service-form button[type="submit"]');
    await page.waitForURL(/\/admin\/org\/services\/shop\/contract/);

    // It is "not in use" with a register button until step 2 is done.
    await page.goto(`${base}/admin/org/services?lang=ko`);
    expect(await page.textContent("#service-shop")).toContain("미사용");
    await page.click('#service-shop a:has-text("등록")');
    await page.waitForURL(/\/contract/);

    // Step 2: the estimate follows the ticked features (htmx), then the contract is signed.
    const before = await page.textContent("#cost-total");
    await page.uncheck('input[name="features"][value="recording"]');
    await page.waitForFunction((b) => document.querySelector("#cost-total")?.textContent !== b, before, { timeout: 5000 });
    await page.fill('input[name="licences"]', "3");
    await shot(page, "contract-ko");
    await page.click('#contract-form button[type="submit"]');
    await page.waitForURL(/\/admin\/org\/services\?saved=1/);
    expect(await page.textContent("#service-shop")).toContain("사용");
    expect(await page.getAttribute("#service-shop img", "src")).toBe("/admin/org/services/shop/banner");
    const shop = await app.apiJson<{ state: string; timezone: string; licences: number }>("/api/v1/services/shop");
    expect(shop).toMatchObject({ state: "active", timezone: "Asia/Tokyo", licences: 3 });
    const contract = await app.apiJson<{ features: string[] }>("/api/v1/services/shop/contract");
    expect(contract.features).not.toContain("recording");
    expect(errors).toEqual([]);
    await ctx.close();
  }, 60_000);

  it("issue 9, X7: long names at their limits MUST wrap on every organization page without horizontal overflow at 1366 and 390 px", async () => {
    const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
    // At the limits: a 100-character organization and service name, a 32-letter service ID, a 64-character
    // member ID with a 100-character name and a 200-character email, a 40-character key name, a long webhook URL.
    expect((await app.api("/api/v1/organization", { method: "PATCH", body: JSON.stringify({ name: `주식회사${"긴".repeat(96)}`, domain: "localhost" }) })).status).toBe(200);
    const longService = "L".repeat(32);
    expect((await app.api("/api/v1/services", json({ serviceId: longService, name: `아주긴서비스${"명".repeat(94)}`, number: "07012345678", language: "ko" }))).status).toBe(201);
    const longMember = `m${"x".repeat(62)}z`;
    expect((await app.api("/api/v1/members", json({ name: "김".repeat(100), loginId: longMember, email: `${"e".repeat(188)}@example.com` }))).status).toBe(201);
    expect((await app.api(`/api/v1/members/${longMember}/services/${longService}/roles`, { method: "PUT", body: JSON.stringify({ serviceAdmin: true, agent: false }) })).status).toBe(200);
    expect((await app.api("/api/v1/webhooks", json({ url: `https://crm.example/${"hook/".repeat(60)}`, events: ["call.ended"] }))).status).toBe(201);

    const ctx = await browser.newContext({ viewport: { width: WIDTHS[0], height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${app.baseUrl}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\//);
    await page.goto(`${app.baseUrl}/admin/org/info`);
    await page.fill('#keys-form input[name="name"], form[action="/admin/org/info/keys"] input[name="name"]', "k".repeat(40));
    await page.click('form[action="/admin/org/info/keys"] button[type="submit"]');
    await page.waitForSelector("#named-key");
    const paths = ["services", "charges", "info", "members", "cti", "permissions", "webhooks", "tickets", "me/settings"].map((p) => `/admin/org/${p}`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const p of paths) {
        await page.goto(`${app.baseUrl}${p}`);
        const o = await overflow(page);
        expect(o.scrollWidth, `${p} at ${width} px: ${o.offenders.join(", ")}`).toBeLessThanOrEqual(o.clientWidth);
        expect(await buttonsOutOfView(page), `${p} at ${width} px`).toEqual([]);
      }
      await page.goto(`${app.baseUrl}/admin/org/members`);
      await shot(page, `long-names-${width}-ko`);
    }
    await ctx.close();
  }, 60_000);

  it("issue 9: the organization's destructive buttons MUST ask first, say what will be lost, change nothing on cancel and go through on OK", async () => {
    const json = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
    expect((await app.api("/api/v1/members", json({ name: "Park", loginId: "park", email: "park@example.com" }))).status).toBe(201);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${app.baseUrl}/admin/login?lang=ko`);
    await page.fill('input[name="loginId"]', app.credentials.admin.loginId);
    await page.fill('input[name="password"]', app.credentials.admin.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\//);
    const asked: string[] = [];
    let answer: "dismiss" | "accept" = "dismiss";
    page.on("dialog", (d) => {
      asked.push(d.message());
      void (answer === "accept" ? d.accept() : d.dismiss());
    });
    await page.goto(`${app.baseUrl}/admin/org/members`);
    await page.click('#member-park form[action$="/park/remove"] button');
    await page.click('#member-park form[action$="/park/active"] button');
    await page.goto(`${app.baseUrl}/admin/org/info`);
    await page.click('form[action="/admin/org/info/api-key"] button');
    expect(asked).toHaveLength(3);
    expect(asked[0]).toContain("Park(park)을(를) 삭제하면 모든 서비스의 권한과 로그인이 없어집니다");
    expect(asked[1]).toContain("바로 로그아웃되고 다시 로그인할 수 없습니다");
    expect(asked[2]).toContain("지금 키는 바로 쓸 수 없게 되어");
    // Cancelled: nothing changed — the member is there and active, the API key still works.
    expect(await app.apiJson("/api/v1/members/park")).toMatchObject({ loginId: "park", active: true });
    // OK: the removal goes through and says so.
    answer = "accept";
    await page.goto(`${app.baseUrl}/admin/org/members`);
    await page.click('#member-park form[action$="/park/remove"] button');
    await page.waitForURL(/saved=1/);
    expect(await page.textContent('main [role="status"]')).toContain("저장되었습니다");
    expect((await app.api("/api/v1/members/park")).status).toBe(404);
    await ctx.close();
  }, 30_000);
});
