/**
 * Helpers of the first-day walk (issue 9): screenshots into the ignored
 * test-output/ folder, the phone settings read off the page, and the horizontal-overflow check.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "./harness.ts";

/** Screenshots of the walk (never a tracked file). */
export const SHOTS = join(REPO_ROOT, "test-output/first-day");

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** What a phone needs, exactly as the page shows it (`data-setup` values). */
export async function readPhoneSetup(page: Page) {
  const read = async (key: string) => ((await page.textContent(`[data-setup="${key}"]`, { timeout: 5000 })) ?? "").trim();
  return {
    server: await read("server"),
    udpPort: Number(await read("port-udp")),
    realm: await read("realm"),
    user: await read("user"),
    password: await read("password"),
  };
}

/** Widths the layout must hold at: a laptop and a phone (issue 9, X7). */
export const WIDTHS = [1366, 390] as const;

/**
 * Buttons and table cells out of sight sideways (issue 9, "buttons stay visible", text wraps): their
 * right edge past the viewport, even when a scrolling table keeps the page itself from overflowing.
 */
export async function buttonsOutOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll("main button, main a.button, main td"))
      .filter((b) => (b as HTMLElement).offsetParent !== null && b.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((b) => `${b.textContent?.trim()} ${Math.round(b.getBoundingClientRect().right)}`);
  });
}

/** Whether the page scrolls sideways (`scrollWidth > clientWidth`), with the widest offenders to say why. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const offenders: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.right > root.clientWidth + 1 && offenders.length < 5) offenders.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, offenders };
  });
}
