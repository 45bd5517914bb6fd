/**
 * Routing explainer cost (issue 17): calls/s of the contact-center domain with each call's decision
 * trail written, against the same calls with the trail switched off, at 500 registered phones.
 *
 *   bun bench/trail-bench.ts [--agents=500] [--calls=2000] [--batch=100] [--rounds=6]
 *
 * In one process, on a file database (WAL, as the appliance): a service whose one queue holds
 * `agents` agents, each with a live registration (bindings table) and ready; `calls` inbound calls
 * in batches of `batch` at once over FakeTelephony and a fake clock: number → ARS (greeting, menu,
 * key 1) → queue → offer round → the agent answers → 1 s talk → the caller hangs up → next batch.
 * Half the batches' callers first wait while every agent is away, then agents come back one by one,
 * so offer rounds with every member considered are written (the trail's expensive part).
 * Only the domain runs here — no SIP parsing, no media — so the trail's share of a real call's cost
 * is smaller than the share printed. Two figures:
 *  - measured share: with the trail on, the time spent in the trail's code (the ACD's round, every
 *    step pushed, every batch written) over the run's CPU time — robust to other work on the machine;
 *  - A/B: rounds alternate trail on / off, CPU time (user + system) per call, medians over the rounds
 *    (noisy on a shared machine; printed for reference).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Administration, ContactCenter, SYSTEM } from "../src/cc/index.ts";
import { flush } from "../src/cc/test-clock.ts";
import { FakeClock, silentLogger } from "../src/lib/index.ts";
import { createRepos, migrate, openDatabase } from "../src/store/index.ts";
import { FakeTelephony, type FakeCallLeg } from "../src/telephony/testing/fake-telephony.ts";

const argv = process.argv.slice(2);
const flag = (name: string, def: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? def);
const AGENTS = flag("agents", 500);
const CALLS = flag("calls", 2000);
const BATCH = flag("batch", 100);
const ROUNDS = flag("rounds", 6);

async function advance(clock: FakeClock, ms: number, step = 250): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await flush();
  }
}

/** Wrap a method so the time spent in it (and in what it calls) adds to `acc.ms`; nested calls count once. */
function timed<T extends object>(obj: T, name: string, acc: { ms: number; depth: number; by: Record<string, number> }): void {
  const o = obj as Record<string, (...a: unknown[]) => unknown>;
  const orig = o[name]!.bind(obj);
  o[name] = (...a: unknown[]) => {
    const outer = acc.depth++ === 0;
    const t = performance.now();
    try {
      return orig(...a);
    } finally {
      const d = performance.now() - t;
      acc.by[name] = (acc.by[name] ?? 0) + d;
      if (--acc.depth === 0 && outer) acc.ms += d;
    }
  };
}

/** One run: returns CPU ms per call, trail rows written and the share of CPU spent in the trail's code. */
async function run(trail: boolean): Promise<{ cpuMsPerCall: number; rows: number; trailMs: number; cpuMs: number; by: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), "cc-trail-bench-"));
  const db = openDatabase(join(dir, "cc.db"));
  migrate(db);
  const repos = createRepos(db, "bench");
  const clock = new FakeClock(Date.UTC(2026, 2, 4, 1, 0));
  repos.services.create({ serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 10_000 });
  const ids = Array.from({ length: AGENTS }, (_, i) => `a${String(i + 1).padStart(4, "0")}`);
  repos.queues.create({ serviceId: "demo", queueId: "main", name: "Main", digit: "1", callback: false });
  const telephony = new FakeTelephony(clock);
  const cc = new ContactCenter({ telephony, repos, clock, log: silentLogger });
  const acc = { ms: 0, depth: 0, by: {} as Record<string, number> };
  if (!trail) {
    cc.trail.step = () => {};
    (cc.acd as unknown as { round: () => void }).round = () => {};
  } else {
    timed(cc.trail, "step", acc);
    timed(cc.trail, "flush", acc);
    timed(cc.acd, "round", acc);
    timed(cc.acd, "roundFacts", acc);
  }
  const admin = new Administration({ repos, clock, log: silentLogger });
  admin.attachLiveAgents(cc);
  const all24 = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "00:00", end: "24:00" }]]));
  admin.flows.save(SYSTEM, "demo", { hours: all24, wrapUpSeconds: 0, stateAfterCall: "ready", ringTimeoutSeconds: 20 });
  repos.transaction(() => {
    for (const [i, id] of ids.entries()) {
      repos.agents.create({ serviceId: "demo", loginId: id, name: id }, "pw");
      const ext = repos.agents.get("demo", id)!.extension;
      repos.bindings.upsert({
        aor: ext, contact: `sip:${ext}@127.0.0.1:${20000 + i}`, source: { transport: "udp", address: "127.0.0.1", port: 20000 + i },
        callId: `reg-${i}`, cseq: 1, expiresAt: clock.now() + 86_400_000, updatedAt: clock.now(),
      });
    }
  });
  repos.queues.setAgents("demo", "main", ids);
  for (const id of ids) {
    cc.login("demo", id);
    cc.setState("demo", id, "ready");
  }
  const answerAll = () => {
    for (const l of telephony.dialled) if (l.state === "ringing") l.remoteAnswer();
  };
  const t0 = process.cpuUsage();
  let placed = 0;
  for (let b = 0; placed < CALLS; b++) {
    const crowd = b % 2 === 1;
    if (crowd) for (const id of ids) cc.setState("demo", id, "away", "meal");
    const callers: FakeCallLeg[] = [];
    for (let i = 0; i < BATCH && placed < CALLS; i++, placed++) callers.push(telephony.call(`010${String(placed).padStart(8, "0")}`, "1588"));
    await advance(clock, 2000);
    for (const c of callers) c.press("1");
    await advance(clock, 250);
    if (crowd) {
      // Agents come back one at a time: each return is a dispatch over every waiting caller.
      for (const id of ids.slice(0, BATCH)) {
        cc.setState("demo", id, "ready");
        answerAll();
      }
      for (const id of ids.slice(BATCH)) cc.setState("demo", id, "ready");
      await flush();
    }
    answerAll();
    await advance(clock, 1000);
    for (const c of callers) c.remoteHangup();
    await advance(clock, 500);
    telephony.dialled.length = 0;
  }
  cc.trail.flush();
  const u = process.cpuUsage(t0);
  const rows = (db.query("SELECT count(*) AS n FROM call_trail").get() as { n: number }).n;
  const answered = (db.query("SELECT count(*) AS n FROM calls WHERE result = 'answered'").get() as { n: number }).n;
  if (answered !== CALLS) throw new Error(`only ${answered} of ${CALLS} calls answered (trail ${trail ? "on" : "off"})`);
  cc.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { cpuMsPerCall: (u.user + u.system) / 1000 / CALLS, rows, trailMs: acc.ms, cpuMs: (u.user + u.system) / 1000, by: acc.by };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const on: number[] = [];
const off: number[] = [];
const shares: number[] = [];
let rows = 0;
await run(true); // warm-up (JIT, page cache)
for (let r = 0; r < ROUNDS; r++) {
  const first = r % 2 === 0;
  for (const t of first ? [true, false] : [false, true]) {
    const x = await run(t);
    (t ? on : off).push(x.cpuMsPerCall);
    if (t) {
      rows = x.rows;
      shares.push((x.trailMs / x.cpuMs) * 100);
    }
    const parts = Object.entries(x.by).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ");
    const share = t ? `, trail code ${x.trailMs.toFixed(0)} ms (${parts}) of ${x.cpuMs.toFixed(0)} ms CPU = ${((x.trailMs / x.cpuMs) * 100).toFixed(2)} %` : "";
    process.stdout.write(`round ${r + 1} trail ${t ? "on " : "off"}: ${x.cpuMsPerCall.toFixed(3)} ms CPU per call (${(1000 / x.cpuMsPerCall).toFixed(0)} calls/s)${share}\n`);
  }
}
const mOn = median(on);
const mOff = median(off);
const cost = median(shares);
const ab = ((mOn - mOff) / mOff) * 100;
process.stdout.write(
  `\nagents ${AGENTS} (registered), calls ${CALLS} per run in batches of ${BATCH}, ${ROUNDS} rounds\n` +
  `trail off: ${mOff.toFixed(3)} ms CPU/call = ${(1000 / mOff).toFixed(0)} calls/s\n` +
  `trail on:  ${mOn.toFixed(3)} ms CPU/call = ${(1000 / mOn).toFixed(0)} calls/s (${rows} trail rows, ${(rows / CALLS).toFixed(1)} per call)\n` +
  `A/B (noisy on a shared machine): ${ab.toFixed(1)} %\n` +
  `trail cost (measured share of CPU in the trail's code, median): ${cost.toFixed(2)} % of the domain's calls/s (gate: ≤ 5 %) → ${cost <= 5 ? "PASS" : "FAIL"}\n`,
);
