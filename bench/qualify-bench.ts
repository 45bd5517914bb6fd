/**
 * Qualify bench (issue 17): what OPTIONS probes of 500 registered desk phones cost the appliance.
 * One data directory: 500 agents created, 500 phones registered once by SIPp (their Contact is one
 * SIPp UAS that answers every OPTIONS 200); the appliance (pinned to CPU 0, SIPp to CPU 1) is then
 * started over it with CC_QUALIFY_SECONDS = 0 (no probes), 30 (the default) and 5, and its CPU is
 * read from /proc over the same window. CPU per probe and the share of a core are printed, and the
 * share of the calls/s ceiling that CPU would take (ceiling and CPU per call from bench/README.md's
 * SIP bench, or --call-us / --calls-per-s).
 *
 * Usage: bun bench/qualify-bench.ts [--phones 500 --window-s 30 --intervals 0,30,5]
 * Every loop is bounded in steps and time; traffic stays on 127.0.0.1.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cleanupDir, createAgents, freePort, sleep, startAppliance, tempDir, type Appliance } from "../src/e2e/harness.ts";
import { runSipp, startSipp, writeInjectionCsv } from "../src/e2e/sipp-runner.ts";
import { benchOptions } from "./bench-options.ts";

const given = benchOptions().string;
const opt = (name: string, def: string) => given(name) ?? def;
const PHONES = Number(opt("phones", "500"));
const WINDOW_S = Number(opt("window-s", "30"));
const INTERVALS = opt("intervals", "0,30,5").split(",").map(Number).slice(0, 6);
// The appliance's clean calls/s ceiling and CPU per call in the SIP bench (bench/README.md, run 07:05).
const CALLS_PER_S = Number(opt("calls-per-s", "900"));
const CALL_US = Number(opt("call-us", "1042"));
const SERVER_CPU = ["taskset", "-c", "0"];
const LOAD_CPU = ["taskset", "-c", "1"];
const TICK = 100;
const out = (s = "") => process.stdout.write(`${s}\n`);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICK;
}

async function main(): Promise<void> {
  const work = tempDir("cc-qualify-bench-");
  const dataDir = join(work, "data");
  const [sipPort, httpPort, phonePort] = [await freePort(), await freePort(), await freePort()];
  const env = (q: number) => ({
    CC_SIP_PORT: String(sipPort), CC_HTTP_PORT: String(httpPort), CC_QUALIFY_SECONDS: String(q), CC_LOG_LEVEL: "warn",
    CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "1000000", CC_BAN_AFTER_FAILURES: "1000000",
  });
  const start = (q: number) => startAppliance({ command: [...SERVER_CPU, process.execPath, "src/main.ts"], cwd: resolve(import.meta.dir, ".."), env: env(q), dataDir, readyTimeoutMs: 60_000 });
  let app: Appliance | undefined = await start(0);
  const rows: { q: number; cpu: number; probes: number }[] = [];
  try {
    const t0 = Date.now();
    const users = await createAgents(app, PHONES, { prefix: "q", concurrency: 4 });
    out(`created ${users.length} agents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const csv = writeInjectionCsv(join(work, "phones.csv"), users.map((u) => [u.extension, u.sipPassword]));
    const reg = await runSipp({ scenario: "register.xml", target: `127.0.0.1:${sipPort}`, inf: csv, calls: PHONES, rate: 200, limit: 50, localPort: phonePort, prefix: LOAD_CPU, timeoutMs: 60_000 });
    out(`registered ${reg.successful}/${PHONES} phones (failed ${reg.failed}), Contact 127.0.0.1:${phonePort}`);
    if (reg.successful !== PHONES) throw new Error(`registration failed:\n${reg.errors.slice(0, 2000)}`);
    for (const q of INTERVALS) {
      await app?.stop({ keepDataDir: true });
      app = await start(q);
      const uas = startSipp({ scenario: resolve(import.meta.dir, "sipp/options-uas.xml"), target: `127.0.0.1:${sipPort}`, localPort: phonePort, prefix: LOAD_CPU, timeoutMs: (WINDOW_S + 60) * 1000 });
      await sleep(Math.min(q || 2, 30) * 1000 + 2000); // warm-up: the first round of probes is spread over one interval
      const before = cpuSeconds(app.pid);
      const uasBefore = Date.now();
      await sleep(WINDOW_S * 1000);
      const cpu = cpuSeconds(app.pid) - before;
      const seconds = (Date.now() - uasBefore) / 1000;
      const r = await uas.stop();
      // Probes answered over the warm-up and the window; the window's share is its rate × length.
      const probes = q > 0 ? Math.round((PHONES / q) * seconds) : r.successful;
      rows.push({ q, cpu: cpu / seconds, probes });
      out(`CC_QUALIFY_SECONDS=${q}: ${r.successful} OPTIONS answered in total, server CPU ${(100 * cpu / seconds).toFixed(2)} % of a core over ${seconds.toFixed(0)} s`);
    }
  } finally {
    await app?.stop({ keepDataDir: true });
    cleanupDir(work);
  }
  const base = rows.find((r) => r.q === 0)?.cpu ?? 0;
  out("");
  out(`| CC_QUALIFY_SECONDS | probes/s | server CPU (% of a core) | above no-probe idle | µs per probe | share of ${CALLS_PER_S} calls/s × ${CALL_US} µs |`);
  out("|---|---|---|---|---|---|");
  for (const r of rows) {
    const perS = r.q > 0 ? PHONES / r.q : 0;
    const extra = Math.max(0, r.cpu - base);
    const us = perS > 0 ? (extra / perS) * 1e6 : 0;
    const share = extra / ((CALLS_PER_S * CALL_US) / 1e6);
    out(`| ${r.q} | ${perS.toFixed(1)} | ${(100 * r.cpu).toFixed(2)} | ${(100 * extra).toFixed(2)} | ${perS > 0 ? us.toFixed(0) : "—"} | ${r.q > 0 ? `${(100 * share).toFixed(2)} %` : "—"} |`);
  }
}

await main();
