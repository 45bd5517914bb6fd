/**
 * Pages with a large database (issue 4): one million call records (with legs and queue events,
 * spread over 12 months), then the real appliance on that data dir, signed in as the admin over
 * HTTP; times the dashboard, the call history's first filtered page and a month of statistics by
 * queue (HTML pages and their JSON API equivalents), median and p95, and the server's RSS.
 *
 *   bun bench/pages-bench.ts [--calls 1000000] [--requests 20] [--template DIR]
 *
 * `--template DIR` keeps the generated data dir in DIR (created on the first run) and copies it
 * for each later run, so before/after runs measure the very same rows.
 */
import { Database } from "bun:sqlite";
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { firstRun } from "../src/cc/index.ts";
import { startAppliance, tempDir, cleanupDir } from "../src/e2e/harness.ts";
import { createRepos, migrate, openDatabase } from "../src/store/index.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const CALLS = Number(arg("calls", "1000000"));
const REQUESTS = Math.min(200, Number(arg("requests", "20")));
const TEMPLATE = arg("template", "");
const TZ = "Asia/Seoul";
const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const QUEUES = ["main", "sales", "billing", "tech", "vip"];
const AGENTS = Array.from({ length: 24 }, (_, i) => `agent${i + 1}`);

/** Deterministic PRNG (mulberry32) so every run writes the same rows. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Create the data dir: migrations, first run, extra queues/agents/types, then the bulk rows. */
async function generate(dataDir: string, calls: number): Promise<void> {
  const t0 = performance.now();
  const db = openDatabase(join(dataDir, "contact-center.db"));
  migrate(db);
  const repos = createRepos(db, "contact-center");
  await firstRun(repos, { dataDir, realm: "contact-center" });
  for (const [i, q] of QUEUES.entries()) {
    if (i > 0) repos.queues.create({ serviceId: "demo", queueId: q, name: `Queue ${q}`, digit: String(i + 1), callback: i % 2 === 0 });
  }
  for (const a of AGENTS.slice(3)) repos.agents.create({ serviceId: "demo", loginId: a, name: a }, `pw-${a}-0123456789`);
  const typeIds: string[] = [];
  for (const [i, name] of ["general", "billing", "complaint", "order"].entries()) {
    const r = db.prepare("INSERT INTO consultation_types (service_id, name, position, created_at) VALUES (?, ?, ?, ?) RETURNING id").get("demo", name, i + 1, Date.now()) as { id: number };
    typeIds.push(String(r.id));
  }

  const insCall = db.prepare(
    `INSERT INTO calls (call_id, service_id, direction, from_number, to_number, sip_call_id, started_at, queue_id, queued_at, offered_at,
      answered_at, ended_at, agent_login, hangup_by, result, recording_path, wait_seconds, talk_seconds, type)
     VALUES (?, 'demo', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLeg = db.prepare(
    `INSERT INTO call_legs (leg_id, call_id, role, party, agent_login, created_at, answered_at, ended_at, end_by, end_cause)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insEv = db.prepare(
    `INSERT INTO queue_events (service_id, queue_id, call_id, at, event, agent_login, detail) VALUES ('demo', ?, ?, ?, ?, ?, NULL)`,
  );
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const now = Date.now();
  const span = 365 * 86_400_000;
  const start = now - span;
  // Local hour weights: busy 9–18, quiet at night (after-hours calls then).
  const hourW = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 5, 10, 12, 11, 8, 10, 12, 11, 10, 8, 4, 3, 2, 2, 1.5, 1];
  const cum: number[] = [];
  hourW.reduce((s, w, i) => (cum[i] = s + w), 0);
  const total = cum[23]!;
  const offset = 9 * 3600_000; // Asia/Seoul has no DST
  const dayStart0 = Math.floor((start + offset) / 86_400_000) * 86_400_000 - offset;
  const days = Math.ceil((now - dayStart0) / 86_400_000);
  let legs = 0;
  let events = 0;
  db.exec("PRAGMA cache_size = -200000");
  db.transaction(() => {
    for (let i = 0; i < calls; i++) {
      const day = Math.floor((i / calls) * days);
      const u = r() * total;
      let hour = 0;
      while (cum[hour]! < u) hour++;
      let startedAt = dayStart0 + day * 86_400_000 + hour * 3600_000 + Math.floor(r() * 3600_000);
      if (startedAt > now - 60_000) startedAt = now - 60_000 - Math.floor(r() * 3600_000);
      // Random ids like CallLog's (`c` + 19 random characters): rows are not clustered by time.
      let callId = "c";
      for (let k = 0; k < 19; k++) callId += ID_CHARS[Math.floor(r() * ID_CHARS.length)];
      const caller = `010${String(Math.floor(r() * 1e8)).padStart(8, "0")}`;
      const outbound = r() < 0.05;
      const afterHours = !outbound && (hour < 8 || hour >= 19) && r() < 0.8;
      const x = r();
      const result = outbound ? (x < 0.7 ? "answered" : "failed")
        : afterHours ? "after-hours"
        : x < 0.05 ? "ivr" : x < 0.75 ? "answered" : x < 0.9 ? "abandoned" : x < 0.97 ? "callback" : x < 0.99 ? "failed" : "interrupted";
      const queued = !outbound && !afterHours && result !== "ivr";
      const queueId = queued ? pick(QUEUES) : null;
      const queuedAt = queued ? startedAt + 5_000 + Math.floor(r() * 25_000) : null;
      const wait = queued ? Math.round(r() * r() * 120 * 10) / 10 : null;
      const answered = result === "answered";
      const agent = answered || outbound ? pick(AGENTS) : null;
      const offeredAt = queued && (answered || r() < 0.6) ? queuedAt! + Math.min(wait!, 3) * 1000 : null;
      const answeredAt = answered ? (queued ? queuedAt! + wait! * 1000 : startedAt + 8_000) : null;
      const talk = answered ? Math.round(30 + r() * r() * 900) : null;
      const endedAt = answeredAt !== null ? answeredAt + talk! * 1000 : (queuedAt ?? startedAt) + (wait ?? 10) * 1000;
      const recording = answered && r() < 0.4 ? `${new Date(startedAt).getUTCFullYear()}/${String(new Date(startedAt).getUTCMonth() + 1).padStart(2, "0")}/${callId}.wav` : null;
      insCall.run(
        callId, outbound ? "outbound" : "inbound", outbound ? agent : caller, outbound ? caller : "15880000", `${callId}@sip`, startedAt,
        queueId, queuedAt, offeredAt, answeredAt, endedAt, agent, answered ? (r() < 0.5 ? "caller" : "agent") : queued || outbound ? "caller" : "system",
        result, recording, wait, talk, answered && r() < 0.8 ? pick(typeIds) : null,
      );
      insLeg.run(`${callId}-a`, callId, "caller", outbound ? caller : caller, null, startedAt, outbound ? answeredAt : startedAt + 500, endedAt, "caller", "bye");
      legs++;
      if (queued) {
        insEv.run(queueId, callId, queuedAt, "enter", null);
        events++;
        if (offeredAt !== null) {
          if (answered && r() < 0.2) {
            const other = pick(AGENTS);
            insEv.run(queueId, callId, offeredAt, "offer", other);
            insEv.run(queueId, callId, offeredAt + 15_000, "no-answer", other);
            insLeg.run(`${callId}-b0`, callId, "agent", other, other, offeredAt, null, offeredAt + 15_000, "system", "no-answer");
            events += 2;
            legs++;
          }
          const offered = agent ?? pick(AGENTS);
          insEv.run(queueId, callId, offeredAt, "offer", offered);
          insLeg.run(`${callId}-b`, callId, "agent", offered, offered, offeredAt, answeredAt, answered ? endedAt : offeredAt + 3000, answered ? "agent" : "caller", answered ? "bye" : "cancel");
          events++;
          legs++;
        }
        const last = answered ? "answer" : result === "abandoned" ? "abandon" : result === "callback" ? "callback" : result === "failed" ? "failed" : null;
        if (last) {
          insEv.run(queueId, callId, answeredAt ?? endedAt, last, answered ? agent : null);
          events++;
        }
      } else if (outbound) {
        insLeg.run(`${callId}-b`, callId, "agent", agent!, agent, startedAt, startedAt + 500, endedAt, "agent", "bye");
        legs++;
      }
    }
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
  console.log(`generated ${calls} calls, ${legs} legs, ${events} queue events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const rss = (pid: number) => {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? `${(Number(m[1]) / 1024).toFixed(0)} MiB` : "?";
};
/** CPU ms (utime + stime) the appliance used so far: a figure other work on the machine does not inflate. */
const cpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // CLK_TCK 100
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  const dataDir = tempDir("cc-pages-bench-");
  if (TEMPLATE && existsSync(join(TEMPLATE, "contact-center.db"))) {
    const t0 = performance.now();
    cpSync(TEMPLATE, dataDir, { recursive: true });
    console.log(`copied ${TEMPLATE} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    await generate(dataDir, CALLS);
    if (TEMPLATE) {
      rmSync(TEMPLATE, { recursive: true, force: true });
      cpSync(dataDir, TEMPLATE, { recursive: true });
    }
  }
  const t0 = performance.now();
  const app = await startAppliance({ dataDir, env: { CC_LOG_LEVEL: "warn" }, readyTimeoutMs: 600_000 });
  console.log(`appliance ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (pid ${app.pid})`);
  try {
    const login = await fetch(`${app.baseUrl}/admin/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: app.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ loginId: app.credentials.admin.loginId, password: app.credentials.admin.password, next: "/admin/services/demo/dashboard" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    if (login.status !== 303 || !cookie) throw new Error(`sign-in failed: ${login.status}`);

    // A month: the last full local month; a day range for the filtered history.
    const today = Temporal.Now.plainDateISO(TZ);
    const monthStart = today.with({ day: 1 }).subtract({ months: 1 });
    const from = monthStart.toString();
    const to = monthStart.add({ months: 1 }).subtract({ days: 1 }).toString();
    const yearFrom = monthStart.subtract({ months: 11 }).toString();
    const routes: [string, string, boolean][] = [
      ["dashboard (HTML)", "/admin/services/demo/dashboard", false],
      ["live (API)", "/api/v1/services/demo/live", true],
      ["history, month + queue (HTML)", `/admin/services/demo/history/calls?from=${from}&to=${to}&queue=sales`, false],
      ["history, month + number (HTML)", `/admin/services/demo/history/calls?from=${from}&to=${to}&number=1234`, false],
      ["calls, month + queue (API)", `/api/v1/services/demo/calls?from=${from}&to=${to}&queueId=sales&limit=50`, true],
      ["statistics by queue, day (HTML)", `/admin/services/demo/statistics?by=queue&interval=day&from=${from}&to=${to}`, false],
      ["stats by queue (API)", `/api/v1/services/demo/stats?by=queue&from=${from}&to=${to}`, true],
      ["stats by queue, day (API)", `/api/v1/services/demo/stats?by=queue&interval=day&from=${from}&to=${to}`, true],
      // Issue 12: every grouping and interval.
      ["statistics by agent, day (HTML)", `/admin/services/demo/statistics?by=agent&interval=day&from=${from}&to=${to}`, false],
      ["stats by agent (API)", `/api/v1/services/demo/stats?by=agent&from=${from}&to=${to}`, true],
      ["stats by type, week (API)", `/api/v1/services/demo/stats?by=type&interval=week&from=${from}&to=${to}`, true],
      ["stats by queue, hour (API)", `/api/v1/services/demo/stats?by=queue&interval=hour&from=${from}&to=${to}`, true],
      ["stats by agent, month, 12 months (API)", `/api/v1/services/demo/stats?by=agent&interval=month&from=${yearFrom}&to=${to}`, true],
    ];
    const get = async (path: string, api: boolean) => {
      const t = performance.now();
      const res = api ? await app.api(path) : await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      const body = await res.arrayBuffer();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
      return { ms, bytes: body.byteLength, total: res.headers.get("x-total-count") };
    };
    // Issue 12: the appliance builds a missing statistics rollup at start-up (in "ready" above), so
    // no first request builds it.
    const ro = new Database(join(dataDir, "contact-center.db"), { readonly: true });
    const built = ro.query("SELECT 1 AS ok FROM call_rollup_state WHERE service_id = 'demo'").get() !== null;
    ro.close();
    console.log(`statistics rollup built at start-up: ${built ? "yes" : "NO"}`);
    for (const [name, path, api] of routes) console.log(`first request, ${name}: ${(await get(path, api)).ms.toFixed(0)} ms`);
    console.log(`RSS after warm-up: ${rss(app.pid)}`);
    console.log(`${CALLS} calls, ${REQUESTS} requests per route, month ${from}..${to}`);
    console.log(`load average before: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
    console.log("| route | median ms | p95 ms | server CPU ms / request | bytes |");
    console.log("|---|---:|---:|---:|---:|");
    for (const [name, path, api] of routes) {
      const times: number[] = [];
      let bytes = 0;
      const cpu0 = cpuMs(app.pid);
      for (let i = 0; i < REQUESTS; i++) {
        const r = await get(path, api);
        times.push(r.ms);
        bytes = r.bytes;
      }
      const cpu = (cpuMs(app.pid) - cpu0) / REQUESTS;
      console.log(`| ${name} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${cpu.toFixed(1)} | ${bytes} |`);
    }
    console.log(`RSS at the end: ${rss(app.pid)}; load average after: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
    console.log(`machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? "?"}; ${new Date().toISOString()}; Bun ${Bun.version}`);
  } finally {
    await app.stop({ keepDataDir: true });
    cleanupDir(dataDir);
  }
}

await main();
