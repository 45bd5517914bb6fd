/**
 * Chromium for the browser tests (playwright-core driving Debian's /usr/bin/chromium): one place for
 * the launch flags every e2e file used to repeat, the optional audio and fake-microphone flags, and
 * the screenshot folder under the git-ignored test-output/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT } from "./harness.ts";

/** Debian's Chromium is installed (browser tests skip without it). */
export const HAVE_CHROMIUM = Bun.which("chromium") !== null;

/** Headless, and nothing reaching out to the network. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

export interface ChromiumOptions {
  /** Play nothing out loud (`--mute-audio`). */
  muteAudio?: boolean;
  /** Let pages play audio without a user gesture. */
  autoplay?: boolean;
  /**
   * A fake microphone for WebRTC: the permission prompt answered, a fake capture device playing
   * this WAV (an empty string: the fake device's own tone), loopback peer connections allowed.
   */
  fakeMicrophone?: string;
  /** Any further flags, last. */
  extraArgs?: string[];
}

/** The flags for `options`: the common ones, then the audio and fake-media ones asked for. */
export function chromiumFlags(options: ChromiumOptions = {}): string[] {
  const flags = [...CHROMIUM_FLAGS];
  if (options.autoplay) flags.push("--autoplay-policy=no-user-gesture-required");
  if (options.muteAudio) flags.push("--mute-audio");
  if (options.fakeMicrophone !== undefined) {
    flags.push("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
    if (options.fakeMicrophone) flags.push(`--use-file-for-fake-audio-capture=${options.fakeMicrophone}`);
    flags.push("--allow-loopback-in-peer-connection");
  }
  flags.push(...(options.extraArgs ?? []));
  return flags;
}

/** Launch Debian's Chromium headless with the common flags (and the audio or fake-media ones asked for). */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumFlags(options) });
}

/** A folder for screenshots under test-output/ (git-ignored, never a tracked file), made now. */
export function screenshotDir(name: string): string {
  const dir = join(REPO_ROOT, "test-output", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Screenshots of one test file: `shot(page, "name")` writes `<dir>/name.png`. */
export function screenshots(name: string) {
  const dir = screenshotDir(name);
  return {
    dir,
    shot: (page: Page, file: string, options: { fullPage?: boolean } = {}) => page.screenshot({ path: join(dir, `${file}.png`), ...options }),
  };
}

/**
 * A page in a context of its own (its own cookies: a separate device) with `viewport`, and its
 * screenshots into test-output/<name>; `close()` ends the context.
 */
export async function newPage(browser: Browser, name: string, viewport = { width: 1280, height: 860 }): Promise<{ page: Page; context: BrowserContext; shot: (file: string, options?: { fullPage?: boolean }) => Promise<Buffer>; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const { shot } = screenshots(name);
  return { page, context, shot: (file, options) => shot(page, file, options), close: () => context.close().catch(() => {}) };
}

/** Close a browser if it was launched (afterAll after a failed beforeAll). */
export async function closeChromium(browser: Browser | undefined): Promise<void> {
  await browser?.close().catch(() => {});
}
