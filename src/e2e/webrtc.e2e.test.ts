/**
 * The browser softphone's media path end to end (issue 8 softphone mode, M1, M4, M5, T2): Chromium (fake
 * microphone playing a 1 kHz tone) loads the bundle from the appliance, registers agent1's extension over
 * ws://…/ws and answers by itself; a SIPp carrier calls the demo service with its media going to the test
 * (rtp-peer.ts, a 440 Hz caller), presses 1 and waits in the queue; agent1 is ready, so the appliance rings the
 * browser with WebRTC (werift, DTLS-SRTP) and bridges it to the caller's plain RTP, recording both.
 * Audio must flow both ways: the caller hears 1 kHz, the browser's getStats() counts inbound packets, and the
 * appliance's stereo recording holds 440 Hz on the caller's channel and 1 kHz on the agent's. The browser also
 * holds and resumes by re-INVITE (sip.js), answered by the appliance without werift renegotiating.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { readPcmWav } from "../media/index.ts";
import { toneShares } from "./baresip-runner.ts";
import { addCarrierPeer, allAway, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeAudio, startRtpPeer, type RtpPeer } from "./rtp-peer.ts";
import { describeSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "sox") && Bun.which("chromium") !== null;
const SERVICE_NUMBER = "15880000";
const CALLER = "01033330001";
const CALLER_TONE = 440;
const AGENT_TONE = 1000;
const TEST_PAGE = readFileSync(join(REPO_ROOT, "src/web/agent-softphone/testing/softphone-test.html"), "utf8");
/** The other Playwright tests' flags, plus a fake microphone playing `wav` and loopback ICE candidates. */
const chromiumArgs = (wav: string) => [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
  "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${wav}`,
  "--allow-loopback-in-peer-connection",
];

type SoftphoneEvent = { type: string; detail: Record<string, unknown> };

// Timing-sensitive under load (failed once in a full run while other work loaded the machine): run with CC_E2E_WEBRTC=1 until that is fixed (issue 8).
describe.skipIf(!HAVE_PEERS || !process.env.CC_E2E_WEBRTC)("the browser softphone's media path in Chromium against the appliance (issue 8, M1, M4, M5)", () => {
  let work: string;
  let app: Appliance;
  let browser: Browser;
  let carrierPort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-webrtc-e2e-");
    const wav = join(work, `tone-${AGENT_TONE}.wav`);
    const sox = Bun.spawnSync(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav, "synth", "120", "sine", String(AGENT_TONE), "vol", "0.5"]);
    if (sox.exitCode !== 0) throw new Error(`sox: ${sox.stderr.toString()}`);
    // CC_E2E_EXECUTABLE=<path of a `bun build --compile` output>: the same test against the compiled executable,
    // started from an empty directory (werift and the embedded bundle inside it).
    const exe = process.env.CC_E2E_EXECUTABLE;
    app = await startAppliance({
      env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" },
      ...(exe ? { command: [exe], cwd: work } : {}),
    });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await tuneFlow(app, { ringTimeoutSeconds: 15, wrapUpSeconds: 0 });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs(wav) });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await browser?.close();
    await app?.stop();
    if (work) cleanupDir(work);
  }, 30_000);

  const events = (page: Page) => page.evaluate(() => (window as unknown as { softphoneEvents: SoftphoneEvent[] }).softphoneEvents);
  const why = async (page: Page) => `browser events: ${JSON.stringify(await events(page).catch(() => "?"))}\n--- appliance ---\n${app.logs().slice(-4000)}`;

  /** The test page (its script the appliance's bundle), registered as `loginId` over the appliance's /ws. */
  async function softphonePage(loginId: string): Promise<Page> {
    const agent = app.credentials.agents.find((a) => a.loginId === loginId)!;
    // The page's own loopback server hands out the appliance's bundle as it serves it (same origin for the page).
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) =>
        new URL(req.url).pathname === "/agent/softphone.js"
          ? fetch(`${app.baseUrl}/agent/softphone.js`)
          : new Response(TEST_PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }),
    });
    stops.push(() => server.stop(true));
    const page = await browser.newPage();
    stops.push(() => page.close());
    const query = new URLSearchParams({ user: agent.extension, password: agent.sipPassword, server: `ws://127.0.0.1:${app.httpPort}/ws` });
    await page.goto(`http://127.0.0.1:${server.port}/softphone-test.html?${query}`);
    const started = await page.evaluate(() => (window as unknown as { softphoneStarted: Promise<string> }).softphoneStarted);
    expect(started, await why(page)).toBe("started");
    await page.waitForFunction(() => (window as unknown as { ccSoftphone: { registered: boolean } }).ccSoftphone.registered, undefined, { timeout: 10_000 });
    return page;
  }

  /** The carrier calls the service as CALLER with its media at `peer`; presses 1 after the greeting; lasts `holdMs` after. */
  function carrierCall(peer: RtpPeer, holdMs: number): SippProcess {
    const scenario = materializeScenario("carrier-media-call.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "caller.csv"), [[CALLER]]);
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: holdMs, timeoutMs: holdMs + 40_000 });
    stops.push(() => p.stop());
    return p;
  }

  it("M1/M4/M5/T8: a carrier call MUST ring in the browser, which answers; audio flows both ways, survives a hold from the browser, and the stereo recording holds both parties", async () => {
    const page = await softphonePage("agent1");
    const mic = (await events(page)).find((e) => e.type === "microphone");
    expect(mic?.detail.ok, `the fake microphone: ${JSON.stringify(mic)}`).toBe(true);
    await allAway(app);
    await setAgentState(app, "agent1", "ready");

    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const sipp = carrierCall(peer, 22_000);
    await page
      .waitForFunction(() => (window as unknown as { softphoneEvents: SoftphoneEvent[] }).softphoneEvents.some((e) => e.type === "established"), undefined, { timeout: 40_000 })
      .catch(async (e) => {
        throw new Error(`${String(e)}\n${await why(page)}`);
      });
    const establishedAt = Date.now();
    const incoming = (await events(page)).find((e) => e.type === "incoming");
    expect(incoming?.detail.caller, JSON.stringify(incoming)).toBe(CALLER);

    // The browser receives the caller's audio (RTCPeerConnection statistics, inbound-rtp).
    await sleep(4000);
    const inbound = await page.evaluate(async () => {
      const report = await (window as unknown as { ccSoftphone: { getStats(): Promise<RTCStatsReport | undefined> } }).ccSoftphone.getStats();
      let packets = 0;
      let codec = "";
      report?.forEach((s) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") packets += s.packetsReceived ?? 0;
        if (s.type === "codec" && String(s.mimeType).startsWith("audio/")) codec ||= s.mimeType;
      });
      return { packets, codec };
    });
    expect(inbound.packets, `browser inbound-rtp: ${JSON.stringify(inbound)}`).toBeGreaterThan(100);
    expect(inbound.codec).toMatch(/audio\/PCM[UA]/);

    // The caller hears the browser's microphone (1 kHz) through the appliance's bridge.
    const heard = describeAudio(peer.audio(establishedAt + 1000, Date.now()), [CALLER_TONE, AGENT_TONE]);
    expect(heard.rms, `caller heard: ${JSON.stringify(heard)}`).toBeGreaterThan(0.005);
    expect(heard.shares[AGENT_TONE]!, `caller heard: ${JSON.stringify(heard)}`).toBeGreaterThan(0.5);

    // Hold from the browser (sip.js re-INVITE a=sendonly, answered from the first exchange) and back (T8, C10).
    const softphone = (op: "hold" | "unhold") => page.evaluate((o) => (window as unknown as { ccSoftphone: Record<string, () => Promise<void>> }).ccSoftphone[o]!(), op);
    await softphone("hold");
    const heldAt = Date.now();
    await sleep(1500);
    await softphone("unhold");
    const resumedAt = Date.now();
    await sleep(2000);
    const held = (await events(page)).filter((e) => e.type === "held").map((e) => e.detail.held);
    expect(held, await why(page)).toEqual([true, false]);
    const onHold = describeAudio(peer.audio(heldAt + 300, resumedAt), [CALLER_TONE, AGENT_TONE]);
    expect(onHold.shares[AGENT_TONE]!, `while the browser holds the caller must not hear it: ${JSON.stringify(onHold)}`).toBeLessThan(0.2);
    const after = describeAudio(peer.audio(resumedAt + 500, Date.now()), [CALLER_TONE, AGENT_TONE]);
    expect(after.shares[AGENT_TONE]!, `after unhold the caller hears the browser again: ${JSON.stringify(after)}`).toBeGreaterThan(0.5);

    const r = await sipp.done;
    expect(r.successful, `${describeSipp(r)}\n${await why(page)}`).toBe(1);
    await page.waitForFunction(() => (window as unknown as { softphoneEvents: SoftphoneEvent[] }).softphoneEvents.some((e) => e.type === "ended"), undefined, { timeout: 10_000 });

    // The appliance's recording (M5): left = the caller (440 Hz), right = the agent in the browser (1 kHz).
    const calls = await app.apiJson<{ callId: string; from: string; agent?: string; recording?: boolean }[] | { calls: { callId: string; from: string }[] }>("/api/v1/services/demo/calls");
    const list = Array.isArray(calls) ? calls : calls.calls;
    const call = list.filter((c) => String(c.from).includes(CALLER)).at(-1)!;
    const wav = await waitFor(
      async () => {
        const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/recording`, { headers: { Accept: "audio/wav" } });
        return res.ok && (res.headers.get("content-type") ?? "").includes("audio/wav") ? new Uint8Array(await res.arrayBuffer()) : undefined;
      },
      { timeoutMs: 10_000, what: "the call's recording as audio/wav" },
    );
    const pcm = readPcmWav(wav)!;
    expect(pcm.channels).toBe(2);
    const channel = (c: number) => Float64Array.from({ length: pcm.samples.length / 2 }, (_, i) => pcm.samples[i * 2 + c]! / 32768);
    const caller = toneShares(channel(0), 8000, [CALLER_TONE, AGENT_TONE]);
    const agent = toneShares(channel(1), 8000, [CALLER_TONE, AGENT_TONE]);
    expect(caller[CALLER_TONE]!, `caller channel: ${JSON.stringify(caller)}`).toBeGreaterThan(0.5);
    expect(agent[AGENT_TONE]!, `agent channel: ${JSON.stringify(agent)}`).toBeGreaterThan(0.5);
    expect(agent[CALLER_TONE]!, `agent channel: ${JSON.stringify(agent)}`).toBeLessThan(0.1);
  }, 120_000);
});
