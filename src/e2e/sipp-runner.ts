/**
 * Running SIPp 3.6 (Debian `sip-tester`) with a bounded timeout and reading its results:
 * exit code, the last line of `-trace_stat` (the figures at exit), `-trace_err` events,
 * and the final screen (`-trace_screen`).
 * SIPp's exit codes: 0 all calls succeeded, 1 some failed, 97 exit by command,
 * 99 normal exit without calls, 255/-1 fatal, 254/-2 fatal binding.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { drain, sleep, tempDir, cleanupDir, track, udpPortBound, SIPP_DIR } from "./harness.ts";

export interface SippOptions {
  /** Scenario file name under src/e2e/sipp/ or an absolute path. */
  scenario: string;
  /** host:port of the server under test. */
  target: string;
  /** Injection file (`-inf`). */
  inf?: string;
  /** -s: the service (callee user part). */
  service?: string;
  /** -m: stop after this many calls. */
  calls?: number;
  /** -r: calls per second (with -rp 1000). */
  rate?: number;
  /** -l: limit of simultaneous calls. */
  limit?: number;
  /** -p: local port. */
  localPort?: number;
  /** -i: local address (default 127.0.0.1). */
  localIp?: string;
  /** -t: u1 (UDP, one socket), t1 (TCP, one socket), un/tn. Default u1. */
  transport?: "u1" | "un" | "t1" | "tn";
  /** -d: pause duration in ms (the call hold in uac-call.xml). */
  pauseMs?: number;
  /** Extra arguments (e.g. ["-lost", "10"]). */
  args?: string[];
  /** Kill SIPp after this long; default 60 s. */
  timeoutMs?: number;
  /** Prefix the command (e.g. ["taskset", "-c", "1"]). */
  prefix?: string[];
  /** Keep the work dir (stat/err files) instead of removing it. */
  keepFiles?: boolean;
}

export interface SippResult {
  exitCode: number | null;
  timedOut: boolean;
  /** Last line of the stat CSV, by column name (e.g. "SuccessfulCall(C)"). */
  stats: Record<string, string>;
  /** Every line of the stat CSV (one per -fd period, 1 s), by column name. */
  rows: Record<string, string>[];
  successful: number;
  failed: number;
  retransmissions: number;
  created: number;
  /** Contents of the -trace_err file (unexpected messages, aborted calls). */
  errors: string;
  /** Final screen (-trace_screen) or stdout. */
  screen: string;
  stderr: string;
  command: string[];
  /** Work directory with the stat/err/screen files (removed unless keepFiles). */
  dir: string;
}

/** Resolve a scenario name to its path. */
export function scenarioPath(name: string): string {
  return name.startsWith("/") ? name : join(SIPP_DIR, name);
}

/** Write a SIPp injection file: `SEQUENTIAL` then `field0;field1;…` per line. */
export function writeInjectionCsv(path: string, rows: readonly (readonly string[])[], order = "SEQUENTIAL"): string {
  writeFileSync(path, [order, ...rows.map((r) => r.join(";"))].join("\n") + "\n");
  return path;
}

/** Parse SIPp's `-trace_stat` CSV: every data row by column name. */
export function parseSippStatRows(csv: string): Record<string, string>[] {
  const lines = csv.split("\n").filter((l) => l.trim() !== "");
  if (lines.length < 2) return [];
  const header = lines[0]!.split(";");
  return lines.slice(1).map((line) => {
    const cells = line.split(";");
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ""));
    return row;
  });
}

/** Parse SIPp's `-trace_stat` CSV: the last data row (the figures at exit). */
export function parseSippStats(csv: string): Record<string, string> {
  const rows = parseSippStatRows(csv);
  return rows[rows.length - 1] ?? {};
}

/**
 * Seconds SIPp took to create its first `count` calls, interpolated between the 1 s stat
 * rows (CurrentTime is "date<TAB>time<TAB>epoch"); null if never reached.
 */
export function creationSeconds(rows: Record<string, string>[], count: number): number | null {
  const epoch = (v: string | undefined) => Number((v ?? "").split("\t").pop());
  const start = epoch(rows[0]?.StartTime);
  let prevT = start;
  let prevN = 0;
  for (const row of rows) {
    const t = epoch(row.CurrentTime);
    const n = Number(row.TotalCallCreated);
    if (n >= count) return n === prevN ? t - start : prevT - start + ((count - prevN) / (n - prevN)) * (t - prevT);
    prevT = t;
    prevN = n;
  }
  return null;
}

/** The cumulative count of a statistics-screen line (e.g. "Successful call"), from the last screen in `screen`. */
export function finalScreenCount(screen: string, label: string): number | undefined {
  let value: number | undefined;
  const re = new RegExp(`^\\s*${label}\\s*\\|[^|]*\\|\\s*(\\d+)`, "gm");
  for (const m of screen.matchAll(re)) value = Number(m[1]);
  return value;
}

function buildArgs(o: SippOptions, dir: string): string[] {
  const args = ["sipp", "-sf", scenarioPath(o.scenario)];
  if (o.inf) args.push("-inf", o.inf);
  if (o.service) args.push("-s", o.service);
  if (o.calls !== undefined) args.push("-m", String(o.calls));
  if (o.rate !== undefined) args.push("-r", String(o.rate), "-rp", "1000");
  if (o.limit !== undefined) args.push("-l", String(o.limit));
  if (o.localPort !== undefined) args.push("-p", String(o.localPort));
  if (o.pauseMs !== undefined) args.push("-d", String(o.pauseMs));
  args.push("-i", o.localIp ?? "127.0.0.1", "-t", o.transport ?? "u1");
  args.push("-nostdin", "-trace_stat", "-stf", join(dir, "stat.csv"), "-fd", "1");
  args.push("-trace_err", "-error_file", join(dir, "errors.log"));
  args.push("-trace_screen", "-screen_file", join(dir, "screen.log"));
  args.push(...(o.args ?? []), o.target);
  return [...(o.prefix ?? []), ...args];
}

export interface SippProcess {
  proc: Subprocess;
  /** Resolves when SIPp exits (or is killed at the timeout). */
  done: Promise<SippResult>;
  /** Stop SIPp now (SIGTERM then SIGKILL); resolves with its result. */
  stop(): Promise<SippResult>;
  /**
   * Resolves once SIPp listens on its UDP SIP port (`localPort`; at once over TCP), so what it should answer is not
   * refused before it binds (a fixed sleep was too short on a loaded machine); rejects when it exits first or takes
   * over 10 s.
   */
  ready: Promise<void>;
}

/** Start SIPp in the background (e.g. a UAS); use `done` or `stop()` for the result. */
export function startSipp(o: SippOptions): SippProcess {
  const dir = tempDir("cc-sipp-");
  const command = buildArgs(o, dir);
  const out: string[] = [];
  const err: string[] = [];
  const proc = Bun.spawn(command, { cwd: dir, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  track(proc);
  const outDone = drain(proc.stdout, out);
  const errDone = drain(proc.stderr, err);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGTERM");
    setTimeout(() => proc.kill("SIGKILL"), 2000).unref?.();
  }, o.timeoutMs ?? 60_000);

  const done = (async (): Promise<SippResult> => {
    const exitCode = await proc.exited;
    clearTimeout(timer);
    await Promise.race([Promise.all([outDone, errDone]), sleep(1000)]);
    const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), "utf8") : "");
    const rows = parseSippStatRows(read("stat.csv"));
    const stats = rows[rows.length - 1] ?? {};
    const num = (k: string) => Number(stats[k] ?? "0") || 0;
    const screen = read("screen.log");
    // The stat CSV is dumped once a second and its last line can predate the last call's end (seen: a UAS
    // that exited 0, SIPp's "all calls successful", with 19 of 20 in its last line); the screen SIPp writes
    // on exit has the final cumulative counts, so they win when present.
    const final = (label: string, fallback: number) => finalScreenCount(screen, label) ?? fallback;
    const result: SippResult = {
      exitCode,
      timedOut,
      stats,
      rows,
      successful: final("Successful call", num("SuccessfulCall(C)")),
      failed: final("Failed call", num("FailedCall(C)")),
      retransmissions: num("Retransmissions(C)"),
      created: final("Total Calls created", num("TotalCallCreated")),
      errors: read("errors.log"),
      screen: screen || out.join(""),
      stderr: err.join(""),
      command,
      dir,
    };
    if (!o.keepFiles) cleanupDir(dir);
    return result;
  })();

  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      const exited = await Promise.race([proc.exited.then(() => true), sleep(3000).then(() => false)]);
      if (!exited) proc.kill("SIGKILL");
    }
    return done;
  };
  const ready = (async () => {
    const deadline = Date.now() + 10_000;
    // Over UDP only (SIPp's default `u1`): a TCP or TLS SIPp's own connection is not a port to find here.
    const udp = (o.transport ?? "u1").startsWith("u");
    while (udp && o.localPort !== undefined && !udpPortBound(o.localPort)) {
      if (proc.exitCode !== null) throw new Error(`SIPp exited (${proc.exitCode}) before listening on ${o.localPort}: ${err.join("")}`);
      if (Date.now() > deadline) throw new Error(`SIPp not listening on ${o.localPort} after 10 s`);
      await sleep(20);
    }
  })();
  ready.catch(() => {}); // a caller that never awaits it still gets `done`
  return { proc, done, stop, ready };
}

/** Run SIPp to completion (bounded by `timeoutMs`). */
export function runSipp(o: SippOptions): Promise<SippResult> {
  return startSipp(o).done;
}

/** A one-paragraph summary of a result for assertion messages. */
export function describeSipp(r: SippResult): string {
  return [
    `sipp exit=${r.exitCode}${r.timedOut ? " (timed out)" : ""} created=${r.created} ok=${r.successful} failed=${r.failed} retrans=${r.retransmissions}`,
    `command: ${r.command.join(" ")}`,
    r.stderr.trim() ? `stderr: ${r.stderr.trim().slice(0, 1500)}` : "",
    r.errors.trim() ? `errors: ${r.errors.trim().slice(0, 3000)}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
