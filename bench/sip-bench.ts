/**
 * SIP benchmark: our appliance against Kamailio, same run, same placement
 * (BENCHMARKS.md): server pinned to CPU 0 (`taskset -c 0`), SIPp pinned to CPU 1 with
 * 4 MiB buffers, loopback only.
 *
 *  (a) REGISTER/s with digest auth, (b) calls/s through the proxy
 *      (INVITE/407/INVITE/180/200/ACK/BYE, short hold),
 * each ramped until a step fails the gate: ≥ 1 % failed calls, or ≥ 1 % retransmissions,
 * or < 97 % of the target rate held. Prints server CPU (from /proc/PID/stat, children
 * included for Kamailio), socket drops (`ss -uamn`), and ours/Kamailio ratios.
 *
 * Usage: npm run bench [-- --step-seconds 5 --agents 400 --no-kamailio --quick --cpu-prof DIR --baseline DIR]
 * `--cpu-prof DIR`: our appliance writes a Bun CPU profile (markdown; with `--cpu-prof-json` a .cpuprofile) into DIR when it stops.
 * `--baseline DIR`: also bench the appliance of another checkout (e.g. a `git worktree` of the
 * commit before a change) as "before", in the same run as ours and Kamailio.
 * Every loop is bounded in steps and time.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  cleanupDir,
  createAgents,
  freePort,
  sleep,
  startAppliance,
  tempDir,
  track,
  waitFor,
  type AgentCredentials,
} from "../src/e2e/harness.ts";
import { creationSeconds, runSipp, startSipp, writeInjectionCsv, type SippResult } from "../src/e2e/sipp-runner.ts";
import { writeSubscribers } from "../src/e2e/kamailio-runner.ts";
import { benchOptions } from "./bench-options.ts";

const ROOT = resolve(import.meta.dir, "..");
const options = benchOptions();
const opt = options.number;
const QUICK = options.flag("quick");
const STEP_S = opt("step-seconds", QUICK ? 3 : 5);
const AGENTS = opt("agents", QUICK ? 100 : 400);
const HOLD_MS = opt("hold-ms", 1000);
const MAX_STEPS = opt("max-steps", QUICK ? 4 : 9);
const REG_START = opt("reg-start", 500);
const CALL_START = opt("call-start", 100);
const CPU_PROF = options.string("cpu-prof");
const BASELINE = options.string("baseline");
const WITH_KAMAILIO = !options.flag("no-kamailio") && Bun.which("kamailio") !== null;
const SERVER_CPU = ["taskset", "-c", "0"];
const LOAD_CPU = ["taskset", "-c", "1"];
// A call stuck waiting for an answer fails after 8 s instead of holding the step up.
const SIPP_ARGS = ["-buff_size", "4194304", "-max_socket", "60000", "-recv_timeout", "8000"];
const TICK = 100; // clock ticks per second for /proc stat (getconf CLK_TCK on Linux)

const out = (s = "") => process.stdout.write(`${s}\n`);

/** CPU seconds used so far by `pid` and (optionally) its direct children. */
function cpuSeconds(pid: number, children = false): number {
  const one = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(f[11]) + Number(f[12])) / TICK; // utime + stime
    } catch {
      return 0;
    }
  };
  let total = one(pid);
  if (children) {
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) total += one(Number(d));
      } catch {
        /* gone */
      }
    }
  }
  return total;
}

/** UDP receive drops on `port` (sum of skmem d counters from `ss -uamn`). */
function udpDrops(port: number): number {
  const r = Bun.spawnSync(["ss", "-uamn", "sport", "=", `:${port}`]);
  let drops = 0;
  for (const m of r.stdout.toString().matchAll(/skmem:\([^)]*\bd(\d+)\)/g)) drops += Number(m[1]);
  return drops;
}

interface Target {
  name: string;
  host: string;
  port: number;
  pid: number;
  children: boolean;
  users: AgentCredentials[];
  stop(): Promise<void>;
}

interface Step {
  rate: number;
  ok: number;
  failed: number;
  retrans: number;
  created: number;
  held: number;
  cpuPct: number;
  cpuUsPerOp: number;
  drops: number;
  pass: boolean;
  why: string;
}

function gate(rate: number, r: SippResult, heldRate: number): { pass: boolean; why: string } {
  const n = Math.max(1, r.created);
  const why: string[] = [];
  if (r.failed / n >= 0.01) why.push(`failed ${((100 * r.failed) / n).toFixed(1)}%`);
  if (r.retransmissions / n >= 0.01) why.push(`retrans ${((100 * r.retransmissions) / n).toFixed(1)}%`);
  if (heldRate < 0.97 * rate) why.push(`held ${heldRate.toFixed(0)}/s < 97%`);
  if (r.timedOut) why.push("timed out");
  return { pass: why.length === 0, why: why.join(", ") || "clean" };
}

async function measure(t: Target, rate: number, tailS: number, run: () => Promise<SippResult>): Promise<Step> {
  const cpu0 = cpuSeconds(t.pid, t.children);
  const drops0 = udpDrops(t.port);
  const t0 = performance.now();
  const r = await run();
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(t.pid, t.children) - cpu0;
  const drops = udpDrops(t.port) - drops0;
  // Rate held: calls SIPp managed to start per second (it slows down when the server
  // does not keep up and -l fills), scaled by the share that succeeded.
  const target = rate * STEP_S;
  const created = creationSeconds(r.rows, target);
  const held = created ? ((target - 1) / Math.max(created, STEP_S - 1)) * (r.successful / Math.max(1, r.created)) : r.successful / Math.max(STEP_S, wall - tailS);
  const g = gate(rate, r, held);
  if (r.failed > 0) {
    const why = r.errors.split("\n").filter((l) => /Aborting|timed out|Timeout|unexpected/i.test(l)).slice(0, 2);
    for (const l of why) out(`      ${t.name} failure: ${l.replace(/^\S+\s+\S+\s+\S+:\s*/, "").slice(0, 160)}`);
  }
  return {
    rate,
    ok: r.successful,
    failed: r.failed,
    retrans: r.retransmissions,
    created: r.created,
    held,
    cpuPct: (100 * cpu) / wall,
    cpuUsPerOp: r.successful ? (1e6 * cpu) / r.successful : 0,
    drops,
    pass: g.pass,
    why: g.why,
  };
}

/** Double the rate until the gate fails, then try once between the last good and the bad one. */
async function ramp(t: Target, label: string, start: number, tailS: number, runAt: (rate: number) => Promise<SippResult>) {
  const steps: Step[] = [];
  let rate = start;
  let good = 0;
  let bad = 0;
  for (let i = 0; i < MAX_STEPS; i++) {
    const s = await measure(t, rate, tailS, () => runAt(rate));
    steps.push(s);
    out(
      `  ${t.name.padEnd(9)} ${label.padEnd(9)} target ${String(rate).padStart(6)}/s  ok ${String(s.ok).padStart(7)}  failed ${String(s.failed).padStart(5)}  retrans ${String(s.retrans).padStart(5)}  held ${s.held.toFixed(0).padStart(6)}/s  cpu ${s.cpuPct.toFixed(0).padStart(3)}%  ${s.cpuUsPerOp.toFixed(0).padStart(5)} µs/op  drops ${s.drops}  ${s.pass ? "PASS" : `FAIL (${s.why})`}`,
    );
    if (s.pass) good = Math.max(good, rate);
    else bad = bad ? Math.min(bad, rate) : rate;
    if (bad && good && bad - good <= Math.max(50, good * 0.15)) break;
    rate = bad ? Math.round((good + bad) / 2) : rate * 2;
    if (!good && bad) break; // even the first step failed
    await sleep(1500); // let retransmission timers drain between steps
  }
  const best = steps.filter((s) => s.pass).sort((a, b) => b.rate - a.rate)[0];
  return { best, steps };
}

async function benchTarget(t: Target, work: string) {
  const target = `${t.host}:${t.port}`;
  const usersCsv = writeInjectionCsv(join(work, `${t.name}-users.csv`), t.users.slice(1).map((u) => [u.extension, u.sipPassword]));
  out(`\n== ${t.name} (${target}, server pid ${t.pid}) ==`);

  const reg = await ramp(t, "REGISTER", REG_START, 0.5, (rate) =>
    runSipp({
      scenario: "register.xml",
      target,
      inf: usersCsv,
      calls: rate * STEP_S,
      rate,
      limit: Math.max(200, rate),
      prefix: LOAD_CPU,
      args: SIPP_ARGS,
      timeoutMs: (STEP_S + 30) * 1000,
    }),
  );

  // Callee: the first user, registered with its Contact at a SIPp UAS (also on CPU 1).
  const callee = t.users[0]!;
  const uasPort = await freePort();
  const calleeCsv = writeInjectionCsv(join(work, `${t.name}-callee.csv`), [[callee.extension, callee.sipPassword]]);
  const r = await runSipp({ scenario: "register.xml", target, inf: calleeCsv, calls: 1, localPort: uasPort, timeoutMs: 15_000 });
  if (r.successful !== 1) throw new Error(`${t.name}: callee registration failed`);
  const uas = startSipp({
    scenario: "uas-answer.xml",
    target,
    localPort: uasPort,
    // Each answered call lingers ~hold + 4 s in the UAS: without a big -l, SIPp's default
    // limit makes the UAS ignore INVITEs (the proxy then answers 408).
    limit: 200_000,
    prefix: LOAD_CPU,
    args: SIPP_ARGS,
    timeoutMs: 30 * 60_000,
  });
  await sleep(500);
  const tail = HOLD_MS / 1000 + 1;
  const calls = await ramp(t, "calls", CALL_START, tail, (rate) =>
    runSipp({
      scenario: "uac-call.xml",
      target,
      inf: usersCsv,
      service: callee.extension,
      calls: rate * STEP_S,
      rate,
      limit: Math.max(500, Math.ceil(rate * (HOLD_MS / 1000 + 2) * 2)),
      pauseMs: HOLD_MS,
      prefix: LOAD_CPU,
      args: SIPP_ARGS,
      timeoutMs: (STEP_S + HOLD_MS / 1000 + 40) * 1000,
    }),
  );
  await uas.stop();
  return { reg, calls };
}

/** A Kamailio peer with the same users (auth_db over SQLite, usrloc in memory). */
async function startKamailio(users: AgentCredentials[], work: string): Promise<Target> {
  const dir = join(work, "kamailio");
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, "subscriber.db");
  if (existsSync(dbPath)) rmSync(dbPath);
  writeSubscribers(dbPath, users.map((u) => ({ username: u.extension, password: u.sipPassword, domain: "127.0.0.1" })));

  const port = await freePort();
  const output: string[] = [];
  const proc = Bun.spawn(
    [
      ...SERVER_CPU,
      "kamailio",
      "-f", join(ROOT, "bench/kamailio/kamailio.cfg"),
      "-DD", "-E",
      "-l", `udp:127.0.0.1:${port}`, "-l", `tcp:127.0.0.1:${port}`,
      "-A", `DBURL="sqlite:///${dbPath}"`,
      "-A", "CHILDREN=4",
      "-w", dir, "-P", join(dir, "kamailio.pid"),
      "-m", "512", "-M", "32",
    ],
    { cwd: dir, stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  track(proc);
  void (async () => {
    for await (const c of proc.stderr as ReadableStream<Uint8Array>) output.push(new TextDecoder().decode(c));
  })();
  const { udpExchange, optionsRequest } = await import("../src/e2e/harness.ts");
  const t = { host: "127.0.0.1", port };
  try {
    await waitFor(async () => (await udpExchange(optionsRequest(t), t, { waitMs: 300 })).some((x) => x.status === 200), {
      timeoutMs: 10_000,
      what: `kamailio on ${port}`,
    });
  } catch (err) {
    proc.kill("SIGTERM"); // Kamailio's main process takes its children down with it
    throw new Error(`${String(err)}\n${output.join("").slice(-1500)}`);
  }
  return {
    name: "kamailio",
    host: "127.0.0.1",
    port,
    pid: proc.pid,
    children: true,
    users,
    stop: async () => {
      proc.kill("SIGTERM");
      await Promise.race([proc.exited, sleep(3000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "?";
  const nproc = Bun.spawnSync(["nproc"]).stdout.toString().trim();
  const sipp = Bun.spawnSync(["sipp", "-v"]).stdout.toString().match(/SIPp v[\w.-]+/)?.[0] ?? "?";
  const kam = WITH_KAMAILIO ? (Bun.spawnSync(["kamailio", "-v"]).stdout.toString().match(/kamailio [\d.]+/)?.[0] ?? "?") : "absent";
  return `${new Date().toISOString()} · nproc ${nproc} · ${cpu} · Bun ${Bun.version} · ${sipp} · ${kam}`;
}

async function main() {
  for (const bin of ["sipp", "taskset", "ss"]) if (!Bun.which(bin)) throw new Error(`${bin} is required`);
  out(`machine: ${machine()}`);
  out(`steps of ${STEP_S} s, ${AGENTS} agents, hold ${HOLD_MS} ms; gate: <1% failed, <1% retransmissions, ≥97% of target held`);
  const work = tempDir("cc-bench-");
  const env = { CC_LOG_LEVEL: "warn", CC_SIP_RATE_LIMIT: "1000000", CC_BAN_AFTER_FAILURES: "1000000", CC_REG_MAX_EXPIRES: "3600" };
  // Markdown by default; `--cpu-prof-json` writes the Chrome .cpuprofile instead (per-sample call stacks).
  const prof = CPU_PROF ? [options.flag("cpu-prof-json") ? "--cpu-prof" : "--cpu-prof-md", `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [];
  const app = await startAppliance({ command: [...SERVER_CPU, process.execPath, ...prof, "src/main.ts"], env });
  const results: Record<string, Awaited<ReturnType<typeof benchTarget>>> = {};
  try {
    const t0 = Date.now();
    const users = await createAgents(app, AGENTS, { prefix: "bench", concurrency: 4 });
    out(`created ${users.length} agents through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (BASELINE) {
      const base = await startAppliance({ command: [...SERVER_CPU, process.execPath, "src/main.ts"], cwd: resolve(BASELINE), env });
      try {
        const baseUsers = await createAgents(base, AGENTS, { prefix: "bench", concurrency: 4 });
        const target = { name: "before", host: "127.0.0.1", port: base.sipPort, pid: base.pid, children: false, users: baseUsers };
        results.before = await benchTarget({ ...target, stop: async () => void (await base.stop()) }, work);
      } finally {
        await base.stop();
      }
    }
    const ours: Target = {
      name: "ours",
      host: "127.0.0.1",
      port: app.sipPort,
      pid: app.pid,
      children: false,
      users,
      stop: async () => void (await app.stop()),
    };
    results.ours = await benchTarget(ours, work);
    if (WITH_KAMAILIO) {
      const kam = await startKamailio(users, work);
      try {
        results.kamailio = await benchTarget(kam, work);
      } finally {
        await kam.stop();
      }
    } else {
      out("\n(kamailio not installed or --no-kamailio: no comparison)");
    }
  } finally {
    await app.stop();
    cleanupDir(work);
  }

  out("\n== summary (highest clean step) ==");
  const row = (name: string, what: "reg" | "calls") => {
    const b = results[name]?.[what].best;
    return b ? `${b.rate}/s (cpu ${b.cpuPct.toFixed(0)}%, ${b.cpuUsPerOp.toFixed(0)} µs/op, drops ${b.drops})` : "no clean step";
  };
  for (const name of Object.keys(results)) {
    out(`  ${name.padEnd(9)} REGISTER with digest: ${row(name, "reg")}`);
    out(`  ${name.padEnd(9)} calls through proxy:  ${row(name, "calls")}`);
  }
  for (const name of ["before", "ours"]) {
    if (!results[name] || !results.kamailio) continue;
    for (const what of ["reg", "calls"] as const) {
      const a = results[name]![what].best;
      const b = results.kamailio[what].best;
      const rate = a && b ? (a.rate / b.rate).toFixed(2) : "n/a";
      const cpu = a && b && b.cpuUsPerOp ? (a.cpuUsPerOp / b.cpuUsPerOp).toFixed(2) : "n/a";
      out(`  ratio ${name}/kamailio ${what === "reg" ? "REGISTER" : "calls   "}: rate ${rate} · CPU per op ${cpu}`);
    }
  }
}

await main();
process.exit(0);
