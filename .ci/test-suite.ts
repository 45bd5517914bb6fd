/**
 * `npm test`: the whole suite within .ci/run's limit on a 2-core machine.
 *
 * 1. Every test file, two at a time (`bun test --parallel=2`): the end-to-end files mostly wait on
 *    their peers, so two at once halve the wall time (25 min serial).
 * 2. The files that measure wall-clock pacing on this machine, alone (a Chromium or media test
 *    beside them would measure the neighbour, not us).
 * 3. A file that failed in step 1 is run once more, alone, and the run fails if it fails again.
 *    Every such rerun is printed and written to test-output/reruns.txt, so a test that only holds
 *    alone is seen and fixed rather than hidden; a rerun cannot turn a real failure into a pass.
 *
 * Step 1 starts the slowest files first (.ci/test-timings.json, per-file milliseconds of a full run;
 * regenerate it with `bun .ci/test-suite.ts --write-timings` after adding long files), so the two
 * workers end together instead of one running a long end-to-end file alone at the end.
 *
 * Arguments after `--` go to every `bun test` (e.g. a name filter).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const OUT = join(ROOT, "test-output");
const JUNIT = join(OUT, "junit.xml");
const TIMINGS = join(import.meta.dir, "test-timings.json");
const TIMEOUT = ["--timeout", "120000"];
/** Files that measure real-time pacing: run alone, after the rest. */
const ALONE = ["src/telephony/prompt-pacing.integration.test.ts", "src/media/rtp/rtp-endpoint.integration.test.ts"];
/** More failed files than this is no longer load: report them without reruns. */
const MAX_RERUNS = 6;

const writeTimings = process.argv.includes("--write-timings");
const extra = process.argv.slice(2).filter((a) => a !== "--write-timings");
const bun = process.execPath;

function run(args: string[], filters = extra): number {
  const p = Bun.spawnSync([bun, "test", ...TIMEOUT, ...args, ...filters], { cwd: ROOT, stdio: ["inherit", "inherit", "inherit"], env: process.env });
  return p.exitCode ?? 1;
}

/** Per-file milliseconds of a junit report, in the form `bun test --timings` reads. */
export function timingsOf(junit: string): { version: 1; files: Record<string, number> } {
  const files: Record<string, number> = {};
  for (const m of junit.matchAll(/<testsuite name="([^"]+)" file="([^"]+)"[^>]*\btime="([\d.]+)"/g)) {
    if (m[1] === m[2]) files[m[2]!] = Math.round(Number(m[3]) * 1000);
  }
  return { version: 1, files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) };
}

/** Test files with a failed test (or an error outside tests) in a junit report of `bun test`. */
export function failedFiles(junit: string): string[] {
  const failed = new Set<string>();
  for (const suite of junit.matchAll(/<testsuite\b[^>]*\bfile="([^"]+)"[^>]*\bfailures="(\d+)"[^>]*>/g)) {
    if (Number(suite[2]) > 0) failed.add(suite[1]!);
  }
  return [...failed];
}

mkdirSync(OUT, { recursive: true });
const started = Date.now();
const ignore = ALONE.map((f) => `--path-ignore-patterns=${f}`);
const timings = existsSync(TIMINGS) ? [`--timings=${TIMINGS}`] : [];
const parallelCode = run(["--parallel=2", ...timings, ...ignore, "--reporter=junit", `--reporter-outfile=${JUNIT}`]);
let failed: string[] = [];
try {
  const junit = readFileSync(JUNIT, "utf8");
  failed = failedFiles(junit);
  if (writeTimings) writeFileSync(TIMINGS, `${JSON.stringify(timingsOf(junit), null, 1)}\n`);
} catch {
  // No report: the run itself broke; nothing to rerun, the exit code says it.
}
// With a filter, only the paced files it names.
const alone = extra.length ? ALONE.filter((f) => extra.some((e) => f.includes(e))) : ALONE;
const aloneCode = alone.length ? run(alone.map((f) => `./${f}`), []) : 0;

const reruns: string[] = [];
let rerunCode = 0;
if (parallelCode !== 0 && failed.length === 0) rerunCode = parallelCode; // failed outside any file's tests
else if (failed.length > MAX_RERUNS) rerunCode = 1;
else {
  for (const file of failed) {
    console.error(`\n=== RERUN alone (failed beside another file): ${file}\n`);
    const code = run([file.startsWith("/") || file.startsWith(".") ? file : `./${file}`], []);
    reruns.push(`${new Date().toISOString()} ${file} ${code === 0 ? "passed alone" : "FAILED alone"}`);
    if (code !== 0) rerunCode = code;
  }
}
if (reruns.length) writeFileSync(join(OUT, "reruns.txt"), `${reruns.join("\n")}\n`, { flag: "a" });

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const verdict = aloneCode === 0 && rerunCode === 0 ? "PASS" : "FAIL";
console.error(`\n=== suite ${verdict} in ${minutes} min; failed beside another file: ${failed.length ? failed.join(", ") : "none"}${reruns.length ? `\n${reruns.join("\n")}` : ""}`);
process.exit(verdict === "PASS" ? 0 : 1);
