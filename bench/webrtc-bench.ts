/**
 * Concurrent WebRTC legs bridged to plain-RTP callers, recorded (issue 8's figure): how many calls one core
 * holds with added jitter p99 < 5 ms and nothing lost, and the CPU and memory each costs — next to plain-RTP
 * agents measured the same way, and to bench/calls-bench.ts (the whole appliance with SIPp), in the same run.
 *
 *   bun bench/webrtc-bench.ts [--webrtc-steps=25,50,100,150,200] [--rtp-steps=100,200,300] [--window=8]
 *                             [--burst] [--calls-bench=200 | --no-calls-bench] [--no-rt]
 *
 * Each step is a fresh server process (bench/webrtc-bench-server.ts: our media layer, each call a plain
 * caller leg bridged with `bridgeCalls` and a stereo recording to a WebRTC or plain agent leg) pinned to CPU 0,
 * and a fresh load process (bench/webrtc-bench-load.ts: plain callers sending PCMU noise every 20 ms, agents
 * echoing every packet — werift peers standing in for browsers, or plain UDP echoes) on CPU 1 with the
 * capture; SCHED_FIFO 10 for both unless --no-rt (the machine is shared, see README). SIP is not in the
 * way: the calls are set up over a small HTTP API (the WebRTC set-up's own cost is printed per call).
 * Window: `dumpcap` on lo over the server's ports (its first second left out), the server's CPU and RSS from
 * /proc, socket drops from `ss -uamn`; each output packet is paired with the input packet it relays by RTP
 * timestamp (bench/rtp-relay-capture.ts: SRTP hides payloads, not headers). Gate: every stream paired, added
 * jitter p99 < 5 ms, 0 lost, 0 socket drops. A mode's ramp stops at its first failing step. Bounded in time.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { cleanupDir, freePort, sleep, tempDir } from "../src/e2e/harness.ts";
import { lostIn, pairByTimestamp, percentile, readRtpCapture, type RtpStream } from "./rtp-relay-capture.ts";
import { callerPort } from "./webrtc-bench-server.ts";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const steps = (name: string, def: string) => (flag(name) ?? def).split(",").filter(Boolean).map(Number);
const WEBRTC_STEPS = steps("webrtc-steps", "25,50,100,150,200");
const RTP_STEPS = steps("rtp-steps", "100,200,300");
// --burst: every caller sends in the same instant of each 20 ms tick (like SIPp's rtp_stream), not spread.
const BURST = argv.includes("--burst");
const WINDOW_S = Number(flag("window") ?? 8);
const CALLS_BENCH = argv.includes("--no-calls-bench") ? undefined : (flag("calls-bench") ?? "200");
const PRIO = argv.includes("--no-rt") ? [] : ["chrt", "-f", "10"];
const JITTER_LIMIT_MS = 5;
const CLK_TCK = 100;

const proc = (pid: number, file: string) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
};
const cpuTicks = (pid: number) => {
  const s = proc(pid, "stat");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
};
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(proc(pid, "status"))?.[1] ?? NaN);

/** Receive-queue drops (skmem d) summed over local UDP ports in [lo, hi], from `ss -uamn`. */
function udpDrops(lo: number, hi: number): number {
  let port = -1;
  let total = 0;
  const text = Bun.spawnSync(["ss", "-uamn"], { stdout: "pipe" }).stdout.toString();
  for (const line of text.split("\n")) {
    const m = /^\S+\s+\d+\s+\d+\s+\S*:(\d+)\s/.exec(line);
    if (m) port = Number(m[1]);
    const d = /skmem:\(.*,d(\d+)\)/.exec(line);
    if (d && port >= lo && port <= hi) total += Number(d[1]);
  }
  return total;
}

interface StepResult {
  mode: "webrtc" | "rtp";
  calls: number;
  paired: number;
  streams: number;
  latP50: number;
  latP99: number;
  addP99: number;
  addMax: number;
  lost: number;
  drops: number;
  cpuPct: number;
  loadCpuPct: number;
  rssIdleMiB: number;
  rssLoadedMiB: number;
  setupMs: number;
  pass: boolean;
  why: string;
}

async function step(mode: "webrtc" | "rtp", n: number): Promise<StepResult> {
  const work = tempDir("webrtc-bench-");
  const base = 20000 + Math.floor(Math.random() * 8) * 1000;
  const control = await freePort();
  const args = [`--calls=${n}`, `--mode=${mode}`, `--base=${base}`, `--control=${control}`, ...(BURST ? ["--burst"] : [])];
  const server = Bun.spawn([...PRIO, "taskset", "-c", "0", process.execPath, join(import.meta.dir, "webrtc-bench-server.ts"), ...args, `--dir=${work}`], { stdout: "pipe", stderr: "pipe" });
  const lines: string[] = [];
  let load: Bun.Subprocess | undefined;
  try {
    const serverOut = server.stdout.getReader();
    const first = await Promise.race([serverOut.read(), sleep(20_000).then(() => undefined)]);
    if (!first || !new TextDecoder().decode(first.value).includes("listening")) throw new Error("server did not start");
    await sleep(500);
    const rssIdle = rssKiB(server.pid);
    const t0 = performance.now();
    load = Bun.spawn([...PRIO, "taskset", "-c", "1", process.execPath, join(import.meta.dir, "webrtc-bench-load.ts"), ...args], { stdout: "pipe", stderr: "pipe" });
    const decoder = new TextDecoder();
    let buffered = "";
    const reader = (load.stdout as ReadableStream<Uint8Array>).getReader();
    const deadline = Date.now() + 30_000 + n * 300;
    while (!lines.includes("ready")) {
      const chunk = await Promise.race([reader.read(), sleep(Math.max(0, deadline - Date.now())).then(() => undefined)]);
      if (!chunk || chunk.done) throw new Error(`load did not set up ${n} calls: ${await new Response(load.stderr as ReadableStream).text().catch(() => "")}`.slice(0, 2000));
      buffered += decoder.decode(chunk.value, { stream: true });
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      lines.push(...parts.map((l) => l.trim()).filter(Boolean));
    }
    const setupMs = (performance.now() - t0) / n;
    const legs = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { i: number; callerLeg: number; agentLeg: number });
    await sleep(3000 + n * 10); // the JIT done with the hot path, every stream steady
    const pcap = join(work, "rtp.pcap");
    const hi = base + 4 * n + 99;
    const capture = Bun.spawn([...PRIO, "taskset", "-c", "1", "dumpcap", "-q", "-P", "-i", "lo", "-s", "80", "-B", "64", "-f", `udp portrange ${base}-${hi}`, "-a", `duration:${WINDOW_S + 1}`, "-w", pcap], { stdout: "ignore", stderr: "pipe" });
    await sleep(1000);
    const drops0 = udpDrops(base, hi);
    const [s0, l0, w0] = [cpuTicks(server.pid), cpuTicks(load.pid), performance.now()];
    await sleep((WINDOW_S * 1000) / 2);
    const rssLoaded = rssKiB(server.pid);
    await sleep((WINDOW_S * 1000) / 2);
    const [s1, l1, w1] = [cpuTicks(server.pid), cpuTicks(load.pid), performance.now()];
    const drops = udpDrops(base, hi) - drops0;
    await Promise.race([capture.exited, sleep(5000)]);
    const streams = readRtpCapture(pcap, 1);
    const from = (src: number, dst?: number) => streams.find((s) => s.src === src && (dst === undefined || s.dst === dst));
    const to = (dst: number) => streams.find((s) => s.dst === dst);
    const lats: number[] = [];
    const adds: number[] = [];
    let paired = 0;
    let lost = 0;
    const pair = (input?: RtpStream, output?: RtpStream) => {
      if (!input || !output) return;
      lost += lostIn(output);
      const r = pairByTimestamp(input, output);
      if (!r) return;
      paired++;
      lats.push(...r.lats);
      adds.push(...r.adds);
    };
    for (const leg of legs) {
      pair(from(callerPort(base, leg.i), leg.callerLeg), from(leg.agentLeg)); // caller → server → agent
      pair(to(leg.agentLeg), from(leg.callerLeg, callerPort(base, leg.i))); // agent → server → caller
    }
    const L = Float64Array.from(lats).sort();
    const A = Float64Array.from(adds).sort();
    const secs = (w1 - w0) / 1000;
    const r: StepResult = {
      mode, calls: n, paired, streams: 2 * n,
      latP50: percentile(L, 0.5), latP99: percentile(L, 0.99), addP99: percentile(A, 0.99), addMax: A.length ? A[A.length - 1]! : NaN,
      lost, drops,
      cpuPct: ((s1 - s0) / CLK_TCK / secs) * 100, loadCpuPct: ((l1 - l0) / CLK_TCK / secs) * 100,
      rssIdleMiB: rssIdle / 1024, rssLoadedMiB: rssLoaded / 1024, setupMs, pass: false, why: "",
    };
    const fails = [
      paired < 2 * n ? `${2 * n - paired} streams unpaired` : "",
      !(r.addP99 < JITTER_LIMIT_MS) ? `added jitter p99 ${r.addP99.toFixed(2)} ms` : "",
      lost ? `lost ${lost}` : "",
      drops ? `${drops} socket drops` : "",
    ].filter(Boolean);
    r.pass = fails.length === 0;
    r.why = fails.join(", ");
    return r;
  } finally {
    load?.kill("SIGKILL");
    server.kill("SIGKILL");
    await Promise.all([load?.exited, server.exited]);
    cleanupDir(work);
  }
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "–");
function row(r: StepResult): string {
  const perCall = r.cpuPct / r.calls;
  const rssPer = ((r.rssLoadedMiB - r.rssIdleMiB) * 1024) / r.calls;
  const usPerPacket = ((r.cpuPct / 100) * 1e6) / (r.calls * 100); // a call relays 50 packets/s each way
  return `| ${r.mode} | ${r.calls} | ${f(r.addP99)} / ${f(r.addMax, 1)} | ${f(r.latP50)} / ${f(r.latP99)} | ${r.lost} | ${r.drops} | ${f(r.cpuPct, 1)} | ${f(perCall)} % | ${f(usPerPacket, 1)} | ${f(r.rssIdleMiB, 1)} → ${f(r.rssLoadedMiB, 1)} | ${f(rssPer, 0)} KiB | ${f(r.setupMs, 0)} | ${f(r.loadCpuPct, 0)} | ${r.pass ? "pass" : `**fail** (${r.why})`} |`;
}

async function main(): Promise<void> {
  for (const bin of ["dumpcap", "taskset", "ss", ...(PRIO.length ? ["chrt"] : [])]) if (!Bun.which(bin)) throw new Error(`${bin} is not installed`);
  console.log(`# webrtc-bench ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Bun ${Bun.version}; ${WINDOW_S} s windows; ${PRIO.length ? "SCHED_FIFO 10" : "normal priority"}; callers ${BURST ? "in one burst per 20 ms tick" : "spread over the 20 ms"}`);
  console.log("| agent legs | calls | added jitter p99 / max (ms) | relay latency p50 / p99 (ms) | lost | drops | server CPU (% of a core) | CPU per call | µs per relayed packet | RSS idle → loaded (MiB) | RSS per call | set-up ms per call | load CPU % | gate |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const best: Record<string, number> = {};
  for (const [mode, list] of [["rtp", RTP_STEPS], ["webrtc", WEBRTC_STEPS]] as const) {
    for (const n of list) {
      let r: StepResult;
      try {
        r = await step(mode, n);
      } catch (error) {
        console.log(`| ${mode} | ${n} | error: ${String(error).slice(0, 300).replaceAll("\n", " ")} |`);
        break;
      }
      console.log(row(r));
      if (!r.pass) break;
      best[mode] = n;
    }
  }
  console.log(`\nmost calls passing the gate: plain RTP agents ${best.rtp ?? 0}, WebRTC agents ${best.webrtc ?? 0}`);
  if (CALLS_BENCH) {
    console.log(`\n# bench/calls-bench.ts --steps=${CALLS_BENCH} (the whole appliance, SIPp callers and agents, plain RTP), same run`);
    const cb = Bun.spawn([process.execPath, join(import.meta.dir, "calls-bench.ts"), `--steps=${CALLS_BENCH}`, ...(PRIO.length ? [] : ["--no-rt"])], { stdout: "pipe", stderr: "pipe" });
    const out = await Promise.race([new Response(cb.stdout).text(), sleep(600_000).then(() => (cb.kill(), "calls-bench timed out after 10 min"))]);
    console.log(out.split("\n").filter((l) => l.startsWith("|") || /calls|fail|pass/i.test(l)).join("\n"));
  }
}

await main();
process.exit(0);
