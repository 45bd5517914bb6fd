/**
 * What the self-explaining features cost the real appliance under real calls (issue 17 "Done when":
 * qualify probes and the trail cost no more than 5 % of calls/s at 500 registered phones).
 *
 *   bun bench/explainer-cost-bench.ts [--rates=5,10,15,20,25,30] [--window=60] [--phones=500] [--talk-ms=3000]
 *                                     [--wait-ms=2500] [--qualify=30] [--probe-us=150] [--no-rt] [--quick]
 *
 * One appliance (`bun src/main.ts`, `taskset -c 0`; every SIPp on `taskset -c 1`; traffic on 127.0.0.1):
 *  - `phones` agents created through the API, assigned to queue `main`, registered by one SIPp
 *    `register.xml` run from one port, so every Contact is one SIPp UAS there (bench/sipp/calls-agent.xml,
 *    `-aa`: it also answers each OPTIONS probe 200; `-rtp_echo`: media both ways); all set ready; the
 *    demo agents away; wrap-up 0 s (the agent is ready again after each call);
 *  - qualify on (CC_QUALIFY_SECONDS, default 30 = the product default: 500 phones → 16.7 probes/s) and
 *    the trail on (it always is); the first window starts after one qualify interval, so every phone is
 *    probed at its steady rate;
 *  - per rate step R: a SIPp caller on a peer trunk (bench/sipp/explainer-caller.xml) calls the service
 *    number at R calls/s: greeting and menu, "1" as RFC 4733 (SIPp's dtmf_2833_1.pcap), queue, offer,
 *    the agent's UAS answers, `talk-ms` of speech (g711a.pcap), the caller hangs up. After a warm-up of
 *    one call's length, a `window`-second window reads the appliance's process CPU (utime+stime of every
 *    thread, /proc/PID/stat), its main thread's CPU (/proc/PID/task/PID/stat) and from /metrics
 *    `cc_trail_seconds_total`, `cc_qualify_seconds_total` and `cc_calls_total{result="answered"}`.
 *  - per step: calls completed (answered calls that ended in the window), calls/s, CPU per call, and the
 *    share (trail + qualify seconds) / process CPU seconds, each separately too. A step is clean when the
 *    caller's SIPp had < 1 % failed calls and < 1 % retransmissions, ≥ 97 % of the target rate completed
 *    in the window, and every ended call was answered; the ramp stops at the first step that is not.
 * The share is a ratio inside one process, so other work on the machine moves it far less than it moves
 * calls/s. Every loop is bounded in count and time; SIPp and the appliance are always stopped.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { addCarrierPeer, findPcapDir, tuneFlow } from "../src/e2e/call-flow-helpers.ts";
import { cleanupDir, createAgents, freePort, sleep, startAppliance, tempDir, type Appliance } from "../src/e2e/harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "../src/e2e/sipp-runner.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const QUICK = argv.includes("--quick");
const RATES = (flag("rates") ?? (QUICK ? "5" : "5,10,15,20,25,30")).split(",").map(Number).slice(0, 8);
// The qualify counter covers the qualifier's own code, not the transport's parsing of each answer nor
// its client transaction: bench/qualify-bench.ts measured a whole probe at ≈ 100–150 µs of process CPU
// above idle, so the whole probes' share is also printed with this bound.
const PROBE_US = Number(flag("probe-us") ?? 150);
const WINDOW_S = Number(flag("window") ?? (QUICK ? 20 : 60));
const PHONES = Number(flag("phones") ?? 500);
const TALK_MS = Number(flag("talk-ms") ?? 3000);
const WAIT_MS = Number(flag("wait-ms") ?? 2500);
const QUALIFY_S = Number(flag("qualify") ?? 30);
const IDLE_S = QUICK ? 10 : 30;
const SERVICE_NUMBER = "15880000";
// The counters are the wall time of synchronous code: CPU time plus any time the thread was preempted
// inside it. Other engineers' work keeps both cores busy; unless --no-rt, the appliance and SIPp run
// SCHED_FIFO (chrt -f 10, as bench/calls-bench.ts) so that work does not preempt them mid-section.
const PRIO = argv.includes("--no-rt") ? [] : ["chrt", "-f", "10"];
const SERVER_CPU = [...PRIO, "taskset", "-c", "0"];
const LOAD_CPU = [...PRIO, "taskset", "-c", "1"];
const CLK_TCK = 100;
const RTP_LO = 30000;
const RTP_HI = 33999;
// A call: 8.5 s greeting and menu, 0.5 s key, the wait for the agent, the talk (then BYE).
const CALL_S = 9 + WAIT_MS / 1000 + TALK_MS / 1000;
const out = (s = "") => process.stdout.write(`${s}\n`);

/** utime+stime seconds of a process (all threads) or, with `tid`, of one thread. */
function cpuSeconds(pid: number, tid?: number): number {
  const s = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

/** Sum of every sample of a metric whose labels include `labels`. */
function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const p of (m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) got[p[1]!] = p[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

interface Sample {
  at: number;
  cpu: number;
  mainCpu: number;
  trail: number;
  qualify: number;
  answered: number;
  ended: number;
}

async function sample(app: Appliance): Promise<Sample> {
  const text = await (await fetch(`${app.baseUrl}/metrics`, { signal: AbortSignal.timeout(20_000) })).text();
  return {
    at: performance.now(),
    cpu: cpuSeconds(app.pid),
    mainCpu: cpuSeconds(app.pid, app.pid),
    trail: metricSum(text, "cc_trail_seconds_total"),
    qualify: metricSum(text, "cc_qualify_seconds_total"),
    answered: metricSum(text, "cc_calls_total", { direction: "inbound", result: "answered" }),
    ended: metricSum(text, "cc_calls_total", { direction: "inbound" }),
  };
}

async function portOutside(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p + 4 < RTP_LO || p > RTP_HI + 4) return p;
  }
  throw new Error(`no free port outside ${RTP_LO}-${RTP_HI}`);
}

interface Step {
  rate: number;
  seconds: number;
  completed: number;
  ended: number;
  callsPerS: number;
  cpuS: number;
  mainCpuS: number;
  trailS: number;
  qualifyS: number;
  sipp: { created: number; ok: number; failed: number; retrans: number };
  clean: boolean;
  why: string;
}

async function runStep(app: Appliance, rate: number, scenario: string, carrierPort: number, work: string): Promise<Step> {
  const calls = Math.ceil(rate * (CALL_S + 2 + WINDOW_S + 1));
  const callers = writeInjectionCsv(join(work, `callers-${rate}.csv`), Array.from({ length: calls }, (_, i) => [`0108${String(rate).padStart(2, "0")}${String(i).padStart(5, "0")}`]));
  const t0 = performance.now();
  const uac: SippProcess = startSipp({
    scenario, target: `127.0.0.1:${app.sipPort}`, inf: callers, service: SERVICE_NUMBER, calls, rate, limit: Math.ceil(rate * (CALL_S + 10)), localPort: carrierPort,
    args: ["-mp", String(await portOutside()), "-buff_size", "4194304", "-max_socket", "10000", "-recv_timeout", "30000"],
    prefix: LOAD_CPU, timeoutMs: ((calls / rate) + CALL_S + 60) * 1000,
  });
  try {
    // Warm-up: one call's length plus 2 s, so calls end at the rate they start.
    const early = await Promise.race([uac.done, sleep((CALL_S + 2) * 1000).then(() => null)]);
    if (early) throw new Error(`the caller ended before the window\n${describeSipp(early)}`);
    const a = await sample(app);
    await sleep(WINDOW_S * 1000);
    const b = await sample(app);
    const r = await Promise.race([uac.done, sleep((CALL_S + 40) * 1000).then(() => uac.stop())]);
    const seconds = (b.at - a.at) / 1000;
    const completed = b.answered - a.answered;
    const ended = b.ended - a.ended;
    const step: Step = {
      rate, seconds, completed, ended, callsPerS: completed / seconds,
      cpuS: b.cpu - a.cpu, mainCpuS: b.mainCpu - a.mainCpu, trailS: b.trail - a.trail, qualifyS: b.qualify - a.qualify,
      sipp: { created: r.created, ok: r.successful, failed: r.failed, retrans: r.retransmissions },
      clean: false, why: "",
    };
    const gate: [boolean, string][] = [
      [r.failed < 0.01 * Math.max(1, r.created), `failed calls ${r.failed}/${r.created}`],
      [r.retransmissions < 0.01 * Math.max(1, r.created), `retransmissions ${r.retransmissions}/${r.created}`],
      [step.callsPerS >= 0.97 * rate, `completed ${step.callsPerS.toFixed(2)}/s of ${rate}/s`],
      [completed === ended, `ended ${ended}, answered ${completed}`],
    ];
    step.clean = gate.every(([ok]) => ok);
    step.why = gate.filter(([ok]) => !ok).map(([, w]) => w).join("; ");
    if (r.failed) out(`  caller SIPp: ${describeSipp(r).slice(0, 1500)}`);
    return step;
  } finally {
    await uac.stop().catch(() => undefined);
    const t = (performance.now() - t0) / 1000;
    out(`  step ${rate}/s took ${t.toFixed(0)} s`);
  }
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : "–");

async function main(): Promise<void> {
  for (const bin of ["sipp", "taskset"]) if (!Bun.which(bin)) throw new Error(`${bin} is not installed`);
  const pcapDir = findPcapDir();
  if (!pcapDir) throw new Error("SIPp's pcap captures (dtmf_2833_1.pcap, g711a.pcap) not found");
  const sippV = Bun.spawnSync(["sipp", "-v"]).stdout.toString().match(/SIPp v[\S]+/)?.[0] ?? "?";
  const load0 = loadavg();
  out(`machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? "?"}; bun ${Bun.version}; ${sippV}; date ${new Date().toISOString()}`);
  out(`load average before: ${load0.map((x) => x.toFixed(2)).join(" ")}`);
  out(`phones ${PHONES}, CC_QUALIFY_SECONDS=${QUALIFY_S}, rates ${RATES.join(", ")} calls/s, window ${WINDOW_S} s, call ≈ ${CALL_S.toFixed(1)} s (talk ${TALK_MS} ms)`);
  const work = tempDir("cc-explainer-bench-");
  const app = await startAppliance({
    command: [...SERVER_CPU, process.execPath, "src/main.ts"],
    cwd: resolve(import.meta.dir, ".."),
    env: {
      CC_QUALIFY_SECONDS: String(QUALIFY_S), CC_LOG_LEVEL: "warn", CC_SIP_DIGEST_ALGORITHMS: "MD5",
      CC_SIP_RATE_LIMIT: "1000000", CC_BAN_AFTER_FAILURES: "1000000", CC_RTP_PORTS: `${RTP_LO}-${RTP_HI}`,
    },
    readyTimeoutMs: 60_000,
  });
  const bg: SippProcess[] = [];
  const steps: Step[] = [];
  let failed = "";
  try {
    const target = `127.0.0.1:${app.sipPort}`;
    const [carrierPort, phonePort, echoPort] = [await portOutside(), await portOutside(), await portOutside()];
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER, "demo", "bench carrier");
    const flow = await tuneFlow(app, { wrapUpSeconds: 0, stateAfterCall: "ready", ringTimeoutSeconds: 10, delayThresholdSeconds: 60, delayRepeatSeconds: 60 });
    if (!flow.tuned) throw new Error(`flow not tuned: ${flow.note}`);
    for (const a of ["agent1", "agent2", "agent3"]) {
      await app.api(`/api/v1/services/demo/agents/${a}/state`, { method: "POST", body: JSON.stringify({ state: "away", reason: "break" }) });
    }
    const t0 = Date.now();
    const agents = await createAgents(app, PHONES, { prefix: "x", concurrency: 4 });
    const assigned = await app.api("/api/v1/services/demo/queues/main/agents", { method: "PUT", body: JSON.stringify({ loginIds: agents.map((a) => a.loginId) }) });
    if (!assigned.ok) throw new Error(`PUT …/queues/main/agents → ${assigned.status}: ${await assigned.text()}`);
    out(`created and assigned ${agents.length} agents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const csv = writeInjectionCsv(join(work, "phones.csv"), agents.map((a) => [a.extension, a.sipPassword]));
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: PHONES, rate: 200, limit: 50, localPort: phonePort, args: ["-buff_size", "4194304"], prefix: LOAD_CPU, timeoutMs: 60_000 });
    if (reg.successful !== PHONES) throw new Error(`registered ${reg.successful}/${PHONES}\n${describeSipp(reg)}`);
    const registeredAt = performance.now();
    // The phones: one UAS answering INVITEs (calls-agent.xml) and, with -aa, every OPTIONS probe 200.
    // An OPTIONS starts a SIPp "call" that then waits for an INVITE: -recv_timeout ends it after 20 s.
    const uas = startSipp({
      scenario: join(import.meta.dir, "sipp", "calls-agent.xml"), target, localPort: phonePort,
      args: ["-aa", "-rtp_echo", "-mp", String(echoPort), "-buff_size", "4194304", "-max_socket", "10000", "-recv_timeout", "20000"],
      prefix: LOAD_CPU, timeoutMs: 3_600_000,
    });
    bg.push(uas);
    await sleep(500);
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < agents.length) {
        const a = agents[next++]!;
        const res = await app.api(`/api/v1/services/demo/agents/${a.loginId}/state`, { method: "POST", body: JSON.stringify({ state: "ready" }) });
        if (!res.ok) throw new Error(`set ${a.loginId} ready → ${res.status}: ${await res.text()}`);
      }
    }));
    out(`registered ${PHONES} phones (Contact 127.0.0.1:${phonePort}), all ready`);

    const scen = readFileSync(join(import.meta.dir, "sipp", "explainer-caller.xml"), "utf8")
      .replaceAll("{{PCAP_DIR}}", pcapDir).replaceAll("{{WAIT_MS}}", String(WAIT_MS)).replaceAll("{{TALK_MS}}", String(TALK_MS));
    const scenario = join(work, "explainer-caller.xml");
    writeFileSync(scenario, scen);

    // Every phone's first probe comes one interval after its REGISTER: wait for the steady state.
    const settle = QUALIFY_S * 1000 + 3000 - (performance.now() - registeredAt);
    if (settle > 0) await sleep(settle);
    const idleA = await sample(app);
    await sleep(IDLE_S * 1000);
    const idleB = await sample(app);
    const idleS = (idleB.at - idleA.at) / 1000;
    out(`idle (no calls, qualify on) over ${idleS.toFixed(0)} s: process CPU ${pct((idleB.cpu - idleA.cpu) / idleS)} of a core, qualify ${((idleB.qualify - idleA.qualify) * 1000 / idleS).toFixed(2)} ms/s, trail ${((idleB.trail - idleA.trail) * 1000 / idleS).toFixed(2)} ms/s`);
    const reachable = await app.apiJson<{ loginId: string; state: string }[]>("/api/v1/services/demo/agents");
    const notReady = reachable.filter((a) => a.loginId.startsWith("x") && a.state !== "ready").length;
    if (notReady) out(`WARNING: ${notReady} bench agents not ready (unreachable phones?)`);

    for (const rate of RATES) {
      out(`\n== ${rate} calls/s ==`);
      let s: Step;
      try {
        s = await runStep(app, rate, scenario, carrierPort, work);
      } catch (err) {
        // An overloaded appliance answers /metrics late or not at all: that step is not clean.
        out(`step ${rate}/s failed: ${String(err).slice(0, 3000)}`);
        failed = `${rate} calls/s: ${String(err).slice(0, 200)}`;
        break;
      }
      steps.push(s);
      const share = (s.trailS + s.qualifyS) / s.cpuS;
      out(`  ${s.completed} calls completed in ${s.seconds.toFixed(1)} s = ${s.callsPerS.toFixed(2)} calls/s; process CPU ${s.cpuS.toFixed(2)} s (${pct(s.cpuS / s.seconds)} of a core, main thread ${s.mainCpuS.toFixed(2)} s); ${(1000 * s.cpuS / Math.max(1, s.completed)).toFixed(1)} ms CPU per call`);
      out(`  trail ${(1000 * s.trailS).toFixed(1)} ms (${pct(s.trailS / s.cpuS)}), qualify ${(1000 * s.qualifyS).toFixed(1)} ms (${pct(s.qualifyS / s.cpuS)}), together ${pct(share)} of the process CPU (${pct((s.trailS + s.qualifyS) / s.mainCpuS)} of the main thread's)`);
      const probeS = (PHONES / QUALIFY_S) * s.seconds * PROBE_US / 1e6;
      out(`  whole probes (${(PHONES / QUALIFY_S).toFixed(1)}/s × ${PROBE_US} µs, bench/qualify-bench.ts): ${pct(probeS / s.cpuS)}; trail + whole probes ${pct((s.trailS + probeS) / s.cpuS)}`);
      out(`  caller SIPp: created ${s.sipp.created}, ok ${s.sipp.ok}, failed ${s.sipp.failed}, retransmissions ${s.sipp.retrans}; ${s.clean ? "clean" : `NOT clean: ${s.why}`}`);
      if (!s.clean) break;
      await sleep(3000); // the last calls' BYEs and the agents' UAS wait
    }
    if (app.exited()) out(`appliance exited:\n${app.logs().slice(-3000)}`);
    const errs = app.logs().split("\n").filter((l) => /"level":(50|60)|uncaught|exception/i.test(l)).slice(0, 10);
    if (errs.length) out(`appliance error lines (first ${errs.length}):\n${errs.join("\n")}`);
  } finally {
    for (const p of bg) await p.stop().catch(() => undefined);
    await app.stop({ timeoutMs: 10_000 });
    cleanupDir(work);
  }
  const load1 = loadavg();
  out(`\nload average after: ${load1.map((x) => x.toFixed(2)).join(" ")}`);
  out(`\n| target calls/s | calls completed (window) | calls/s | process CPU (% of a core) | CPU per call | trail | qualify | trail + qualify (share of process CPU) | of main thread | trail + whole probes (${PROBE_US} µs each) | clean |`);
  out("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const s of steps) {
    out(`| ${s.rate} | ${s.completed} in ${s.seconds.toFixed(0)} s | ${s.callsPerS.toFixed(2)} | ${(100 * s.cpuS / s.seconds).toFixed(1)} | ${(1000 * s.cpuS / Math.max(1, s.completed)).toFixed(1)} ms | ${pct(s.trailS / s.cpuS)} | ${pct(s.qualifyS / s.cpuS)} | **${pct((s.trailS + s.qualifyS) / s.cpuS)}** | ${pct((s.trailS + s.qualifyS) / s.mainCpuS)} | ${pct((s.trailS + (PHONES / QUALIFY_S) * s.seconds * PROBE_US / 1e6) / s.cpuS)} | ${s.clean ? "yes" : `no (${s.why})`} |`);
  }
  if (failed) out(`| ${failed} | | | | | | | | | | no |`);
  const best = steps.filter((s) => s.clean).at(-1);
  if (best) out(`\nhighest clean step: ${best.rate} calls/s; trail + qualify = ${pct((best.trailS + best.qualifyS) / best.cpuS)} of the appliance's CPU (goal ≤ 5 %) → ${(best.trailS + best.qualifyS) / best.cpuS <= 0.05 ? "PASS" : "FAIL"}`);
  else out("\nno clean step");
}

await main();
process.exit(0);
