/**
 * The agent console in desk-phone mode (issue 8 points 3, 5, 6, 7) in Chromium against the appliance:
 * agent1's desk phone is baresip (auto-answers, talks a 440 Hz tone); the agent picks desk-phone mode in
 * /agent/more and ready in the console; a SIPp carrier call (its media is the test's RTP peer, 1000 Hz)
 * rings the desk phone, the console shows it live and then the wrap-up form; the notes go to history,
 * the admin's consultation history and its export. Then the dialpad in the page: an international number
 * refused on the page, a national one out through the SIPp carrier trunk with the service's caller ID,
 * hung up from the console, offered again as redial; a callback request called back from the callbacks
 * list and transferred blind from the console to agent2's desk phone. Last, the console at 390 × 844 (no sideways scroll, tabs on screen) and the service worker
 * caching none of the stream, call controls, API or pages.
 * One appliance; every wait is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import readXlsxFile from "read-excel-file/node";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import { readWav, startBaresip, type Baresip } from "./baresip-runner.ts";
import { addCarrierPeer, allAway, listCalls, materializeScenario, setAgentState, tuneFlow, type CallJson } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { signInToPages } from "./page-session.ts";
import { describeAudio, startRtpPeer } from "./rtp-peer.ts";
import { describeSipp, startSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox") && Bun.which("chromium") !== null;
const SHOTS = join(REPO_ROOT, "test-output/agent-desk-phone");
const SERVICE_NUMBER = "15880000";
const CALLER = "01077770031";
const AGENT_TONE = 440;
const CALLER_TONE = 1000;
/** The notes of the hold melody (media/player/tones.ts). */
const MELODY = [523.25, 659.25, 783.99, 880, 587.33, 392];
const PHONE = { width: 390, height: 844 };

describe.skipIf(!HAVE_PEERS)("the agent console with a desk phone, the dialpad and the phone layout (A3, A4, A6, A8, A10, C9, C10, H2, PWA)", () => {
  let app: Appliance;
  let browser: Browser;
  let work: string;
  let carrierPort: number;
  let deskPhone: Baresip;
  let pages: Awaited<ReturnType<typeof signInToPages>>;
  /** agent1's console, in desk-phone mode (shared by the first two tests). */
  let page: Page;
  const stops: (() => Promise<unknown> | void)[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    work = tempDir("cc-agent-desk-");
    mkdirSync(SHOTS, { recursive: true });
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000" } });
    browser = await launchChromium({ muteAudio: true, autoplay: true });
    pages = await signInToPages(app);
    expect((await pages.post("/admin/services/demo/work", { stateAfterLogin: "away", stateAfterCall: "wrap-up", screenPopUrl: "" })).status).toBeLessThan(400);
    expect((await pages.post("/admin/services/demo/types", { name: "Delivery" })).status).toBeLessThan(400);
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await tuneFlow(app, { ringTimeoutSeconds: 10 });
    await allAway(app);
    const wav = join(work, "agent-tone.wav");
    const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "120", "sine", String(AGENT_TONE), "vol", "0.5"]);
    expect(sox.exitCode, sox.stderr.toString()).toBe(0);
    const agent1 = app.credentials.agents.find((a) => a.loginId === "agent1")!;
    deskPhone = await startBaresip({
      dir: join(work, "baresip-1001"), user: agent1.extension, password: agent1.sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: wav, autoAnswer: true,
    });
    stops.push(() => deskPhone.stop());
    await deskPhone.waitRegistered(10_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of stops.reverse()) await s();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  const password = (loginId: string) => (app.credentials.agents.find((a) => a.loginId === loginId) as unknown as { password: string }).password;
  const stateOf = (p: Page) => p.locator("#state-panel").getAttribute("data-state");
  const waitState = (p: Page, state: string, timeout = 10_000) =>
    p.waitForFunction((s) => document.querySelector("#state-panel")?.getAttribute("data-state") === s, state, { timeout });

  /** A new browser context (its own cookies), signed in to the console as `loginId`. */
  async function signedIn(loginId: string, viewport = { width: 1280, height: 860 }, remember = false): Promise<Page> {
    const ctx = await browser.newContext({ viewport });
    stops.push(() => ctx.close().catch(() => {}));
    const p = await ctx.newPage();
    p.setDefaultTimeout(10_000);
    p.on("pageerror", (e) => pageErrors.push(String(e)));
    await p.goto(`${app.baseUrl}/agent/login?lang=en`);
    await p.fill('input[name="serviceId"]', "demo");
    await p.fill('input[name="loginId"]', loginId);
    await p.fill('input[name="password"]', password(loginId));
    if (remember) await p.check('input[name="remember"]');
    await p.click('[data-testid="sign-in"]');
    await p.waitForURL(`${app.baseUrl}/agent/`);
    return p;
  }

  /** agent1's call as the API shows it, once it is in `state` (bounded). */
  const callState = (state: string, timeoutMs = 5000) =>
    waitFor(async () => {
      const r = await app.api("/api/v1/services/demo/agents/agent1/call");
      return r.ok && ((await r.json()) as { state: string }).state === state ? true : undefined;
    }, { timeoutMs, intervalMs: 100, what: `agent1's call ${state}` });

  /** The last `seconds` before the end of what the desk phone received (sndfile *-dec.wav), as tone shares. */
  function deskPhoneHeard(seconds: number) {
    const file = deskPhone.recordings().received.at(-1);
    if (!file) throw new Error(`no baresip recording\n${deskPhone.logs().slice(-3000)}`);
    const { samples } = readWav(file);
    const end = Math.max(0, samples.length - 2400);
    return describeAudio(samples.slice(Math.max(0, end - seconds * 8000), end), [AGENT_TONE, CALLER_TONE]);
  }

  it("A3, A5, A6, A8, H2 (desk-phone mode): a call offered from the console's ready state MUST ring the desk phone, show live in the console with the caller's number, hold and resume from the console, then its wrap-up; the notes MUST reach history (with the recording playing), the consultation history and its export", async () => {
    page = await signedIn("agent1");
    // Desk-phone mode, set in the console's settings: the page reloads without the browser softphone.
    await page.goto(`${app.baseUrl}/agent/more?lang=en`);
    await page.check('[data-testid="mode-desk"]');
    await page.click('#settings button[type="submit"]');
    // The reloaded page, rendered in desk mode: the softphone page's microphone message names the desk phone too.
    await page.waitForFunction(
      () => document.querySelector("#softphone")?.getAttribute("data-mode") === "desk" && /desk phone/.test(document.querySelector('[data-testid="softphone-status"]')?.textContent ?? ""),
      undefined, { timeout: 10_000 },
    );
    expect(await page.locator('script[src="/agent/softphone.js"]').count()).toBe(0);
    await page.click('.tabs a[data-area="home"]');
    await page.click('[data-testid="pick-ready"]');
    await waitState(page, "ready");

    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const scenario = materializeScenario("carrier-media-call.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const sipp = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 9000, timeoutMs: 45_000 });
    stops.push(() => sipp.stop());

    // The console learns of the call over its stream: the in-call panel with the caller's number.
    await page.locator('[data-testid="in-call"] [data-testid="caller"]').waitFor({ timeout: 25_000 });
    expect(await page.locator('[data-testid="in-call"] [data-testid="caller"]').innerText()).toBe(CALLER);
    expect(await stateOf(page)).toBe("on-call");
    expect(deskPhone.events.some((e) => e.type === "CALL_ESTABLISHED")).toBe(true);
    await sleep(2000);
    const callerHeard = describeAudio(peer.audio(Date.now() - 1500, Date.now()), [AGENT_TONE, CALLER_TONE]);
    expect(callerHeard.shares[AGENT_TONE]!, `the caller hears the desk phone: ${JSON.stringify(callerHeard)}`).toBeGreaterThan(0.5);
    await page.screenshot({ path: join(SHOTS, "in-call-en.png"), fullPage: true });

    // The console drives the desk phone's call through the B2BUA: hold (the caller hears music), resume.
    await page.click('[data-testid="call-hold"]');
    await callState("held");
    const heldAt = Date.now();
    await sleep(1500);
    // Each 250 ms (about one note of the melody): energy, the melody's notes, not the agent's tone.
    for (let t = heldAt + 200; t + 250 <= heldAt + 1500; t += 250) {
      const onHold = describeAudio(peer.audio(t, t + 250), [AGENT_TONE, ...MELODY]);
      expect(onHold.rms, `the caller hears something on hold at +${t - heldAt} ms: ${JSON.stringify(onHold)}`).toBeGreaterThan(0.005);
      expect(onHold.shares[AGENT_TONE]!, `not the agent on hold: ${JSON.stringify(onHold)}`).toBeLessThan(0.2);
      expect(MELODY.reduce((n, f) => n + (onHold.shares[f] ?? 0), 0), `the hold melody at +${t - heldAt} ms: ${JSON.stringify(onHold)}`).toBeGreaterThan(0.3);
    }
    await page.click('[data-testid="call-resume"]');
    await callState("talking");
    const resumedAt = Date.now();
    await sleep(1200);
    const back = describeAudio(peer.audio(resumedAt + 300, Date.now()), [AGENT_TONE, CALLER_TONE]);
    expect(back.shares[AGENT_TONE]!, `the caller hears the desk phone again: ${JSON.stringify(back)}`).toBeGreaterThan(0.5);

    const r = await sipp.done;
    expect(r.successful, `${describeSipp(r)}\n--- appliance ---\n${app.logs().slice(-3000)}`).toBe(1);
    await deskPhone.waitEvent("CALL_CLOSED", 5000);
    await sleep(300);
    const phoneHeard = deskPhoneHeard(2);
    expect(phoneHeard.shares[CALLER_TONE]!, `the desk phone hears the caller: ${JSON.stringify(phoneHeard)}`).toBeGreaterThan(0.5);
    const call: CallJson = (await waitFor(async () => (await listCalls(app)).find((c) => String(c.from).includes(CALLER) && c.endedAt), {
      timeoutMs: 10_000, intervalMs: 250, what: "the ended call",
    }))!;
    expect(call).toMatchObject({ result: "answered", agent: "agent1" });

    // After the hang-up: the wrap-up form of this call, by itself; type and notes saved with "ready".
    await page.locator(`#wrap-up[data-call="${call.callId}"]`).waitFor({ timeout: 10_000 });
    expect(await stateOf(page)).toBe("wrap-up");
    expect(await page.locator('[data-testid="in-call"]').count()).toBe(0);
    await page.selectOption('#wrap-up select[name="typeId"]', { label: "Delivery" });
    const notes = "Desk phone call.\nAddress changed.";
    await page.fill('[data-testid="notes"]', notes);
    await page.click('[data-testid="save-ready"]');
    await page.locator('[data-testid="wrap-saved"]').waitFor();
    await waitState(page, "ready");

    // The console's history, then the call's notes edited with too many characters: refused, kept, nothing lost.
    await page.click('.tabs a[data-area="history"]');
    await page.locator('[data-testid="history"]').waitFor();
    expect(await page.locator('[data-testid="row-notes"]').first().innerText()).toContain("Desk phone call.");
    await page.click(`a[href="/agent/history/${call.callId}"]`);
    await page.locator('[data-testid="detail-notes"]').waitFor();
    const tooLong = `${"나".repeat(1020)}12345`;
    await page.fill('[data-testid="notes"]', tooLong);
    await page.click('[data-testid="save-notes"]');
    await page.locator('[data-testid="notes-error"]').waitFor();
    expect(await page.locator('[data-testid="notes-error"]').innerText()).toBe("Too long.");
    expect(await page.locator('[data-testid="notes"]').inputValue()).toBe(tooLong);
    await page.reload();
    expect(await page.locator('[data-testid="detail-notes"]').innerText()).toBe(notes);

    // A8: the call's recording plays in the page (each press reported once); it holds the caller on one
    // channel and the desk phone on the other.
    const player = page.locator("audio[data-played]");
    const src = (await player.getAttribute("src"))!;
    expect(src).toBe(`/agent/history/${call.callId}/recording`);
    await player.evaluate((a: HTMLAudioElement) => a.play());
    await page.waitForFunction(() => document.querySelector<HTMLAudioElement>("audio[data-played]")?.dataset.playAudit === "ok", undefined, { timeout: 5000 });
    const wav = await page.context().request.get(`${app.baseUrl}${src}`);
    expect(wav.headers()["content-type"]).toBe("audio/wav");
    const stereo = join(work, "desk-call.wav");
    await Bun.write(stereo, await wav.body());
    for (const [channel, tone] of [[1, CALLER_TONE], [2, AGENT_TONE]] as const) {
      const mono = join(work, `desk-call-${channel}.wav`);
      expect(Bun.spawnSync(["sox", stereo, mono, "remix", String(channel)]).exitCode).toBe(0);
      const { samples } = readWav(mono);
      const heard = describeAudio(samples.slice(8000, samples.length - 8000), [AGENT_TONE, CALLER_TONE]);
      expect(heard.shares[tone]!, `recording channel ${channel}: ${JSON.stringify(heard)}`).toBeGreaterThan(0.5);
    }

    // The admin's consultation history (H2) and its export.
    const admin = await (await pages.get(`/admin/services/demo/history/consultations?number=${CALLER}&lang=en`)).text();
    expect(admin).toContain("Desk phone call.");
    expect(admin).toContain("Delivery");
    const xlsx = await pages.get(`/admin/services/demo/history/consultations/export.xlsx?ids=${call.callId}&lang=en`);
    expect(xlsx.status).toBe(200);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    const notesColumn = sheet!.data[0]!.indexOf("Notes");
    expect(notesColumn).toBeGreaterThanOrEqual(0);
    expect(sheet!.data[1]![notesColumn]).toBe(notes);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("A4, C9, A10: the dialpad in the page MUST refuse an international number with the message shown, and place a national call out through the carrier trunk with the service's caller ID; redial MUST offer the number just dialled, and a callback's click-to-dial MUST call out, transfer blind to a ready agent from the console and mark it processed", async () => {
    expect(page, "the first test signs agent1 in").toBeDefined();
    await page.goto(`${app.baseUrl}/agent/?lang=en`);
    const result = page.locator('[data-testid="pad-result"]');
    const before = (await listCalls(app)).length;
    await page.fill('[data-testid="pad-number"]', "+1 415 555 0100");
    await page.click('[data-testid="pad-dial"]');
    await page.waitForFunction(() => (document.querySelector('[data-testid="pad-result"]')?.textContent ?? "") !== "", undefined, { timeout: 5000 });
    expect(await result.innerText()).toBe("International numbers cannot be dialled.");
    expect(await result.getAttribute("class")).toContain("error");
    expect(await stateOf(page)).toBe("ready");
    expect((await listCalls(app)).length).toBe(before);

    // The number typed with the pad's keys this time.
    await page.fill('[data-testid="pad-number"]', "");
    for (const k of "0212345678") await page.click(`[data-testid="pad-key-${k}"]`);
    expect(await page.locator('[data-testid="pad-number"]').inputValue()).toBe("0212345678");
    const service = await app.apiJson<{ number: string; callerId?: string }>("/api/v1/services/demo");
    const callerId = service.callerId || service.number;
    const messages = join(work, "carrier-uas-messages.log");
    const uas = startSipp({
      scenario: "uas-answer.xml", target: `127.0.0.1:${app.sipPort}`, localPort: carrierPort, calls: 1, timeoutMs: 40_000,
      // -aa: the appliance's OPTIONS probe of the trunk (every 30 s) is answered, not taken for a broken call.
      args: ["-aa", "-mp", String(await freePort()), "-trace_msg", "-message_file", messages],
    });
    stops.push(() => uas.stop());
    await uas.ready;
    const closedBefore = deskPhone.events.filter((e) => e.type === "CALL_CLOSED").length;
    await page.click('[data-testid="pad-dial"]');
    await page.waitForFunction(() => /Calling 0212345678/.test(document.querySelector('[data-testid="pad-result"]')?.textContent ?? ""), undefined, { timeout: 5000 });
    // The desk phone answers first, then the carrier: the console shows the customer's number.
    await page.waitForFunction(() => document.querySelector('[data-testid="in-call"] [data-testid="caller"]')?.textContent === "0212345678", undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, "outbound-en.png"), fullPage: true });
    await sleep(800);
    await page.click('[data-testid="call-hangup"]');
    await page.waitForFunction(() => document.querySelector("#call-status")?.textContent === "Call ended." || !document.querySelector('[data-testid="in-call"]'), undefined, { timeout: 5000 });
    const r = await uas.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    const invite = readFileSync(messages, "utf8");
    expect(invite).toMatch(/^INVITE sip:0212345678@/m);
    expect(invite, "the carrier's INVITE: From").toMatch(new RegExp(`^From:.*<sip:${callerId}@`, "m"));
    expect(invite, "the carrier's INVITE: P-Asserted-Identity").toMatch(new RegExp(`^P-Asserted-Identity:.*sip:${callerId}@`, "mi"));
    await waitFor(() => deskPhone.events.filter((e) => e.type === "CALL_CLOSED").length > closedBefore, { timeoutMs: 5000, what: "the desk phone's leg ended" });
    const record = await waitFor(async () => (await listCalls(app)).find((c) => c.to === "0212345678" && c.endedAt), { timeoutMs: 10_000, what: "the outbound record" });
    expect(record).toMatchObject({ direction: "outbound", result: "answered", from: callerId, agent: "agent1", hangupBy: "agent" });

    // Redial offers the number just dialled.
    await page.goto(`${app.baseUrl}/agent/?lang=en`);
    expect(await page.locator('[data-testid="pad-redial"]').innerText()).toBe("Redial 0212345678");

    // A10: a callback request called back with one click in the callbacks list, then listed as processed;
    // C10: the console's blind transfer hands it to agent2's desk phone, which ends it.
    const agent2 = app.credentials.agents.find((a) => a.loginId === "agent2")!;
    const secondPhone = await startBaresip({
      dir: join(work, "baresip-1002"), user: agent2.extension, password: agent2.sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: join(work, "agent-tone.wav"), autoAnswer: true,
    });
    stops.push(() => secondPhone.stop());
    await secondPhone.waitRegistered(10_000);
    await setAgentState(app, "agent2", "ready");
    const asked = await app.api("/api/v1/services/demo/worklist/callback", { method: "POST", body: JSON.stringify({ number: "0311112222" }) });
    expect(asked.status, await asked.clone().text()).toBe(200);
    const callbackId = ((await asked.json()) as { callback: { id: number } }).callback.id;
    const again = startSipp({ scenario: "uas-answer.xml", target: `127.0.0.1:${app.sipPort}`, localPort: carrierPort, calls: 1, timeoutMs: 30_000, args: ["-aa", "-mp", String(await freePort())] });
    stops.push(() => again.stop());
    await page.click('.tabs a[data-area="callbacks"]');
    const row = page.locator('[data-testid="callbacks"] li', { hasText: "0311112222" });
    await row.locator('[data-testid="dial"]').click();
    await page.waitForFunction(() => /Calling 0311112222/.test(document.querySelector("#dial-result")?.textContent ?? ""), undefined, { timeout: 5000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="in-call"] [data-testid="caller"]')?.textContent === "0311112222", undefined, { timeout: 15_000 });
    await page.selectOption('#call-controls select[name="loginId"]', "agent2");
    await page.selectOption('#call-controls select[name="mode"]', "blind");
    await page.click('[data-testid="call-transfer"]');
    await secondPhone.waitEvent("CALL_ESTABLISHED", 10_000);
    await sleep(500);
    expect((await secondPhone.command("hangup")).ok).toBe(true);
    const back = await again.done;
    expect(back.successful, describeSipp(back)).toBe(1);
    const returned = await waitFor(async () => (await listCalls(app)).find((c) => c.to === "0311112222" && c.endedAt), { timeoutMs: 10_000, what: "the return call's record" });
    const legs = (await app.apiJson<{ legs: { role: string; agent: string | null; endCause: string | null; answeredAt: string | null }[] }>(
      `/api/v1/services/demo/calls/${encodeURIComponent(returned.callId)}`,
    )).legs.filter((l) => l.role === "agent" && l.answeredAt).map((l) => [l.agent, l.endCause]);
    expect(legs).toEqual([["agent1", "transferred"], ["agent2", "bye"]]);
    const done = await waitFor(async () => {
      const list = (await app.apiJson<{ id: number; state: string; agent?: string | null }[]>("/api/v1/services/demo/callbacks"));
      return list.find((c) => c.id === callbackId && c.state === "completed");
    }, { timeoutMs: 10_000, what: "the callback completed" });
    expect(done).toMatchObject({ state: "completed" });
    await page.goto(`${app.baseUrl}/agent/callbacks?tab=done&lang=en`);
    expect(await page.locator('[data-testid="callbacks"] li', { hasText: "0311112222" }).innerText()).toContain("agent1");
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("A7, A11, A1, PWA: at 390 × 844 every area MUST fit without sideways scrolling with the tabs on screen (notices counted unread, About with licences), the service worker MUST cache none of the stream, call controls, API answers or pages, and \"remember ID\" MUST fill the next sign-in", async () => {
    // A notice for the service: the "more" tab counts it unread until it was shown (A11).
    expect((await pages.post("/admin/services/demo/notices", { title: "Menu 2 opens Monday", body: "Returns move to menu 2." })).status).toBe(303);
    const phone = await signedIn("agent2", PHONE, true);
    expect(await phone.locator('.tabs a[data-area="more"] [data-testid="unread"]').innerText()).toBe("1");
    for (const lang of ["en", "ko"]) {
      await phone.goto(`${app.baseUrl}/agent/?lang=${lang}`);
      if (lang === "ko") expect(await phone.locator('[data-testid="unread"]').count(), "the notice was read in the first round").toBe(0);
      for (const area of ["home", "history", "stats", "callbacks", "more"]) {
        const tab = phone.locator(`.tabs a[data-area="${area}"]`);
        const box = (await tab.boundingBox())!;
        expect(box, `${area} tab`).not.toBeNull();
        expect(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5 && box.y >= 0 && box.y + box.height <= PHONE.height + 0.5, `${area} tab on screen: ${JSON.stringify(box)}`).toBe(true);
        await tab.click();
        // The area swapped in: its title is the tab's name.
        await phone.waitForFunction((a) => {
          const name = document.querySelector(`.tabs a[data-area="${a}"]`)?.firstChild?.textContent?.trim(); // not the unread badge
          return Boolean(name) && document.querySelector("#main .area-title")?.textContent?.trim() === name;
        }, area, { timeout: 8000 });
        const width = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        expect(width.scroll, `${lang} ${area}: page ${width.scroll} px wide in a ${width.view} px screen`).toBeLessThanOrEqual(width.view);
        if (area === "home") await phone.screenshot({ path: join(SHOTS, `home-390-${lang}.png`), fullPage: true });
        if (area === "more" && lang === "en") {
          expect(await phone.locator('[data-testid="notices"]').innerText()).toContain("Menu 2 opens Monday");
          const licences = await phone.locator('[data-testid="licences"]').innerText();
          for (const name of ["hono", "htmx.org", "sip.js", "LGPL-3.0"]) expect(licences, "About lists the bundled licences").toContain(name);
        }
      }
    }

    // The worker controls the page; the stream, a call control, the API and a page go past its cache.
    await phone.evaluate(() => navigator.serviceWorker.ready);
    await phone.reload();
    expect(await phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached: string[] = await phone.evaluate(async () => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const stream = new AbortController();
      const events = await fetch("/agent/events", { signal: stream.signal });
      stream.abort();
      await fetch("/agent/calls/hold", { method: "POST", headers: { "X-CSRF-Token": csrf } });
      await fetch("/api/v1/services/demo");
      await fetch("/agent/stats");
      await fetch("/agent/history");
      await new Promise((r) => setTimeout(r, 300));
      const out: string[] = [String(events.status)];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
      return out;
    });
    expect(cached[0], "the stream answered (from the network)").toBe("200");
    const paths = cached.slice(1);
    expect(paths).toContain("/agent/assets/console.js");
    expect(paths.filter((p) => /^\/agent\/(events|calls|stats|history|$)|^\/api\//.test(p))).toEqual([]);
    expect(paths.every((p) => /\.(js|css|png|webmanifest)$/.test(p)), paths.join(" ")).toBe(true);

    // Signed out, "remember ID" fills the service and agent ID in, never the password (A1).
    await phone.click('header form[action="/agent/logout"] button');
    await phone.waitForURL(/\/agent\/login/);
    expect(await phone.inputValue('input[name="serviceId"]')).toBe("demo");
    expect(await phone.inputValue('input[name="loginId"]')).toBe("agent2");
    expect(await phone.inputValue('input[name="password"]')).toBe("");
    expect(pageErrors).toEqual([]);
  }, 45_000);
});
