/**
 * End-to-end call flow (C1–C8, M4, T7, T9): SIPp on 127.0.0.1 plays the carrier, made a trusted
 * peer through `POST /api/v1/trunks`; it calls the demo service's number 15880000 without
 * credentials, presses keys as RFC 4733 events (SIPp's shipped captures) and talks (g711a.pcap).
 * Agents are baresip (auto-answer, records what it hears) or SIPp UASes registered as 1001–1003.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, readMetric, sleep, startAppliance, tempDir, udpExchange, waitFor, type Appliance } from "./harness.ts";
import { startBaresip, type Baresip } from "./baresip-runner.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess, type SippResult } from "./sipp-runner.ts";
import {
  addCarrierPeer, agentState, allAway, dtmfPcap, endedCallFrom, findPcapDir, listCallbacks, materializeScenario, queueEvents,
  setAgentState, soxStat, tuneFlow, type FlowTiming,
} from "./call-flow-helpers.ts";

const HAVE_PEERS = haveBinaries("sipp", "baresip", "sox", "soxi");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("call flow end-to-end (C1–C8, T7, T9)", () => {
  let app: Appliance;
  let work: string;
  let target: string;
  let carrierPort: number;
  let timing: FlowTiming;
  const phones: Baresip[] = [];
  const background: SippProcess[] = [];

  beforeAll(async () => {
    work = tempDir("cc-call-flow-e2e-");
    // baresip 1.0 answers only MD5 challenges; SIPp registers and calls quickly from one address.
    app = await startAppliance({
      env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" },
    });
    target = `127.0.0.1:${app.sipPort}`;
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    // Shorter waits where the IVR API allows (minimum 5 s each); defaults otherwise.
    timing = await tuneFlow(app, { delayThresholdSeconds: 5, delayRepeatSeconds: 30, ringTimeoutSeconds: 6 });
  }, 60_000);

  afterAll(async () => {
    for (const p of phones) await p.stop();
    for (const s of background) await s.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const agent = (ext: string) => {
    const a = app.credentials.agents.find((x) => x.extension === ext);
    if (!a) throw new Error(`no demo agent with extension ${ext} in initial-credentials.json`);
    return a;
  };
  const tail = (s: string, n = 4000) => s.slice(-n);
  const why = (r?: SippResult) => `${r ? describeSipp(r) : ""}\nflow: ${JSON.stringify(timing)}\n--- appliance ---\n${tail(app.logs())}`;

  /** The carrier calls the service number as `caller`, waiting `waitMs` in the queue (SIPp -d). */
  async function carrierCall(scenario: string, caller: string, waitMs: number, vars: Record<string, string> = {}) {
    const path = materializeScenario(scenario, work, { PCAP_DIR: PCAP_DIR!, ...vars });
    const csv = writeInjectionCsv(join(work, `caller-${caller}.csv`), [[caller]]);
    const mediaPort = await freePort();
    return runSipp({
      scenario: path, target, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: carrierPort,
      pauseMs: waitMs, args: ["-mp", String(mediaPort)], timeoutMs: waitMs + 60_000,
    });
  }

  /** Register `ext` with its Contact at a fresh port and start a SIPp UAS there. */
  async function sippPhone(ext: string, scenario: string, timeoutMs = 120_000): Promise<SippProcess> {
    const port = await freePort();
    const csv = writeInjectionCsv(join(work, `phone-${ext}-${port}.csv`), [[ext, agent(ext).sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: port, timeoutMs: 15_000 });
    expect(reg.successful, `REGISTER ${ext}\n${why(reg)}`).toBe(1);
    const uas = startSipp({ scenario, target, localPort: port, calls: 1, args: ["-mp", String(await freePort())], timeoutMs });
    background.push(uas);
    await uas.ready;
    return uas;
  }

  const settle = (p: SippProcess, ms = 15_000) => Promise.race([p.done, sleep(ms).then(() => p.stop())]);

  it("C1/C5/M4: a carrier call picks the queue by DTMF and is bridged to a ready baresip agent", async () => {
    await allAway(app);
    const tone = join(work, "agent-440.wav");
    const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", tone, "synth", "60", "sine", "440", "vol", "0.5"]);
    expect(sox.exitCode, sox.stderr.toString()).toBe(0);
    const phone = await startBaresip({
      dir: join(work, "baresip-1001"), user: "1001", password: agent("1001").sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: tone, autoAnswer: true,
    });
    phones.push(phone);
    await phone.waitRegistered(10_000).catch((e) => {
      throw new Error(`${String(e)}\n--- baresip ---\n${tail(phone.logs())}\n${why()}`);
    });
    await setAgentState(app, "agent1", "ready");

    const caller = "01011110001";
    const r = await carrierCall("carrier-queue-call.xml", caller, 6000);
    const events = () => `baresip events: ${JSON.stringify(phone.events.map((e) => [e.type, e.param]))}\n--- baresip ---\n${tail(phone.logs(), 2000)}`;
    expect(r.successful, `carrier call\n${why(r)}\n${events()}`).toBe(1);
    await phone.waitEvent("CALL_ESTABLISHED", 1000).catch((e) => {
      throw new Error(`${String(e)}\n${events()}\n${why(r)}`);
    });
    await phone.waitEvent("CALL_CLOSED", 10_000);
    await sleep(500); // sndfile closes its files on call end

    // What the agent heard: the caller's speech (g711a.pcap) through the appliance's bridge (M4).
    const heard = phone.recordings().received.at(-1);
    expect(heard, `no baresip recording\n${events()}`).toBeDefined();
    const h = soxStat(heard!);
    expect(h.rms, `agent's recording: ${h.raw}`).toBeGreaterThan(0.005);
    expect(h.maxAmplitude, `agent's recording: ${h.raw}`).toBeGreaterThan(0.05);

    const call = await endedCallFrom(app, caller);
    const detail = JSON.stringify(call);
    expect(call.queueId, detail).toBe("main");
    expect(call.agent, detail).toBe("agent1");
    expect(call.result, detail).toBe("answered");
    expect(Number(call.waitSeconds), detail).toBeGreaterThan(0);
    expect(Number(call.talkSeconds), detail).toBeGreaterThan(0);

    // The appliance's own recording (M5): stereo, both parties audible.
    const res = await app.api(`/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/recording`, {
      headers: { Accept: "audio/wav" },
    });
    const body = new Uint8Array(await res.arrayBuffer());
    expect(res.status, `recording → ${res.status}: ${new TextDecoder().decode(body.slice(0, 500))}`).toBe(200);
    expect(res.headers.get("content-type") ?? "").toContain("audio/wav");
    const wav = join(work, "appliance-recording.wav");
    writeFileSync(wav, body);
    expect(soxStat(wav).channels, `appliance recording channels`).toBe(2);
    for (const ch of [1, 2]) {
      const s = soxStat(wav, ch);
      expect(s.rms, `appliance recording channel ${ch}: ${s.raw}`).toBeGreaterThan(0.005);
    }

    // X6: the media counters show the call's packets and no failed send (sampled once a second).
    await waitFor(async () => ((await readMetric(app.baseUrl, "cc_rtp_packets_total", { direction: "sent" })) ?? 0) > 100, {
      timeoutMs: 3000,
      what: "cc_rtp_packets_total{direction=sent} > 100",
    });
    expect(await readMetric(app.baseUrl, "cc_rtp_packets_total", { direction: "received" })).toBeGreaterThan(100);
    expect(await readMetric(app.baseUrl, "cc_rtp_send_errors_total")).toBe(0);
    await phone.stop();
  }, 120_000);

  it("C6/C7: with no agent ready the caller hears the delay prompt and leaves a callback request", async () => {
    await allAway(app);
    const caller = "01011110002";
    const waitMs = (timing.delayThresholdSeconds + 4) * 1000;
    const r = await carrierCall("carrier-callback.xml", caller, waitMs, { CALLBACK_PCAP: dtmfPcap(timing.callbackKey) });
    expect(r.successful, `carrier call (callback key ${timing.callbackKey})\n${why(r)}`).toBe(1);
    const call = await endedCallFrom(app, caller);
    expect(call.result, JSON.stringify(call)).toBe("callback");
    const events = await queueEvents(app, call.callId);
    expect(events, `queue events of ${call.callId}`).toContain("delay");
    expect(events).toContain("callback");
    const callbacks = await listCallbacks(app);
    const mine = callbacks.filter((c) => String(c.number ?? "").includes(caller));
    expect(mine.length, `GET /callbacks: ${JSON.stringify(callbacks)}`).toBe(1);
    expect(mine[0]!.state).toBe("requested");
  }, 180_000);

  it("C8: a caller who hangs up while waiting is counted abandoned", async () => {
    await allAway(app);
    const caller = "01011110003";
    const r = await carrierCall("carrier-abandon.xml", caller, 7000);
    expect(r.successful, `carrier call\n${why(r)}`).toBe(1);
    const call = await endedCallFrom(app, caller);
    const detail = JSON.stringify(call);
    expect(call.result, detail).toBe("abandoned");
    expect(call.agent ?? null, detail).toBeNull();
    // Waited about 7 s after pressing 1: an abandon, not a short one (under 5 s).
    expect(Number(call.waitSeconds), detail).toBeGreaterThanOrEqual(5);
    expect(await queueEvents(app, call.callId)).toContain("abandon");
  }, 120_000);

  it("C5: an agent who does not answer within the ring timeout is set away and the next agent rings", async () => {
    await allAway(app);
    const silent = await sippPhone("1002", "uas-no-answer.xml");
    const answering = await sippPhone("1003", "uas-answer.xml");
    // agent2 is ready longer (longest-idle rings it first); agent3 is the next one.
    await setAgentState(app, "agent2", "ready");
    await sleep(1500);
    await setAgentState(app, "agent3", "ready");

    const caller = "01011110004";
    const r = await carrierCall("carrier-queue-call.xml", caller, (timing.ringTimeoutSeconds + 6) * 1000);
    const noAnswer = await settle(silent);
    const answered = await settle(answering);
    const all = `--- 1002 (never answers) ---\n${describeSipp(noAnswer)}\n--- 1003 ---\n${describeSipp(answered)}\n${why(r)}`;
    expect(r.successful, `carrier call\n${all}`).toBe(1);
    expect(noAnswer.created, `1002 never rang\n${all}`).toBe(1);
    expect(noAnswer.successful, `1002 rang but was not cancelled at the ring timeout\n${all}`).toBe(1);
    expect(answered.successful, `1003 did not get and answer the call\n${all}`).toBe(1);
    expect(await agentState(app, "agent2")).toBe("away");
    const call = await endedCallFrom(app, caller);
    expect(call.agent, JSON.stringify(call)).toBe("agent3");
    expect(call.result, JSON.stringify(call)).toBe("answered");
  }, 180_000);

  it("T9: an unauthenticated INVITE to an extension from a non-peer address reaches nothing", async () => {
    const phone = await sippPhone("1002", "uas-answer.xml", 60_000);
    const server = { host: "127.0.0.1", port: app.sipPort };
    const stranger = await inviteWithoutAuth("1002", "127.0.0.2", server);
    expect(stranger.status, stranger.text).toBe(407);
    // Even the trusted carrier peer may not reach an extension (no toll fraud).
    const carrier = await inviteWithoutAuth("1002", "127.0.0.1", server);
    expect(carrier.status, carrier.text).toBeGreaterThanOrEqual(400);
    await sleep(1500);
    expect(phone.proc.exitCode, "the SIPp phone should still be waiting for a call").toBeNull();
    const rang = await phone.stop();
    expect(rang.created, `the phone rang\n${describeSipp(rang)}`).toBe(0);
  }, 60_000);
});

/** Send an INVITE without credentials from `bindAddress`; ACK a non-2xx final answer; returns it. */
async function inviteWithoutAuth(ext: string, bindAddress: string, server: { host: string; port: number }) {
  const id = crypto.randomUUID();
  const branch = `z9hG4bK${id.slice(0, 12)}`;
  const common = [
    "Max-Forwards: 70",
    `From: <sip:01099998888@${bindAddress}>;tag=${id.slice(14, 18)}`,
    `Call-ID: ${id}@${bindAddress}`,
  ];
  const sdp = ["v=0", `o=- 1 1 IN IP4 ${bindAddress}`, "s=-", `c=IN IP4 ${bindAddress}`, "t=0 0", "m=audio 40000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", ""].join("\r\n");
  const invite = [
    `INVITE sip:${ext}@${server.host}:${server.port} SIP/2.0`,
    `Via: SIP/2.0/UDP {{LOCAL_IP}}:{{LOCAL_PORT}};branch=${branch};rport`,
    ...common,
    `To: <sip:${ext}@${server.host}>`,
    "CSeq: 1 INVITE",
    `Contact: <sip:caller@{{LOCAL_IP}}:{{LOCAL_PORT}}>`,
    "User-Agent: cc-e2e-stranger",
    "Content-Type: application/sdp",
    `Content-Length: ${sdp.length}`,
    "",
    sdp,
  ].join("\r\n");
  const replies = await udpExchange(invite, server, { bindAddress, waitMs: 4000 });
  const final = replies.find((r) => r.status >= 200) ?? { status: 0, text: `no final answer; got ${replies.map((r) => r.status).join(",")}` };
  if (final.status >= 300) {
    const to = /^(?:To|t):.*$/im.exec(final.text)?.[0] ?? `To: <sip:${ext}@${server.host}>`;
    const ack = [`ACK sip:${ext}@${server.host}:${server.port} SIP/2.0`, `Via: SIP/2.0/UDP {{LOCAL_IP}}:{{LOCAL_PORT}};branch=${branch};rport`, ...common, to, "CSeq: 1 ACK", "Content-Length: 0", "", ""].join("\r\n");
    await udpExchange(ack, server, { bindAddress, waitMs: 100 });
  }
  return final;
}
