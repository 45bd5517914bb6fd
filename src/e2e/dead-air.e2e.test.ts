/**
 * Never dead air (issue 15, M1, C11): a SIPp carrier caller (its media is the test, rtp-peer.ts) talks to a
 * baresip agent; the agent's phone then vanishes — frozen with SIGSTOP: no RTP, no BYE. With a 3 s media
 * timeout the caller MUST be released by the appliance's BYE within the timeout (plus slack), hear a short
 * announcement first, and the record MUST say media loss with the talk time up to the agent's last packet.
 * A hold from the phone longer than the timeout MUST NOT release the call. Also what else could leave a caller
 * in silence: an INVITE without SDP (delayed offer) and an agent phone that speaks only G.722 (M1).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { addCarrierPeer, allAway, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";
import { readWav, startBaresip, toneShares, type Baresip } from "./baresip-runner.ts";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeAudio, startRtpPeer } from "./rtp-peer.ts";
import { describeSipp, startSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox");
const SERVICE_NUMBER = "15880000";
const TIMEOUT_S = 3;
const AGENT_TONE = 440;
const CALLER_TONE = 1000;

describe.skipIf(!HAVE_PEERS)("dead air: RTP inactivity timeout end-to-end (issue 15)", () => {
  let app: Appliance;
  let work: string;
  let carrierPort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-dead-air-e2e-");
    app = await startAppliance({ env: { CC_RTP_TIMEOUT_SECONDS: String(TIMEOUT_S), CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await tuneFlow(app, { ringTimeoutSeconds: 10, wrapUpSeconds: 0 });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  async function agentPhone(ext: string, codecs?: string[]): Promise<Baresip> {
    const agent = app.credentials.agents.find((a) => a.extension === ext)!;
    const wav = join(work, `tone-${AGENT_TONE}.wav`);
    const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "120", "sine", String(AGENT_TONE), "vol", "0.5"]);
    expect(sox.exitCode, sox.stderr.toString()).toBe(0);
    const p = await startBaresip({
      dir: join(work, `baresip-${ext}`), user: ext, password: agent.sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: wav, autoAnswer: true, codecs,
    });
    // A frozen process must be thawed before it can be stopped.
    stops.push(async () => {
      p.proc.kill("SIGCONT");
      await p.stop();
    });
    await p.waitRegistered(10_000);
    return p;
  }

  const callState = (loginId: string, state: string, timeoutMs = 20_000) =>
    waitFor(async () => {
      const r = await app.api(`/api/v1/services/demo/agents/${loginId}/call`);
      const j = r.ok ? ((await r.json()) as { state: string; callId: string }) : undefined;
      return j?.state === state ? j : undefined;
    }, { timeoutMs, intervalMs: 100, what: `${loginId}'s call ${state}` });

  it("M1/C11: a vanished agent phone (no RTP, no BYE) MUST release the caller within the timeout after an announcement, the record saying media loss", async () => {
    await allAway(app);
    const phone = await agentPhone("1001");
    await setAgentState(app, "agent1", "ready");
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const scenario = materializeScenario("dead-air-caller.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "caller.csv"), [["01033330001"]]);
    const sipp = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, timeoutMs: 60_000 });
    stops.push(() => sipp.stop());
    const { callId } = await callState("agent1", "talking");
    const answeredAt = Date.now();
    await sleep(1500);
    const talk = describeAudio(peer.audio(Date.now() - 1000, Date.now()), [AGENT_TONE, CALLER_TONE]);
    expect(talk.shares[AGENT_TONE]!, `the caller hears the agent: ${JSON.stringify(talk)}`).toBeGreaterThan(0.5);

    // The phone holds (a=sendonly) longer than the timeout: a held leg is not a dead one.
    expect((await phone.command("hold")).ok).toBe(true);
    await callState("agent1", "held", 3000);
    await sleep((TIMEOUT_S + 1.5) * 1000);
    expect((await phone.command("resume")).ok).toBe(true);
    await callState("agent1", "talking", 3000);
    await sleep(1000);

    // The phone vanishes: frozen, it sends neither RTP nor BYE.
    phone.proc.kill("SIGSTOP");
    const goneAt = Date.now();
    const r = await sipp.done;
    const byeAt = Date.now();
    const why = `${describeSipp(r)}\n${app.logs().slice(-3000)}`;
    expect(r.successful, `the caller got the appliance's BYE\n${why}`).toBe(1);
    // Released within the timeout plus the announcement (≤ 4 s) and slack for a loaded machine.
    expect(byeAt - goneAt, why).toBeGreaterThan(TIMEOUT_S * 1000 - 500);
    expect(byeAt - goneAt, why).toBeLessThan(TIMEOUT_S * 1000 + 8000);
    // Before the BYE the caller heard an announcement: energy, and no longer the agent's tone.
    const lostAt = goneAt + TIMEOUT_S * 1000 + 1000;
    const announcement = describeAudio(peer.audio(lostAt, byeAt), [AGENT_TONE, CALLER_TONE]);
    expect(announcement.rms, `the caller heard an announcement before the BYE: ${JSON.stringify(announcement)}`).toBeGreaterThan(0.01);
    expect(announcement.shares[AGENT_TONE]!).toBeLessThan(0.2);
    const dead = describeAudio(peer.audio(goneAt + 300, goneAt + TIMEOUT_S * 1000 - 300), [AGENT_TONE]);
    // Nothing relayed any more (the share is NaN when no packet came at all).
    expect(dead.shares[AGENT_TONE]! > 0.2, `the agent's tone stopped with the phone: ${JSON.stringify(dead)}`).toBe(false);

    const record = await waitFor(async () => {
      const c = await app.apiJson<{ endedAt: unknown; endReason: string | null; hangupBy: string; talkSeconds: number; legs: { role: string; endCause: string | null }[] }>(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}`);
      return c.endedAt ? c : undefined;
    }, { timeoutMs: 10_000, what: "the call's record" });
    expect(record.endReason).toBe("media-timeout");
    expect(record.hangupBy).toBe("system");
    expect(record.legs.find((l) => l.role === "agent")?.endCause).toBe("media-timeout");
    // Talk time ends with the agent's last packet, not with the BYE.
    const realTalk = (goneAt - answeredAt) / 1000;
    expect(record.talkSeconds, JSON.stringify(record)).toBeGreaterThan(realTalk - 2);
    expect(record.talkSeconds, JSON.stringify(record)).toBeLessThan(realTalk + 1);
    console.log(`dead air: BYE ${byeAt - goneAt} ms after the phone froze (timeout ${TIMEOUT_S} s); talk ${record.talkSeconds} s of ${((byeAt - answeredAt) / 1000).toFixed(1)} s connected`);
  }, 90_000);

  it("T8 (issue 15): an INVITE without SDP (delayed offer) MUST get our offer in the 200 OK and its answer taken from the ACK — the caller hears the greeting, not 488", async () => {
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const scenario = materializeScenario("delayed-offer-caller.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "delayed.csv"), [["01033330002"]]);
    const started = Date.now();
    const sipp = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 3000, timeoutMs: 30_000 });
    stops.push(() => sipp.stop());
    const r = await sipp.done;
    expect(r.successful, `200 OK with an offer (m=audio … 0), ACK with the answer, BYE\n${describeSipp(r)}\n${app.logs().slice(-2000)}`).toBe(1);
    const greeting = describeAudio(peer.audio(started, Date.now()), [CALLER_TONE]);
    expect(greeting.rms, `the caller heard the greeting at the port its ACK named: ${JSON.stringify(greeting)}`).toBeGreaterThan(0.01);
    expect(greeting.seconds).toBeGreaterThan(2);
  }, 40_000);

  it("M1 (issue 15): an agent phone that offers only G.722 MUST get G.722 (payload 9), and caller (PCMU) and agent MUST hear each other through the transcoding bridge", async () => {
    await allAway(app);
    const phone = await agentPhone("1002", ["G722/16000/1"]);
    await setAgentState(app, "agent2", "ready");
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const scenario = materializeScenario("carrier-media-call.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, "g722.csv"), [["01033330003"]]);
    const sipp = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: 6000, timeoutMs: 40_000 });
    stops.push(() => sipp.stop());
    await callState("agent2", "talking");
    await sleep(2500);
    const heard = describeAudio(peer.audio(Date.now() - 1500, Date.now()), [AGENT_TONE, CALLER_TONE]);
    expect(heard.shares[AGENT_TONE]!, `the caller hears the G.722 agent: ${JSON.stringify(heard)}\n${phone.logs().slice(-1500)}`).toBeGreaterThan(0.5);
    const r = await sipp.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    await phone.waitEvent("CALL_CLOSED", 5000);
    await sleep(300);
    // Really G.722 both ways (baresip's own pipeline names the codec), not a fallback to G.711.
    expect(phone.logs()).toMatch(/audio tx pipeline:.*G722/);
    expect(phone.logs()).toMatch(/audio rx pipeline:.*G722/);
    // What the phone decoded from our G.722: the caller's tone.
    const file = phone.recordings().received.at(-1);
    expect(file, phone.logs().slice(-1500)).toBeDefined();
    const { rate, samples } = readWav(file!);
    const tail = samples.slice(Math.max(0, samples.length - rate * 2.5), samples.length - rate * 0.3);
    const shares = toneShares(tail, rate, [AGENT_TONE, CALLER_TONE]);
    expect(shares[CALLER_TONE]!, `the G.722 phone hears the caller: ${JSON.stringify(shares)}`).toBeGreaterThan(0.5);
  }, 60_000);
});
