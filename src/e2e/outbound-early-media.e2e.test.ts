/**
 * Outbound calls done right (issue 15, C9, C11): the console dials for agent1 — its phone (SIPp, media to the
 * test's rtp-peer, so the test hears exactly what the agent hears) answers, then the appliance calls the far end
 * through a SIPp carrier that answers 183 with SDP and plays g711a.pcap as early media. The agent MUST hear that
 * early media (energy, not our ringback), then: on 200 the call connects; on 486 the busy tone, on 480 and 603 and
 * 503 the congestion tone — and the record MUST say busy, no-answer, rejected and unreachable respectively.
 * A desk phone dialling out MUST get the early media in a 183 and the far end's busy as 486, never a 200.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { addCarrierPeer, allAway, findPcapDir, listCalls, materializeScenario, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeAudio, startRtpPeer, type RtpPeer } from "./rtp-peer.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const PCAP_DIR = findPcapDir();
const HAVE_PEERS = haveBinaries("sipp") && PCAP_DIR !== undefined;
const SERVICE_NUMBER = "15880000";
/** Ringback (440 + 480 Hz) and the busy/congestion pair (480 + 620 Hz), media/player/tones.ts. */
const RINGBACK = [440, 480];
const BUSY = [480, 620];
const TONES = [440, 480, 620];

/** Median length (ms) of the tone bursts in `x` (20 ms frames louder than -40 dBFS): busy 500, congestion 300. */
function burstMs(x: Float64Array): number {
  const runs: number[] = [];
  let run = 0;
  for (let i = 0; i + 160 <= x.length; i += 160) {
    let e = 0;
    for (let j = i; j < i + 160; j++) e += x[j]! * x[j]!;
    const on = Math.sqrt(e / 160) > 0.01;
    if (on) run++;
    else if (run > 0) {
      runs.push(run * 20);
      run = 0;
    }
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] ?? 0;
}

describe.skipIf(!HAVE_PEERS)("outbound calls: early media and distinct failures (issue 15, C9)", () => {
  let app: Appliance;
  let work: string;
  let carrierPort: number;
  let phonePort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-outbound-early-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await allAway(app);
    const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
    phonePort = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, localPort: phonePort, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "phone.csv"), [[agent.extension, agent.sipPassword]]),
    });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    await setAgentState(app, "agent1", "away");
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const sipp = (scenario: string, port: number, extra: string[] = []): SippProcess => {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls: 1, timeoutMs: 30_000, args: extra });
    stops.push(() => p.stop());
    return p;
  };

  /** Dial `number` for agent1 with the carrier answering `final` after `earlyMs` of early media; what the agent heard. */
  async function dial(number: string, final: { status: number; reason: string } | "answer", earlyMs: number) {
    const peer: RtpPeer = await startRtpPeer({ toneHz: 1000, amplitude: 2000 });
    stops.push(() => peer.stop());
    const phone = sipp(materializeScenario("outbound-agent-phone.xml", work, { MEDIA_PORT: String(peer.port) }), phonePort);
    const vars = { PCAP_DIR: PCAP_DIR!, EARLY_MS: String(earlyMs) };
    const carrierScenario =
      final === "answer"
        ? materializeScenario("outbound-carrier-early-answer.xml", work, vars)
        : materializeScenario("outbound-carrier-early-reject.xml", work, { ...vars, STATUS: String(final.status), REASON: final.reason });
    const carrier = sipp(carrierScenario, carrierPort, ["-mp", String(await freePort())]);
    await sleep(200);
    const res = await app.api("/api/v1/services/demo/agents/agent1/call/dial", { method: "POST", body: JSON.stringify({ number }) });
    expect(res.status, await res.clone().text()).toBe(201);
    // The agent's phone answered when its first packet (our ringback) arrived.
    await waitFor(() => peer.received.length > 0, { timeoutMs: 10_000, what: `the agent's phone hears something\n${app.logs().slice(-2000)}` });
    const answeredAt = peer.received[0]!.at;
    return { peer, phone, carrier, answeredAt };
  }

  const why = () => app.logs().slice(-3000);

  it("C9: the agent MUST hear the far end's early media (183 with SDP) and be connected when the far end answers", async () => {
    const { peer, phone, carrier, answeredAt } = await dial("0212340001", "answer", 3000);
    await waitFor(async () => {
      const r = await app.api("/api/v1/services/demo/agents/agent1/call");
      return r.ok && ((await r.json()) as { state: string }).state === "talking";
    }, { timeoutMs: 15_000, what: `the call connected\n${why()}` });
    const early = describeAudio(peer.audio(answeredAt + 800, answeredAt + 2600), TONES);
    expect(early.rms, `the agent heard the far end's early media: ${JSON.stringify(early)}\n${why()}`).toBeGreaterThan(0.01);
    expect(early.shares[RINGBACK[0]!]! + early.shares[RINGBACK[1]!]!, `early media, not our ringback: ${JSON.stringify(early)}`).toBeLessThan(0.3);
    expect(app.logs()).toContain("the far end's early media relayed to the agent");
    await sleep(800);
    expect((await app.api("/api/v1/services/demo/agents/agent1/call/hangup", { method: "POST" })).status).toBe(200);
    const [c, p] = await Promise.all([carrier.done, phone.done]);
    expect(c.successful, describeSipp(c)).toBe(1);
    expect(p.successful, describeSipp(p)).toBe(1);
    const record = await waitFor(async () => (await listCalls(app)).find((x) => x.to === "0212340001" && x.endedAt), { timeoutMs: 10_000, what: "the record" });
    expect(record.result).toBe("answered");
  }, 45_000);

  const failures = [
    { status: 486, reason: "Busy Here", result: "busy", tone: "busy", number: "0212340002" },
    { status: 480, reason: "Temporarily Unavailable", result: "no-answer", tone: "congestion", number: "0212340003" },
    { status: 603, reason: "Decline", result: "rejected", tone: "congestion", number: "0212340004" },
    { status: 503, reason: "Service Unavailable", result: "unreachable", tone: "congestion", number: "0212340005" },
  ] as const;

  for (const f of failures) {
    it(`C9/C11: a far end answering ${f.status} after early media MUST give the agent the ${f.tone} tone and the record the result ${f.result}`, async () => {
      const { peer, phone, carrier, answeredAt } = await dial(f.number, { status: f.status, reason: f.reason }, 1500);
      const [c, p] = await Promise.all([carrier.done, phone.done]);
      expect(c.successful, describeSipp(c)).toBe(1);
      expect(p.successful, `the agent's phone got the appliance's BYE after the tone\n${describeSipp(p)}`).toBe(1);
      const byeAt = Date.now();
      const early = describeAudio(peer.audio(answeredAt + 500, answeredAt + 1400), TONES);
      expect(early.rms, `early media heard: ${JSON.stringify(early)}`).toBeGreaterThan(0.01);
      // The tone: the 480 + 620 Hz pair, in busy (500 ms) or congestion (300 ms) bursts, up to the BYE.
      const last = peer.received.at(-1)!.at;
      const toneAudio = peer.audio(last - 3000, last + 1);
      const tone = describeAudio(toneAudio, TONES);
      // Shares count the silent half of the cadence too: ≈ 0.5 for busy, ≈ 0.6 for congestion when the tone is pure.
      expect(tone.shares[BUSY[0]!]! + tone.shares[BUSY[1]!]!, `the agent heard the ${f.tone} tone: ${JSON.stringify(tone)}\n${why()}`).toBeGreaterThan(0.4);
      expect(tone.shares[RINGBACK[0]!]!, "not our ringback").toBeLessThan(0.05);
      const burst = burstMs(toneAudio);
      if (f.tone === "busy") expect(burst, "busy bursts of 500 ms").toBeGreaterThan(400);
      else expect(burst, "congestion bursts of 300 ms").toBeLessThan(400);
      expect(byeAt - last).toBeLessThan(5000);
      const record = await waitFor(async () => (await listCalls(app)).find((x) => x.to === f.number && x.endedAt), { timeoutMs: 10_000, what: "the record" });
      expect(record.result).toBe(f.result);
    }, 40_000);
  }

  it("C9: a desk phone dialling out MUST get the far end's early media in a 183 (heard) and its busy as 486, not a 200 then a BYE", async () => {
    const desk = app.credentials.agents.find((a) => a.extension === "1002")!;
    const peer = await startRtpPeer({ toneHz: 1000, amplitude: 2000 });
    stops.push(() => peer.stop());
    const carrier = sipp(
      materializeScenario("outbound-carrier-early-reject.xml", work, { PCAP_DIR: PCAP_DIR!, EARLY_MS: "2000", STATUS: "486", REASON: "Busy Here" }),
      carrierPort, ["-mp", String(await freePort())],
    );
    await sleep(200);
    const number = "0212340006";
    const phone = startSipp({
      scenario: materializeScenario("outbound-desk-early.xml", work, { MEDIA_PORT: String(peer.port) }), target: `127.0.0.1:${app.sipPort}`,
      service: number, calls: 1, localPort: await freePort(), timeoutMs: 30_000, inf: writeInjectionCsv(join(work, "desk.csv"), [[desk.extension, desk.sipPassword]]),
    });
    stops.push(() => phone.stop());
    const [c, p] = await Promise.all([carrier.done, phone.done]);
    expect(c.successful, describeSipp(c)).toBe(1);
    expect(p.successful, `183 with SDP, then 486\n${describeSipp(p)}\n${why()}`).toBe(1);
    const first = peer.received[0]?.at;
    expect(first, "the desk phone's media port got the early media").toBeDefined();
    const early = describeAudio(peer.audio(first!, first! + 1500), TONES);
    expect(early.rms, `the desk phone heard the far end's early media: ${JSON.stringify(early)}`).toBeGreaterThan(0.01);
    const record = await waitFor(async () => (await listCalls(app)).find((x) => x.to === number && x.endedAt), { timeoutMs: 10_000, what: "the record" });
    expect(record.result).toBe("busy");
  }, 40_000);
});
