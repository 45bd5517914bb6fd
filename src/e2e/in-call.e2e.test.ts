/**
 * End-to-end in-call controls (C9, C10, M7, T8, issue 8 point 3, issue 15): a SIPp carrier calls the
 * demo service through a trusted peer trunk with its media going to the test (rtp-peer.ts), so the
 * test hears exactly what the caller receives; agents are baresip phones that auto-answer and play a
 * tone. Hold from the API and from the desk phone, blind transfer between two baresip agents, and
 * outbound dialling through a SIPp carrier (answer, international refused, busy).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { readWav, startBaresip, type Baresip } from "./baresip-runner.ts";
import { describeSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, allAway, listCalls, materializeScenario, setAgentState, tuneFlow, type CallJson } from "./call-flow-helpers.ts";
import { describeAudio, startRtpPeer, type RtpPeer } from "./rtp-peer.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox");
const SERVICE_NUMBER = "15880000";
/** The notes of the hold melody (media/player/tones.ts) and the tones the parties send. */
const MELODY = [523.25, 659.25, 783.99, 880, 587.33, 392];
const AGENT_TONE = 440;
const SECOND_AGENT_TONE = 660;
const CALLER_TONE = 1000;

describe.skipIf(!HAVE_PEERS)("in-call controls end-to-end (C9, C10, M7, T8)", () => {
  let app: Appliance;
  let work: string;
  let carrierPort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-in-call-e2e-");
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await tuneFlow(app, { ringTimeoutSeconds: 10, wrapUpSeconds: 0 });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const agent = (ext: string) => app.credentials.agents.find((x) => x.extension === ext)!;
  const tail = (s: string, n = 3000) => s.slice(-n);

  /** A baresip desk phone for `ext` that answers at once and talks with a sine of `hz`. */
  async function phone(ext: string, hz: number): Promise<Baresip> {
    const wav = join(work, `tone-${hz}.wav`);
    const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "120", "sine", String(hz), "vol", "0.5"]);
    expect(sox.exitCode, sox.stderr.toString()).toBe(0);
    const p = await startBaresip({
      dir: join(work, `baresip-${ext}-${Date.now()}`), user: ext, password: agent(ext).sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: wav, autoAnswer: true,
    });
    stops.push(() => p.stop());
    await p.waitRegistered(10_000);
    return p;
  }

  /** The carrier calls the service as `caller`; the call lasts `holdMs` after the menu key; its media is `peer`. */
  async function carrierCall(caller: string, peer: RtpPeer, holdMs: number): Promise<SippProcess> {
    const scenario = materializeScenario("carrier-media-call.xml", work, { MEDIA_PORT: String(peer.port) });
    const csv = writeInjectionCsv(join(work, `caller-${caller}.csv`), [[caller]]);
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort, pauseMs: holdMs, timeoutMs: holdMs + 40_000, args: ["-aa"] });
    stops.push(() => p.stop());
    return p;
  }

  /** The agent's call as the API shows it, once it is in `state` (bounded). */
  const callState = (loginId: string, state: string, timeoutMs = 20_000) =>
    waitFor(async () => {
      const r = await app.api(`/api/v1/services/demo/agents/${loginId}/call`);
      const j = r.ok ? ((await r.json()) as { state: string; callId: string }) : undefined;
      return j?.state === state ? j : undefined;
    }, { timeoutMs, intervalMs: 100, what: `${loginId}'s call ${state}` });

  const post = (path: string, body?: unknown, lang = "en") =>
    app.api(`/api/v1/services/demo${path}`, { method: "POST", headers: { "Accept-Language": lang }, ...(body ? { body: JSON.stringify(body) } : {}) });

  /** What the caller heard during [from, to): level, tone shares and the longest silence between packets. */
  const heard = (peer: RtpPeer, from: number, to: number) => ({
    ...describeAudio(peer.audio(from, to), [AGENT_TONE, SECOND_AGENT_TONE, CALLER_TONE, ...MELODY]),
    gapMs: peer.longestGap(from, to),
  });
  const melodyShare = (s: Record<number, number>) => MELODY.reduce((n, f) => n + (s[f] ?? 0), 0);

  /** Hold music from `start` (within 100 ms) until `end`: energy in every 250 ms, no gap, not the agent's voice. */
  function expectHoldMusic(peer: RtpPeer, start: number, end: number, why: string): void {
    const first = heard(peer, start, start + 100);
    expect(first.rms, `caller heard nothing in the first 100 ms of the hold: ${JSON.stringify(first)}\n${why}`).toBeGreaterThan(0.005);
    for (let t = start + 100; t + 250 <= end; t += 250) {
      const h = heard(peer, t, t + 250);
      expect(h.rms, `silence on hold at +${t - start} ms: ${JSON.stringify(h)}\n${why}`).toBeGreaterThan(0.005);
      expect(h.shares[AGENT_TONE]!, `the agent's voice on hold at +${t - start} ms`).toBeLessThan(0.2);
      expect(melodyShare(h.shares), `the hold melody's notes at +${t - start} ms: ${JSON.stringify(h)}`).toBeGreaterThan(0.3);
    }
    const all = heard(peer, start, end);
    expect(all.gapMs, `longest gap between packets on hold: ${all.gapMs} ms`).toBeLessThan(100);
  }

  /** The share of `hz` in the last `seconds` of a baresip recording of what it received (sndfile *-dec.wav). */
  function agentHeardAtEnd(p: Baresip, seconds: number, tones: number[]) {
    const file = p.recordings().received.at(-1);
    if (!file) throw new Error(`no baresip recording\n${tail(p.logs())}`);
    const { samples } = readWav(file);
    const end = Math.max(0, samples.length - 2400);
    return describeAudio(samples.slice(Math.max(0, end - seconds * 8000), end), tones);
  }

  async function call(callId: string): Promise<CallJson & { legs: { role: string; agent: string | null; endCause: string | null; answeredAt: string | null }[]; events: { event: string; agent: string | null; detail: string | null }[] }> {
    return app.apiJson(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}`);
  }

  it("C10/M7: a hold through the API MUST give the caller hold music from the first 100 ms to the resume, and two-way audio after it", async () => {
    await allAway(app);
    const agentPhone = await phone("1001", AGENT_TONE);
    await setAgentState(app, "agent1", "ready");
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const sipp = await carrierCall("01022220001", peer, 14_000);
    const { callId } = await callState("agent1", "talking");
    await sleep(2000);
    const talk = heard(peer, Date.now() - 1500, Date.now());
    expect(talk.shares[AGENT_TONE]!, `before the hold the caller hears the agent: ${JSON.stringify(talk)}`).toBeGreaterThan(0.5);

    const held = await post("/agents/agent1/call/hold");
    const holdAt = Date.now();
    expect(held.status, await held.clone().text()).toBe(200);
    await sleep(3000);
    const resumed = await post("/agents/agent1/call/resume");
    const resumeAt = Date.now();
    expect(resumed.status, await resumed.clone().text()).toBe(200);
    await sleep(3000);
    expectHoldMusic(peer, holdAt, resumeAt - 50, tail(app.logs()));
    const after = heard(peer, resumeAt + 300, Date.now());
    expect(after.shares[AGENT_TONE]!, `after the resume the caller hears the agent again: ${JSON.stringify(after)}`).toBeGreaterThan(0.5);

    const r = await sipp.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    await agentPhone.waitEvent("CALL_CLOSED", 5000);
    await sleep(500);
    const agentHeard = agentHeardAtEnd(agentPhone, 2, [CALLER_TONE, ...MELODY]);
    expect(agentHeard.shares[CALLER_TONE]!, `after the resume the agent hears the caller: ${JSON.stringify(agentHeard)}`).toBeGreaterThan(0.5);
    const record = await call(callId);
    expect(record.events.filter((e) => e.event === "hold" || e.event === "resume").map((e) => [e.event, e.detail])).toEqual([["hold", "console"], ["resume", "console"]]);
    expect(record.result).toBe("answered");
    await agentPhone.stop();
  }, 90_000);

  it("T8/M7: when the agent's desk phone holds (re-INVITE a=sendonly) the caller MUST hear hold music, not silence", async () => {
    await allAway(app);
    const agentPhone = await phone("1002", AGENT_TONE);
    await setAgentState(app, "agent2", "ready");
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const sipp = await carrierCall("01022220002", peer, 14_000);
    const { callId } = await callState("agent2", "talking");
    await sleep(1500);
    expect((await agentPhone.command("hold")).ok, tail(agentPhone.logs())).toBe(true);
    await callState("agent2", "held", 3000);
    const holdAt = Date.now();
    await sleep(3000);
    expect((await agentPhone.command("resume")).ok).toBe(true);
    await callState("agent2", "talking", 3000);
    const resumeAt = Date.now();
    await sleep(2500);
    expectHoldMusic(peer, holdAt, resumeAt - 200, tail(agentPhone.logs()));
    const after = heard(peer, resumeAt + 300, Date.now());
    expect(after.shares[AGENT_TONE]!, `after the phone resumed: ${JSON.stringify(after)}`).toBeGreaterThan(0.5);
    const r = await sipp.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    const record = await call(callId);
    expect(record.events.filter((e) => e.event === "hold").map((e) => e.detail)).toEqual(["phone"]);
    await agentPhone.stop();
  }, 90_000);

  it("C10: a blind transfer from agent 1001 to ready agent 1002 MUST ring and bridge the second agent, and the record MUST keep both legs", async () => {
    await allAway(app);
    const first = await phone("1001", AGENT_TONE);
    const second = await phone("1002", SECOND_AGENT_TONE);
    await setAgentState(app, "agent1", "ready");
    const peer = await startRtpPeer({ toneHz: CALLER_TONE });
    stops.push(() => peer.stop());
    const sipp = await carrierCall("01022220003", peer, 14_000);
    const { callId } = await callState("agent1", "talking");
    await setAgentState(app, "agent2", "ready");
    await sleep(1000);
    const t = await post("/agents/agent1/call/transfer", { loginId: "agent2" });
    expect(t.status, await t.clone().text()).toBe(200);
    await callState("agent2", "talking", 10_000);
    const joined = Date.now();
    await sleep(2500);
    const after = heard(peer, joined + 300, Date.now());
    expect(after.shares[SECOND_AGENT_TONE]!, `the caller hears the second agent: ${JSON.stringify(after)}`).toBeGreaterThan(0.5);
    const r = await sipp.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    await waitFor(async () => (await call(callId)).endedAt, { timeoutMs: 5000, what: "the transferred call's end" });
    const record = await call(callId);
    const agents = record.legs.filter((l) => l.role === "agent" && l.answeredAt).map((l) => [l.agent, l.endCause]);
    expect(agents, JSON.stringify(record)).toEqual([["agent1", "transferred"], ["agent2", "bye"]]);
    expect(record.events.map((e) => e.event)).toContain("transfer");
    expect(record.result).toBe("answered");
    // One recording for the whole call: the agent channel has the first agent, then the second (M5).
    const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}/recording`, { headers: { Accept: "audio/wav" } });
    expect(res.status).toBe(200);
    const stereo = join(work, "transfer-recording.wav");
    const right = join(work, "transfer-agent-channel.wav");
    await Bun.write(stereo, new Uint8Array(await res.arrayBuffer()));
    expect(Bun.spawnSync(["sox", stereo, right, "remix", "2"]).exitCode).toBe(0);
    const { samples } = readWav(right);
    const begin = describeAudio(samples.slice(1600, 6400), [AGENT_TONE, SECOND_AGENT_TONE]);
    const end = describeAudio(samples.slice(samples.length - 16_000, samples.length - 2400), [AGENT_TONE, SECOND_AGENT_TONE]);
    expect(begin.shares[AGENT_TONE]!, `recording, agent channel at the start: ${JSON.stringify(begin)}`).toBeGreaterThan(0.4);
    expect(end.shares[SECOND_AGENT_TONE]!, `recording, agent channel at the end: ${JSON.stringify(end)}`).toBeGreaterThan(0.4);
    await first.stop();
    await second.stop();
  }, 90_000);

  it("C9/A4: a dial from the console's route MUST ring the agent, then leave through the carrier trunk with the service's caller ID; international is refused; a busy far end gives a busy result", async () => {
    await allAway(app);
    const agentPhone = await phone("1001", AGENT_TONE);
    const service = await app.apiJson<{ number: string; callerId?: string }>("/api/v1/services/demo");
    const callerId = service.callerId || service.number;

    const refusals: [string, string][] = [["ko", "국제전화는 걸 수 없습니다."], ["en", "International numbers cannot be dialled."]];
    for (const [lang, message] of refusals) {
      const refused = await post("/agents/agent1/call/dial", { number: "+1 415 555 0100" }, lang);
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { error: { fields: { number: string } } }).error.fields.number).toBe(message);
    }

    const messages = join(work, "uas-answer-messages.log");
    const uas = startSipp({ scenario: "uas-answer.xml", target: `127.0.0.1:${app.sipPort}`, localPort: carrierPort, calls: 1, timeoutMs: 40_000, args: ["-aa", "-mp", String(await freePort()), "-trace_msg", "-message_file", messages] });
    stops.push(() => uas.stop());
    await sleep(300);
    const dial = await post("/agents/agent1/call/dial", { number: "02-1234-5678" });
    expect(dial.status, await dial.clone().text()).toBe(201);
    const { callId } = (await dial.json()) as { callId: string };
    await callState("agent1", "talking", 15_000);
    await sleep(1000);
    expect((await post("/agents/agent1/call/hangup")).status).toBe(200);
    const r = await uas.done;
    expect(r.successful, describeSipp(r)).toBe(1);
    const invite = readFileSync(messages, "utf8");
    expect(invite, "the carrier's INVITE").toMatch(new RegExp(`^From:.*<sip:${callerId}@`, "m"));
    expect(invite).toMatch(/^INVITE sip:0212345678@/m);
    const answered = await call(callId);
    expect(answered).toMatchObject({ result: "answered", from: callerId, to: "0212345678", agent: "agent1", hangupBy: "agent" });
    expect(answered.legs.map((l) => l.role).sort()).toEqual(["agent", "caller"]);

    // -aa: the carrier answers the trunk's OPTIONS probe (else an unexpected OPTIONS counts as a failed call).
    const busy = startSipp({ scenario: "uas-busy.xml", target: `127.0.0.1:${app.sipPort}`, localPort: carrierPort, calls: 1, timeoutMs: 30_000, args: ["-aa"] });
    stops.push(() => busy.stop());
    await sleep(300);
    await waitFor(async () => (await post("/agents/agent1/call/dial", { number: "0311112222" })).status === 201, { timeoutMs: 5000, what: "the second dial" });
    const b = await busy.done;
    expect(b.successful, describeSipp(b)).toBe(1);
    const record = await waitFor(async () => (await listCalls(app)).find((c) => c.to === "0311112222" && c.endedAt), { timeoutMs: 10_000, what: "the busy call's record" });
    expect(record).toMatchObject({ result: "busy", agent: "agent1" });
    // The agent heard the busy tone (480 + 620 Hz) before the appliance hung up.
    await waitFor(() => agentPhone.events.filter((e) => e.type === "CALL_CLOSED").length >= 2, { timeoutMs: 10_000, what: "the busy call's end at the agent" });
    await sleep(500);
    const tone = agentHeardAtEnd(agentPhone, 2, [480, 620, AGENT_TONE]);
    expect(tone.shares[480]! + tone.shares[620]!, `busy tone at the agent: ${JSON.stringify(tone)}`).toBeGreaterThan(0.4);
    await agentPhone.stop();
  }, 120_000);
});
