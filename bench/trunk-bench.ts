/**
 * Registration-trunk calls against peer-trunk calls (issue 16): does recognising a carrier's call by
 * the `line` token of a registration (T7) cost more than trusting a peer trunk's address? Carrier
 * calls from SIPp to a service number (INVITE → 200 → ACK → short hold → BYE), at the same fixed
 * rate in alternating rounds (peer, line, peer, line … so drift hits both), the appliance pinned to
 * CPU 0 and SIPp to CPU 1; prints per round the calls completed, failures and the appliance's CPU
 * per call (utime+stime from /proc).
 *
 * Usage: bun bench/trunk-bench.ts [--rate 20 --seconds 10 --rounds 2 --hold-ms 500]
 * Every loop is bounded.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { lineToken } from "../src/cc/index.ts";
import { cleanupDir, freePort, sleep, startAppliance, tempDir } from "../src/e2e/harness.ts";
import { runSipp, writeInjectionCsv } from "../src/e2e/sipp-runner.ts";
import { benchOptions } from "./bench-options.ts";

const opt = benchOptions().number;
const RATE = opt("rate", 20);
const SECONDS = opt("seconds", 10);
const ROUNDS = opt("rounds", 2);
const HOLD_MS = opt("hold-ms", 500);
const SCENARIO = resolve(import.meta.dir, "sipp/trunk-short-call.xml");
const out = (s = "") => process.stdout.write(`${s}\n`);

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, CLK_TCK 100
}

const work = tempDir("cc-trunk-bench-");
const app = await startAppliance({ command: ["taskset", "-c", "0", process.execPath, "src/main.ts"], env: { CC_SIP_RATE_LIMIT: "1000000", CC_BAN_AFTER_FAILURES: "100000" } });
try {
  const peerPort = await freePort();
  const add = async (body: Record<string, unknown>) => {
    const res = await app.api("/api/v1/trunks", { method: "POST", body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST /api/v1/trunks → ${res.status}: ${await res.text()}`);
    return (await res.json()) as { trunkId: string };
  };
  await add({ name: "peer", mode: "peer", host: "127.0.0.1", port: peerPort, numbers: [{ number: "15880001", serviceId: "demo" }] });
  // The registrar is nowhere (a closed port): only the line token in the Request-URI matters here.
  const account = { username: "07099990001", password: "bench-pass" };
  const reg = await add({ name: "registration", mode: "register", host: "127.0.0.1", port: await freePort(), ...account, numbers: [{ number: "15880002", serviceId: "demo" }] });
  const line = `line=${lineToken({ trunkId: reg.trunkId, ...account })}`;
  const modes = [
    { name: "peer trunk", service: "15880001", port: peerPort, suffix: "user=phone" },
    { name: "registration (line)", service: "15880002", port: 0, suffix: line },
  ];
  out(`trunk-bench: ${RATE} calls/s × ${SECONDS} s per round, hold ${HOLD_MS} ms, ${ROUNDS} rounds; appliance on CPU 0, SIPp on CPU 1`);
  out("| round | trunk | ok | failed | retrans | appliance CPU % | µs per call |");
  out("|---|---|---|---|---|---|---|");
  for (let round = 1; round <= ROUNDS; round++) {
    for (const m of modes) {
      const calls = RATE * SECONDS;
      const rows = Array.from({ length: calls }, (_, i) => [`0101000${String(i).padStart(4, "0")}`, m.suffix]);
      const cpu0 = cpuSeconds(app.pid);
      const t0 = performance.now();
      const r = await runSipp({
        scenario: SCENARIO, target: `127.0.0.1:${app.sipPort}`, service: m.service, calls, rate: RATE, pauseMs: HOLD_MS,
        localPort: m.port || (await freePort()), inf: writeInjectionCsv(join(work, `calls-${round}-${m.service}.csv`), rows),
        prefix: ["taskset", "-c", "1"], args: ["-mp", String(await freePort()), "-recv_timeout", "8000"], timeoutMs: (SECONDS + 30) * 1000,
      });
      await sleep(HOLD_MS + 500); // the last BYEs handled
      const cpu = cpuSeconds(app.pid) - cpu0;
      const wall = (performance.now() - t0) / 1000;
      out(`| ${round} | ${m.name} | ${r.successful} | ${r.failed} | ${r.retransmissions} | ${((100 * cpu) / wall).toFixed(1)} | ${r.successful ? Math.round((1e6 * cpu) / r.successful) : "-"} |`);
    }
  }
} finally {
  await app.stop();
  cleanupDir(work);
}
