/**
 * Exact records (C11, issue 15): a scripted mix of calls from independent SIPp peers — answered,
 * abandoned in the queue after a busy agent, an internal agent-to-agent call answered and one
 * cancelled while ringing, an outbound call
 * answered and one cancelled while ringing, and an INVITE refused with 488 — captured on the
 * loopback by tshark. Each call's record (GET …/calls) must agree with the trace: start, answer and
 * end within 50 ms of the INVITE, 200 and BYE/CANCEL the peers exchanged, and hangupBy/result and
 * the end's reason matching who sent the BYE or CANCEL.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, track, waitFor, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess, type SippResult } from "./sipp-runner.ts";
import { findPcapDir, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";

const HAVE_PEERS = haveBinaries("sipp", "tshark");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";
/** The brief's bound between a record's time and the SIP message it stands for. */
const SLACK_MS = Number(process.env.RECORDS_SLACK_MS ?? 50);

/** One SIP message of the trace. */
interface Msg {
  at: number;
  src: number;
  dst: number;
  callId: string;
  method: string;
  status: number;
  cseq: string;
}

/** A call record and its legs as the API shows them. */
interface Rec {
  callId: string;
  sipCallId: string | null;
  direction: string;
  from: string;
  to: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  result: string | null;
  hangupBy: string | null;
  endReason: string | null;
  legs: { party: string; role: string; createdAt: string; answeredAt: string | null; endedAt: string | null; endBy: string | null; endCause: string | null }[];
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("records agree with the SIP trace (C11, issue 15)", () => {
  let app: Appliance;
  let work: string;
  let tshark: Subprocess | undefined;
  const trace: Msg[] = [];
  const ports: Record<string, number> = {};
  const results: Record<string, SippResult> = {};
  const records: Rec[] = [];
  const background: SippProcess[] = [];

  const agent = (ext: string) => app.credentials.agents.find((a) => a.extension === ext)!;
  const why = () => `${Object.entries(results).map(([k, r]) => `--- ${k}\n${describeSipp(r)}`).join("\n")}\n--- appliance ---\n${app.logs().slice(-3000)}`;

  /** Register `ext` at a fresh port (kept for the whole run). */
  async function register(ext: string): Promise<number> {
    const port = await freePort();
    const csv = writeInjectionCsv(join(work, `reg-${ext}.csv`), [[ext, agent(ext).sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, inf: csv, calls: 1, localPort: port, timeoutMs: 15_000 });
    if (reg.successful !== 1) throw new Error(`REGISTER ${ext}: ${describeSipp(reg)}`);
    return port;
  }

  /**
   * A SIPp UAS on `port` for `calls` calls. -aa answers the trunk's OPTIONS probe (every 30 s) with 200;
   * SIPp still counts it as a call, so the carrier's UAS takes several and is stopped once its call is over.
   */
  function uas(scenario: string, port: number, calls = 1): SippProcess {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls, timeoutMs: 60_000, args: ["-aa", "-mp", String(port + 2)] });
    background.push(p);
    return p;
  }

  /** The carrier calls the service number as `caller` (presses 1 after the greeting, waits `waitMs`, hangs up). */
  async function carrier(name: string, scenario: string, caller: string, waitMs: number): Promise<SippResult> {
    const path = materializeScenario(scenario, work, { PCAP_DIR: PCAP_DIR! });
    const csv = writeInjectionCsv(join(work, `${name}.csv`), [[caller]]);
    const r = await runSipp({
      scenario: path, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: SERVICE_NUMBER, calls: 1, localPort: ports.inbound,
      pauseMs: waitMs, args: ["-aa", "-mp", String(await freePort())], timeoutMs: waitMs + 40_000,
    });
    results[name] = r;
    return r;
  }

  /** Agent 1003's desk phone dials `number` (digest auth), holds `holdMs`, then BYE (or CANCEL with records-desk-cancel.xml). */
  async function desk(name: string, scenario: string, number: string, holdMs: number): Promise<SippResult> {
    const csv = writeInjectionCsv(join(work, `${name}.csv`), [["1003", agent("1003").sipPassword]]);
    const r = await runSipp({
      scenario, target: `127.0.0.1:${app.sipPort}`, inf: csv, service: number, calls: 1, localPort: ports.desk,
      pauseMs: holdMs, args: ["-mp", String(await freePort())], timeoutMs: holdMs + 20_000,
    });
    results[name] = r;
    return r;
  }

  beforeAll(async () => {
    work = tempDir("cc-records-e2e-");
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    ports.carrier = await freePort();
    ports.inbound = await freePort();
    ports.desk = await freePort();
    // Two peer trunks of one carrier: outbound calls go to the first (its SIPp UAS), inbound calls come
    // from the second's port (the service's own number needs no DID), so both can run at once.
    for (const [name, port, numbers] of [["SIPp carrier out", ports.carrier, [{ number: SERVICE_NUMBER, serviceId: "demo" }]], ["SIPp carrier in", ports.inbound, []]] as const) {
      const trunk = await app.api("/api/v1/trunks", { method: "POST", body: JSON.stringify({ name, mode: "peer", host: "127.0.0.1", port, numbers }) });
      if (trunk.status !== 201) throw new Error(`POST /trunks → ${trunk.status}: ${await trunk.text()}`);
    }
    await tuneFlow(app, { ringTimeoutSeconds: 6, delayThresholdSeconds: 60 });
    ports.a1 = await register("1001");
    ports.a2 = await register("1002");
    for (const a of ["agent1", "agent3"]) await setAgentState(app, a, "away");
    await setAgentState(app, "agent2", "ready");

    // The capture: every UDP datagram to or from the appliance's SIP port, decoded later.
    const out = join(REPO_ROOT, "test-output", "records");
    mkdirSync(out, { recursive: true });
    const pcap = join(out, "records-trace.pcap");
    const stderr: string[] = [];
    tshark = Bun.spawn(["tshark", "-i", "lo", "-q", "-f", `udp port ${app.sipPort}`, "-w", pcap], { stdout: "ignore", stderr: "pipe" });
    track(tshark);
    void (async () => {
      for await (const chunk of tshark!.stderr as ReadableStream<Uint8Array>) stderr.push(new TextDecoder().decode(chunk));
    })();
    await waitFor(() => stderr.join("").includes("Capturing on"), { timeoutMs: 15_000, intervalMs: 100, what: "tshark capturing" });
    await sleep(300);

    // Phase A, at once: a caller waits while agent2's phone answers busy (486), then gives up; meanwhile
    // agent3's desk phone calls agent1 (internal), then an outside number (answered), then another it cancels.
    const busyPhone = uas("uas-busy.xml", ports.a2);
    const internalCallee = uas("uas-answer.xml", ports.a1);
    const abandoned = carrier("abandoned", "carrier-abandon.xml", "01020000001", 3500);
    await sleep(500);
    await desk("internal", "uac-call.xml", "1001", 1500);
    await internalCallee.done;
    const internalRinging = uas("uas-no-answer.xml", ports.a1);
    await desk("internal-cancelled", "records-desk-cancel.xml", "1001", 1500);
    await Promise.race([internalRinging.done, sleep(3000)]);
    const farAnswer = uas("uas-answer.xml", ports.carrier, 5);
    await desk("outbound", "uac-call.xml", "0212345678", 1500);
    await farAnswer.stop();
    const farRinging = uas("uas-no-answer.xml", ports.carrier, 5);
    await desk("cancelled", "records-desk-cancel.xml", "0299990000", 1500);
    await sleep(300); // the far end's 487 and its ACK
    await farRinging.stop();
    await abandoned;
    await busyPhone.stop();
    results.codec = await runSipp({
      scenario: "records-codec-488.xml", target: `127.0.0.1:${app.sipPort}`, calls: 1, service: SERVICE_NUMBER, localPort: ports.inbound,
      inf: writeInjectionCsv(join(work, "codec.csv"), [["01020000009"]]), timeoutMs: 15_000,
    });

    // Phase B: agent1 is ready; a caller is answered by agent1's phone and hangs up after talking.
    await setAgentState(app, "agent1", "ready");
    const answerer = uas("uas-answer.xml", ports.a1);
    await carrier("answered", "carrier-abandon.xml", "01020000002", 4000);
    await answerer.done;

    await sleep(500);
    tshark.kill("SIGINT");
    await tshark.exited;
    const fields = ["frame.time_epoch", "udp.srcport", "udp.dstport", "sip.Call-ID", "sip.Method", "sip.Status-Code", "sip.CSeq.method"];
    const read = Bun.spawnSync(
      ["tshark", "-r", pcap, "-d", `udp.port==${app.sipPort},sip`, "-Y", "sip", "-T", "fields", "-E", "separator=|", ...fields.flatMap((f) => ["-e", f])],
      { stdout: "pipe", stderr: "pipe" },
    );
    for (const line of read.stdout.toString().split("\n")) {
      const [t, src, dst, callId, method, status, cseq] = line.split("|");
      if (!t || !callId) continue;
      trace.push({ at: Math.round(Number(t) * 1000), src: Number(src), dst: Number(dst), callId, method: method ?? "", status: Number(status) || 0, cseq: cseq ?? "" });
    }
    let seen: Rec[] = [];
    await waitFor(
      async () => {
        seen = await app.apiJson<Rec[]>("/api/v1/services/demo/calls?limit=100");
        return seen.length >= 7 && seen.every((c) => c.endedAt) ? seen : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250, what: "seven closed call records" },
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(seen.map((c) => [c.direction, c.from, c.to, c.result, c.endedAt]))}\n${why()}`);
    });
    for (const c of await app.apiJson<Rec[]>("/api/v1/services/demo/calls?limit=100")) {
      records.push(await app.apiJson<Rec>(`/api/v1/services/demo/calls/${encodeURIComponent(c.callId)}`));
    }
  }, 150_000);

  afterAll(async () => {
    tshark?.kill("SIGKILL");
    for (const p of background) await p.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  /** The first message of a Call-ID matching `pick`; throws with the trace when there is none. */
  const first = (callId: string | null, pick: (m: Msg) => boolean, what: string): Msg => {
    const m = trace.find((x) => x.callId === callId && pick(x));
    if (!m) throw new Error(`no ${what} for ${callId} in the trace:\n${trace.filter((x) => x.callId === callId).map((x) => JSON.stringify(x)).join("\n")}\n${why()}`);
    return m;
  };
  /** The first message sent to or from a phone's port after `after`. */
  const atPort = (port: number, after: number, pick: (m: Msg) => boolean, what: string): Msg => {
    const m = trace.find((x) => (x.dst === port || x.src === port) && x.at >= after && pick(x));
    if (!m) throw new Error(`no ${what} at port ${port} after ${after}\n${why()}`);
    return m;
  };
  const req = (method: string) => (m: Msg) => m.method === method;
  const resp = (status: number, cseq = "INVITE") => (m: Msg) => m.status === status && m.cseq === cseq;
  const near = (recordMs: number | null, wireMs: number, what: string) => {
    expect(recordMs, `${what}: the record has no time`).not.toBeNull();
    const diff = Math.abs(recordMs! - wireMs);
    expect(diff, `${what}: record ${new Date(recordMs!).toISOString()} vs trace ${new Date(wireMs).toISOString()} (${diff} ms)`).toBeLessThanOrEqual(SLACK_MS);
  };
  const record = (pick: (r: Rec) => boolean, what: string): Rec => {
    const r = records.find(pick);
    if (!r) throw new Error(`no record of ${what}: ${JSON.stringify(records.map((x) => [x.direction, x.from, x.to, x.result]))}\n${why()}`);
    return r;
  };

  it("C11: MUST record the caller answered by an agent — start at the INVITE, answer at the agent's 200, end at the caller's BYE", () => {
    expect(results.answered!.successful, why()).toBe(1);
    const r = record((x) => x.from === "01020000002", "the answered call");
    expect(r).toMatchObject({ direction: "inbound", result: "answered", hangupBy: "caller", endReason: "bye" });
    const invite = first(r.sipCallId, req("INVITE"), "INVITE");
    near(ms(r.startedAt), invite.at, "start");
    const agentInvite = atPort(ports.a1!, invite.at, req("INVITE"), "INVITE to agent1");
    const agentOk = atPort(ports.a1!, agentInvite.at, (m) => m.src === ports.a1 && resp(200)(m), "agent1's 200");
    near(ms(r.answeredAt), agentOk.at, "answer");
    near(ms(r.endedAt), first(r.sipCallId, req("BYE"), "BYE").at, "end");
    const leg = r.legs.find((l) => l.role === "agent")!;
    near(ms(leg.createdAt), agentInvite.at, "agent leg start");
    near(ms(leg.answeredAt), agentOk.at, "agent leg answer");
    near(ms(leg.endedAt), atPort(ports.a1!, agentOk.at, (m) => m.dst === ports.a1 && req("BYE")(m), "BYE to agent1").at, "agent leg end");
  });

  it("C11: MUST record a caller who gave up in the queue after a busy agent — abandoned by the caller's BYE, the agent's leg ended busy at its 486", () => {
    expect(results.abandoned!.successful, why()).toBe(1);
    const r = record((x) => x.from === "01020000001", "the abandoned call");
    expect(r).toMatchObject({ direction: "inbound", result: "abandoned", hangupBy: "caller", endReason: "bye", answeredAt: null });
    const invite = first(r.sipCallId, req("INVITE"), "INVITE");
    near(ms(r.startedAt), invite.at, "start");
    near(ms(r.endedAt), first(r.sipCallId, req("BYE"), "BYE").at, "end");
    const busyInvite = atPort(ports.a2!, invite.at, (m) => m.dst === ports.a2 && req("INVITE")(m), "INVITE to agent2");
    const busy = atPort(ports.a2!, busyInvite.at, resp(486), "agent2's 486");
    const leg = r.legs.find((l) => l.party === "1002")!;
    expect(leg).toMatchObject({ role: "agent", answeredAt: null, endCause: "busy", endBy: "remote" });
    near(ms(leg.createdAt), busyInvite.at, "agent leg start");
    near(ms(leg.endedAt), busy.at, "agent leg end");
  });

  it("C11: MUST record an internal agent-to-agent call with the caller's BYE", () => {
    expect(results.internal!.successful, why()).toBe(1);
    const r = record((x) => x.direction === "internal" && x.result === "answered", "the internal call");
    expect(r).toMatchObject({ from: "1003", to: "1001", result: "answered", hangupBy: "caller", endReason: "bye" });
    const forked = first(r.sipCallId, (m) => m.method === "INVITE" && m.dst === ports.a1, "INVITE to agent1");
    near(ms(r.startedAt), forked.at, "start");
    near(ms(r.answeredAt), first(r.sipCallId, (m) => m.src === ports.a1 && resp(200)(m), "200 from agent1").at, "answer");
    near(ms(r.endedAt), first(r.sipCallId, req("BYE"), "BYE").at, "end");
  });

  it("C11: MUST record an internal call cancelled while it rang, though never answered — ended at the caller's CANCEL", () => {
    expect(results["internal-cancelled"]!.successful, why()).toBe(1);
    const r = record((x) => x.direction === "internal" && x.result !== "answered", "the cancelled internal call");
    expect(r).toMatchObject({ from: "1003", to: "1001", result: "abandoned", hangupBy: "caller", endReason: "cancel", answeredAt: null });
    near(ms(r.startedAt), first(r.sipCallId, (m) => m.method === "INVITE" && m.dst === ports.a1, "INVITE to agent1").at, "start");
    near(ms(r.endedAt), first(r.sipCallId, (m) => m.method === "CANCEL" && m.dst === app.sipPort, "the caller's CANCEL").at, "end");
  });

  it("C11: MUST record an outbound call from a desk phone — answered at the far end's 200, ended by the agent's BYE — with both legs", () => {
    expect(results.outbound!.successful, why()).toBe(1);
    const r = record((x) => x.direction === "outbound" && x.to === "0212345678", "the outbound call");
    expect(r).toMatchObject({ result: "answered", hangupBy: "agent", endReason: "bye" });
    const invites = trace.filter((m) => m.callId === r.sipCallId && m.method === "INVITE");
    near(ms(r.startedAt), invites.at(-1)!.at, "start (the authenticated INVITE)");
    const farOk = atPort(ports.carrier!, invites.at(-1)!.at, (m) => m.src === ports.carrier && resp(200)(m), "the far end's 200");
    near(ms(r.answeredAt), farOk.at, "answer");
    near(ms(r.endedAt), first(r.sipCallId, req("BYE"), "BYE").at, "end");
    expect(r.legs.map((l) => l.role).sort()).toEqual(["agent", "caller"]);
  });

  it("C11: MUST record an outbound call the agent cancelled while it rang — not answered, ended at the CANCEL", () => {
    expect(results.cancelled!.successful, why()).toBe(1);
    const r = record((x) => x.direction === "outbound" && x.to === "0299990000", "the cancelled call");
    expect(r).toMatchObject({ result: "no-answer", hangupBy: "agent", endReason: "cancel", answeredAt: null });
    near(ms(r.startedAt), trace.filter((m) => m.callId === r.sipCallId && m.method === "INVITE").at(-1)!.at, "start");
    near(ms(r.endedAt), first(r.sipCallId, req("CANCEL"), "CANCEL").at, "end");
    const far = r.legs.find((l) => l.role === "caller")!;
    expect(far).toMatchObject({ answeredAt: null, endCause: "cancel" });
  });

  it("C11: MUST record an INVITE refused with 488 as rejected, never as an IVR call", () => {
    expect(results.codec!.successful, why()).toBe(1);
    const r = record((x) => x.from === "01020000009", "the 488 call");
    expect(r).toMatchObject({ direction: "inbound", result: "rejected", hangupBy: "system", answeredAt: null });
    near(ms(r.startedAt), first(r.sipCallId, req("INVITE"), "INVITE").at, "start");
    near(ms(r.endedAt), first(r.sipCallId, resp(488), "488").at, "end");
  });
});
