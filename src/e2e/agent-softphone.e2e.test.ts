/**
 * The agent console's softphone mode end to end (issue 8: A1, A3, A6, C10, H2, M1, M5, T2), real browser and
 * real SIP. Chromium with a fake microphone (a 1 kHz tone) opens the real console: agent1 signs in, the console
 * checks the microphone, fetches its session-bound SIP secret and registers over ws://…/ws with the bundled
 * sip.js, and the agent goes ready. A SIPp carrier (its media the test's own RTP peer, a 440 Hz caller) calls the
 * service and presses 1; the call rings in the browser and agent1 clicks Answer. Audio flows both ways (the
 * caller hears 1 kHz, getStats() counts inbound packets); the console's Hold puts the caller on hold music
 * through the B2BUA (energy at the caller, no agent tone) and Resume brings the agent back; the browser's own hold
 * (sip.js re-INVITE a=sendonly) silences it and its unhold brings it back, and so do the console's Mute and
 * unmute; agent1 transfers
 * (blind) to agent2, signed in in a second browser context (also softphone mode), who answers with the console's
 * Answer and hangs up with its Hang up. The stereo recording holds the caller (440 Hz) on one channel and the
 * agents (1 kHz) on the other; agent1's wrap-up notes show in agent1's history and the admin's consultation history.
 * Waits are bounded and follow the media (audio heard, answers received), never fixed call lengths: the caller
 * stays until the appliance hangs up, and tone shares are summed over 100 ms windows, so late timers on a loaded
 * machine (gaps in the caller's stream) cannot turn a phase-coherent transform over a whole channel into a miss.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { readPcmWav } from "../media/index.ts";
import { rms, toneShares } from "./baresip-runner.ts";
import { addCarrierPeer, allAway, endedCallFrom, materializeScenario } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { signInToPages } from "./page-session.ts";
import { describeAudio, startRtpPeer, type RtpPeer } from "./rtp-peer.ts";
import { describeSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "sox") && Bun.which("chromium") !== null;
const SERVICE_NUMBER = "15880000";
const CALLER = "01044440008";
const CALLER_TONE = 440;
const AGENT_TONE = 1000;
const OUT = join(REPO_ROOT, "test-output/agent-softphone");
const NOTES = "Asked about a late parcel.\nTransferred to agent2.";

/**
 * carrier-media-call.xml whose caller stays on the line until the appliance hangs up (the agent ends the call):
 * instead of its own BYE after -d, it waits for the appliance's BYE and answers 200.
 */
function callerUntilHungUp(dir: string, mediaPort: number): string {
  const path = materializeScenario("carrier-media-call.xml", dir, { MEDIA_PORT: String(mediaPort) });
  const xml = readFileSync(path, "utf8");
  const from = xml.indexOf("  <!-- In the queue");
  const to = xml.indexOf("  <ResponseTimeRepartition");
  if (from < 0 || to < 0) throw new Error("carrier-media-call.xml changed: cannot find its last step");
  const wait = `  <recv request="BYE"/>
  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>

`;
  const out = join(dir, "carrier-until-hung-up.xml");
  writeFileSync(out, xml.slice(0, from) + wait + xml.slice(to));
  return out;
}

/**
 * Each tone's share of a channel's energy, summed over 100 ms windows: the agent channel holds two browsers'
 * tones with silence (hold) between, whose phases do not line up, so one transform over the whole would miss them.
 */
function windowedShares(x: Float64Array, tones: number[], rate = 8000): Record<number, number> {
  const size = rate / 10;
  const sums: Record<number, number> = Object.fromEntries(tones.map((t) => [t, 0]));
  let total = 0;
  for (let at = 0; at + size <= x.length; at += size) {
    const w = x.subarray(at, at + size);
    const energy = rms(w) ** 2;
    const shares = toneShares(w, rate, tones);
    for (const t of tones) sums[t]! += shares[t]! * energy;
    total += energy;
  }
  return Object.fromEntries(tones.map((t) => [t, total > 0 ? sums[t]! / total : 0]));
}

describe.skipIf(!HAVE_PEERS)("the agent console's softphone in Chromium against the appliance (issue 8: A3, C10, M1, M5)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;
  let carrierPort: number;
  const contexts: BrowserContext[] = [];
  const stops: (() => Promise<unknown> | void)[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = tempDir("cc-agent-softphone-");
    const wav = join(work, `tone-${AGENT_TONE}.wav`);
    const sox = Bun.spawnSync(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav, "synth", "120", "sine", String(AGENT_TONE), "vol", "0.5"]);
    if (sox.exitCode !== 0) throw new Error(`sox: ${sox.stderr.toString()}`);
    // CC_E2E_EXECUTABLE=<path of a `bun build --compile` output>: the same test against the compiled executable,
    // started from an empty directory (werift and the embedded bundle inside it).
    const exe = process.env.CC_E2E_EXECUTABLE;
    const [started, launched] = await Promise.all([
      startAppliance({
        env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" },
        ...(exe ? { command: [exe], cwd: work } : {}),
      }),
      launchChromium({ autoplay: true, muteAudio: true, fakeMicrophone: wav }),
    ]);
    app = started;
    browser = launched;
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  const password = (loginId: string) => (app.credentials.agents.find((a) => a.loginId === loginId) as unknown as { password: string }).password;
  const why = async (page: Page) =>
    `softphone: ${await page.locator("#softphone").evaluate((e) => `${JSON.stringify((e as HTMLElement).dataset)} ${e.textContent}`).catch(() => "?")}\n` +
    `page errors: ${pageErrors.join(" | ")}\n--- appliance ---\n${app.logs().slice(-4000)}`;

  /** A new browser context (its own cookies: another device) on the console's sign-in, signed in as `loginId`. */
  async function signedIn(loginId: string, on: Browser = browser): Promise<Page> {
    const ctx = await on.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(`${loginId}: ${String(e)}`));
    await page.goto(`${app.baseUrl}/agent/login?lang=en`);
    await page.fill('input[name="serviceId"]', "demo");
    await page.fill('input[name="loginId"]', loginId);
    await page.fill('input[name="password"]', password(loginId));
    await page.click('[data-testid="sign-in"]');
    await page.waitForURL(`${app.baseUrl}/agent/`);
    return page;
  }

  /** Signed in as `loginId` with the softphone registered. */
  async function consoleOf(loginId: string): Promise<Page> {
    const page = await signedIn(loginId);
    // The console checked the microphone and registered the softphone with the session's secret.
    await page
      .waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-state") === "registered", undefined, { timeout: 15_000 })
      .catch(async (e) => {
        throw new Error(`${String(e)}\n${await why(page)}`);
      });
    return page;
  }

  const state = (page: Page, want: string, timeout = 10_000) =>
    page.waitForFunction((s) => document.querySelector("#state-panel")?.getAttribute("data-state") === s, want, { timeout });

  /** The browser's inbound audio packets and codec (RTCPeerConnection statistics). */
  const inbound = (page: Page) =>
    page.evaluate(async () => {
      const report = await (window as unknown as { ccSoftphone: { getStats(): Promise<RTCStatsReport | undefined> } }).ccSoftphone.getStats();
      let packets = 0;
      let codec = "";
      report?.forEach((s) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") packets += s.packetsReceived ?? 0;
        if (s.type === "codec" && String(s.mimeType).startsWith("audio/")) codec ||= s.mimeType;
      });
      return { packets, codec };
    });

  /** Click the ringing call's Answer in the console's incoming panel (shown only while it rings in this browser). */
  async function answer(page: Page, caller?: string): Promise<void> {
    const button = page.locator('#incoming [data-testid="softphone-answer"]');
    await button.waitFor({ state: "visible", timeout: 40_000 }).catch(async (e) => {
      throw new Error(`${String(e)}\n${await why(page)}`);
    });
    if (caller) expect(await page.locator('#incoming [data-testid="caller"]').innerText()).toBe(caller);
    await button.click();
    await page.waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-call") === "established", undefined, { timeout: 10_000 });
    await state(page, "on-call");
  }

  /** Click one of the console's call controls and wait for the B2BUA's answer to it. */
  async function control(page: Page, action: "hold" | "resume" | "transfer" | "hangup") {
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/agent/calls/${action}`)), page.click(`[data-testid="call-${action}"]`)]);
    return res;
  }

  /** Wait until the caller has heard `ms` of audio after `since` (bounded; the loaded machine may lag). */
  async function heardFor(peer: RtpPeer, since: number, ms: number): Promise<number> {
    const until = since + ms;
    await sleep(Math.max(0, until - Date.now()));
    await waitFor(() => peer.received.some((p) => p.at >= until) || undefined, { timeoutMs: 5000, intervalMs: 100, what: "caller audio" });
    return until;
  }

  it("A3, C10, M1, M5: a call MUST ring in the console's softphone, be answered there with audio both ways, held with music, resumed, transferred to a second browser agent who ends it, and its notes MUST show in history", async () => {
    const pages = await signInToPages(app);
    expect((await pages.post("/admin/services/demo/work", { stateAfterLogin: "away", stateAfterCall: "wrap-up", screenPopUrl: "" })).status).toBeLessThan(400);
    await allAway(app);
    const [one, two] = await Promise.all([consoleOf("agent1"), consoleOf("agent2")]);
    expect(await one.locator('[data-testid="softphone-mic"]').innerText()).toContain("Microphone OK");
    expect(await one.locator('[data-testid="softphone-status"]').innerText()).toContain("Ready");
    // A network drop (the WebSocket closes under it): agent2's softphone reconnects, registers again and says so.
    await two.context().setOffline(true);
    await two.evaluate(() => (window as unknown as { ccSoftphone: { ua: { transport: { _ws?: WebSocket } } } }).ccSoftphone.ua.transport._ws?.close());
    await two.waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-state") !== "registered", undefined, { timeout: 5000 });
    await two.context().setOffline(false);
    await two
      .waitForFunction(() => /Registered again at/.test(document.querySelector('[data-testid="softphone-mic"]')?.textContent ?? ""), undefined, { timeout: 15_000 })
      .catch(async (e) => {
        throw new Error(`${String(e)}\n${await why(two)}`);
      });
    expect(await two.locator('[data-testid="softphone-status"]').innerText()).toContain("Ready");
    // Registering again starts afresh: no stale Authorization that the appliance would log as a replayed nonce.
    expect(app.logs()).not.toContain("why=replay");

    await one.click('[data-testid="pick-ready"]');
    await state(one, "ready");

    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const csv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const sipp: SippProcess = startSipp({
      scenario: callerUntilHungUp(work, peer.port), target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1,
      localPort: carrierPort, timeoutMs: 90_000,
    });
    stops.push(() => sipp.stop());

    // Rings in agent1's browser: the console's Answer.
    await answer(one, CALLER);
    const establishedAt = Date.now();
    const untilTalk = await heardFor(peer, establishedAt, 3000);
    const stats = await inbound(one);
    expect(stats.packets, `browser inbound-rtp: ${JSON.stringify(stats)}`).toBeGreaterThan(50);
    expect(stats.codec).toMatch(/audio\/PCM[UA]/);
    const talk = describeAudio(peer.audio(establishedAt + 1000, untilTalk), [CALLER_TONE, AGENT_TONE]);
    expect(talk.shares[AGENT_TONE]!, `the caller MUST hear the agent's microphone: ${JSON.stringify(talk)}\n${await why(one)}`).toBeGreaterThan(0.5);

    // The console's Hold (B2BUA: music to the caller, a=sendonly to the browser), then Resume.
    expect((await control(one, "hold")).status()).toBe(200);
    const heldAt = Date.now();
    const heldUntil = await heardFor(peer, heldAt, 2500);
    const onHold = describeAudio(peer.audio(heldAt + 500, heldUntil), [CALLER_TONE, AGENT_TONE]);
    expect(onHold.rms, `while held the caller MUST hear hold music: ${JSON.stringify(onHold)}`).toBeGreaterThan(0.005);
    expect(onHold.shares[AGENT_TONE]!, `while held the caller MUST NOT hear the agent: ${JSON.stringify(onHold)}`).toBeLessThan(0.2);
    expect((await control(one, "resume")).status()).toBe(200);
    const resumedAt = Date.now();
    const resumedUntil = await heardFor(peer, resumedAt, 2500);
    const after = describeAudio(peer.audio(resumedAt + 800, resumedUntil), [CALLER_TONE, AGENT_TONE]);
    expect(after.shares[AGENT_TONE]!, `after Resume the caller MUST hear the agent again: ${JSON.stringify(after)}\n${await why(one)}`).toBeGreaterThan(0.5);

    // The browser's own hold (sip.js re-INVITE a=sendonly, answered by the appliance without werift renegotiating) and back (T8).
    const browserHold = (op: "hold" | "unhold") => one.evaluate((o) => (window as unknown as { ccSoftphone: Record<string, () => Promise<void>> }).ccSoftphone[o]!(), op);
    const heldEvents: boolean[] = [];
    await one.exposeFunction("ccHeld", (held: boolean) => heldEvents.push(held));
    await one.evaluate(() => (window as unknown as { ccSoftphone: { on(t: string, f: (d: { held: boolean }) => void): void } }).ccSoftphone.on("held", (d) => (window as unknown as { ccHeld(h: boolean): void }).ccHeld(d.held)));
    await browserHold("hold");
    const browserHeldAt = Date.now();
    const browserHeldUntil = await heardFor(peer, browserHeldAt, 1500);
    await browserHold("unhold");
    const browserResumedAt = Date.now();
    const browserResumedUntil = await heardFor(peer, browserResumedAt, 2000);
    expect(heldEvents).toEqual([true, false]);
    const browserHeld = describeAudio(peer.audio(browserHeldAt + 300, browserHeldUntil), [CALLER_TONE, AGENT_TONE]);
    expect(browserHeld.shares[AGENT_TONE]!, `while the browser holds the caller MUST NOT hear it: ${JSON.stringify(browserHeld)}`).toBeLessThan(0.2);
    const browserAfter = describeAudio(peer.audio(browserResumedAt + 500, browserResumedUntil), [CALLER_TONE, AGENT_TONE]);
    expect(browserAfter.shares[AGENT_TONE]!, `after the browser's unhold the caller MUST hear it again: ${JSON.stringify(browserAfter)}`).toBeGreaterThan(0.5);

    // The console's Mute stops the browser's microphone (ccSoftphone.setMuted); pressed again, the caller hears it.
    await one.click("#call-controls [data-mute]");
    const mutedAt = Date.now();
    const mutedUntil = await heardFor(peer, mutedAt, 1500);
    await one.click("#call-controls [data-mute]");
    const unmutedAt = Date.now();
    const unmutedUntil = await heardFor(peer, unmutedAt, 1500);
    const muted = describeAudio(peer.audio(mutedAt + 300, mutedUntil), [CALLER_TONE, AGENT_TONE]);
    expect(muted.shares[AGENT_TONE]!, `muted, the caller MUST NOT hear the agent: ${JSON.stringify(muted)}`).toBeLessThan(0.2);
    const unmuted = describeAudio(peer.audio(unmutedAt + 400, unmutedUntil), [CALLER_TONE, AGENT_TONE]);
    expect(unmuted.shares[AGENT_TONE]!, `unmuted, the caller MUST hear the agent: ${JSON.stringify(unmuted)}`).toBeGreaterThan(0.5);

    // agent2 goes ready; agent1's panel offers them; blind transfer from the console.
    await two.click('[data-testid="pick-ready"]');
    await state(two, "ready");
    await one.locator('#call-controls select[name="loginId"] option[value="agent2"]').waitFor({ state: "attached", timeout: 10_000 });
    await one.selectOption('#call-controls select[name="loginId"]', "agent2");
    await one.selectOption('#call-controls select[name="mode"]', "blind");
    expect((await control(one, "transfer")).status()).toBe(200);
    // (The incoming panel does not name the caller of a transferred call yet: console-data.ts finds ringing calls by queue offers.)
    await answer(two);
    const transferredAt = Date.now();
    const untilTwo = await heardFor(peer, transferredAt, 2500);
    expect((await inbound(two)).packets, "agent2's browser receives the caller").toBeGreaterThan(30);
    const withTwo = describeAudio(peer.audio(transferredAt + 800, untilTwo), [CALLER_TONE, AGENT_TONE]);
    expect(withTwo.shares[AGENT_TONE]!, `the caller MUST hear agent2: ${JSON.stringify(withTwo)}\n${await why(two)}`).toBeGreaterThan(0.5);

    // agent2 hangs up from the console; the caller gets the appliance's BYE.
    expect((await control(two, "hangup")).status()).toBe(200);
    const r = await sipp.done;
    expect(r.successful, `${describeSipp(r)}\n${await why(two)}`).toBe(1);
    const call = await endedCallFrom(app, CALLER, 15_000);

    // agent1's wrap-up: the form comes up by itself; notes saved; then history and the admin's consultation history.
    await one.locator(`#wrap-up[data-call="${call.callId}"]`).waitFor({ timeout: 15_000 });
    await one.locator('[data-testid="notes"]').fill(NOTES);
    await one.click('[data-testid="save-ready"]');
    await one.locator('[data-testid="wrap-saved"]').waitFor();
    await one.click('.tabs a[data-area="history"]');
    await one.locator('[data-testid="history"]').waitFor();
    expect(await one.locator('[data-testid="row-notes"]').first().innerText()).toContain("Asked about a late parcel.");
    const admin = await (await pages.get(`/admin/services/demo/history/consultations?number=${CALLER}&lang=en`)).text();
    expect(admin).toContain("Asked about a late parcel.");

    // The recording (M5): left the caller (440 Hz), right the agents' browsers (1 kHz).
    const wav = await waitFor(
      async () => {
        const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/recording`, { headers: { Accept: "audio/wav" } });
        return res.ok && (res.headers.get("content-type") ?? "").includes("audio/wav") ? new Uint8Array(await res.arrayBuffer()) : undefined;
      },
      { timeoutMs: 10_000, what: "the call's recording as audio/wav" },
    );
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, "recording.wav"), wav);
    const pcm = readPcmWav(wav)!;
    expect(pcm.channels).toBe(2);
    const channel = (c: number) => Float64Array.from({ length: pcm.samples.length / 2 }, (_, i) => pcm.samples[i * 2 + c]! / 32768);
    const caller = windowedShares(channel(0), [CALLER_TONE, AGENT_TONE]);
    const agent = windowedShares(channel(1), [CALLER_TONE, AGENT_TONE]);
    expect(caller[CALLER_TONE]!, `caller channel: ${JSON.stringify(caller)}`).toBeGreaterThan(0.5);
    expect(agent[AGENT_TONE]!, `agent channel: ${JSON.stringify(agent)}`).toBeGreaterThan(0.5);
    expect(agent[CALLER_TONE]!, `agent channel: ${JSON.stringify(agent)}`).toBeLessThan(0.1);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("A5, M1: without a microphone the console MUST say so, not register, and offer desk-phone mode", async () => {
    // A browser with no capture device at all (no fake microphone): getUserMedia finds none.
    const bare = await launchChromium({ autoplay: true, muteAudio: true, extraArgs: ["--allow-loopback-in-peer-connection"] }); // no fake microphone
    stops.push(() => bare.close());
    const page = await signedIn("agent3", bare);
    await page.waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-state") === "no-microphone", undefined, { timeout: 10_000 });
    expect(await page.locator('[data-testid="softphone-status"]').innerText()).toContain("No microphone found: this browser cannot take calls.");
    expect(await page.evaluate(() => (window as unknown as { ccSoftphone: { registered: boolean; connection: string } }).ccSoftphone.connection)).toBe("offline");
    // The way out: desk-phone mode in the settings; the console then says calls ring the desk phone.
    await page.click('[data-testid="softphone-to-desk"]');
    await page.waitForURL(/\/agent\/more/);
    await page.check('[data-testid="mode-desk"]');
    await page.click('#settings button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("#softphone")?.getAttribute("data-mode") === "desk", undefined, { timeout: 10_000 });
    const ext = app.credentials.agents.find((a) => a.loginId === "agent3")!.extension;
    expect(await page.locator('[data-testid="softphone-status"]').innerText()).toBe(`Calls ring your desk phone (extension ${ext}).`);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
