/**
 * End-to-end harness: starts the appliance (`bun src/main.ts` or the compiled
 * executable) in a fresh temporary data directory on free ports, waits for
 * `/readyz`, reads the first-run credentials, and always cleans up.
 * Also: free ports, API helpers, peers' presence checks, raw SIP over UDP/TCP,
 * Prometheus metric reading. SIPp, baresip and raw SIP live in sipp-runner.ts,
 * baresip-runner.ts and sip-wire.ts.
 */
import type { Subprocess } from "bun";
import { mkdtempSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Repository root (the appliance is started from here). */
export const REPO_ROOT = resolve(import.meta.dir, "../..");
/** Our SIPp scenarios. */
export const SIPP_DIR = join(import.meta.dir, "sipp");
/** True under CI=true: a missing peer binary fails the test instead of skipping it. */
export const IN_CI = (process.env.CI ?? "").toLowerCase() === "true" || process.env.CI === "1";

/**
 * Whether `name` is on PATH. Under CI a missing peer is an error (tests must fail loudly);
 * elsewhere the caller may skip.
 */
export function requireBinary(name: string): boolean {
  const found = Bun.which(name) !== null;
  if (!found && IN_CI) throw new Error(`${name} is not installed but CI=true: install it in .ci/run`);
  return found;
}

/** Whether every binary is present (see {@link requireBinary}). */
export function haveBinaries(...names: string[]): boolean {
  return names.map(requireBinary).every(Boolean);
}

/** A fresh temporary directory, removed by {@link cleanupDir}. */
export function tempDir(prefix = "cc-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanupDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort: a temp dir left behind is harmless */
  }
}

const usedPorts = new Set<number>();

/**
 * A random high port free for both TCP and UDP on `host` (SIP needs both on one port).
 * Checked by binding; still racy by nature, so ports handed out here are never reused.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (usedPorts.has(port)) continue;
    try {
      const tcp = Bun.listen({ hostname: host, port, socket: { data() {} } });
      tcp.stop(true);
      const udp = await Bun.udpSocket({ hostname: host, port });
      udp.close();
      usedPorts.add(port);
      return port;
    } catch {
      /* in use: try another */
    }
  }
  throw new Error("no free port found after 200 attempts");
}

export interface AgentCredentials {
  loginId: string;
  extension: string;
  sipPassword: string;
}

/** `<CC_DATA_DIR>/initial-credentials.json`, written on first run (X2). */
export interface InitialCredentials {
  admin: { loginId: string; password: string };
  apiKey: string;
  realm: string;
  agents: AgentCredentials[];
}

export interface ApplianceOptions {
  /** Extra environment (CC_* settings); wins over the harness defaults. */
  env?: Record<string, string>;
  /** Command to run; default `[bun, src/main.ts]`. */
  command?: string[];
  /** Working directory; default the repository root. */
  cwd?: string;
  /** Existing data directory (kept on stop); default a fresh temp dir (removed on stop). */
  dataDir?: string;
  /** Bound on waiting for /readyz; default 30 s. */
  readyTimeoutMs?: number;
  /** Address the SIP and HTTP listeners bind to; default 127.0.0.1. */
  bindAddress?: string;
}

export interface Appliance {
  readonly sipPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  readonly credentials: InitialCredentials;
  readonly baseUrl: string;
  readonly pid: number;
  readonly proc: Subprocess;
  /** fetch against the appliance with the API key as bearer token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Like {@link api} but parses JSON and throws with the body on a non-2xx status. */
  apiJson<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  /** SIGTERM, wait (bounded), SIGKILL if needed; removes the temp data dir. Returns the exit code. */
  stop(opts?: { timeoutMs?: number; keepDataDir?: boolean }): Promise<number | null>;
  /** Everything the process printed so far (stdout and stderr interleaved by arrival). */
  logs(): string;
  /** Whether the process has exited. */
  exited(): boolean;
}

const running = new Set<Subprocess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const p of running) {
      try {
        p.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
}

/** Track a child process so it is killed if the test run exits early. */
export function track(proc: Subprocess): void {
  installExitHook();
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
}

/** Collect a readable stream into `sink` as it arrives. */
export function drain(stream: ReadableStream<Uint8Array> | undefined | null | number, sink: string[]): Promise<void> {
  if (!stream || typeof stream === "number") return Promise.resolve();
  const decoder = new TextDecoder();
  return (async () => {
    try {
      for await (const chunk of stream) sink.push(decoder.decode(chunk, { stream: true }));
    } catch {
      /* stream closed with the process */
    }
  })();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True when some local UDP socket is bound to `port` (any address; `/proc/net/udp` and `udp6`, ports in hex). */
export function udpPortBound(port: number): boolean {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    // Each line: sl local_address rem_address …; the local address is the second column.
    for (const line of text.split("\n")) if (line.trim().split(/\s+/)[1]?.endsWith(suffix)) return true;
  }
  return false;
}

/** Poll `check` every `intervalMs` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100, what = "condition" } = {},
): Promise<Exclude<T, null | undefined | false | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v as Exclude<T, null | undefined | false | 0 | "">;
    } catch (err) {
      last = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/**
 * Start the appliance on free ports in a fresh data dir, wait for `/readyz` (bounded),
 * read the credentials. Throws with the process output if it exits or never gets ready.
 */
export async function startAppliance(opts: ApplianceOptions = {}): Promise<Appliance> {
  const bind = opts.bindAddress ?? "127.0.0.1";
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir("cc-e2e-data-");
  const sipPort = opts.env?.CC_SIP_PORT ? Number(opts.env.CC_SIP_PORT) : await freePort(bind);
  const httpPort = opts.env?.CC_HTTP_PORT ? Number(opts.env.CC_HTTP_PORT) : await freePort(bind);
  const rtpBase = 30000 + Math.floor(Math.random() * 300) * 100;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CC_DATA_DIR: dataDir,
    CC_HTTP_PORT: String(httpPort),
    CC_HTTPS_PORT: "0",
    CC_SIP_PORT: String(sipPort),
    CC_SIP_TLS_PORT: "0",
    CC_BIND_ADDRESS: bind,
    CC_RTP_PORTS: `${rtpBase}-${rtpBase + 99}`,
    CC_LOG_LEVEL: "info",
    // stop() waits 5 s after SIGTERM: calls a test leaves up are ended at once, not after the 60 s default.
    CC_SHUTDOWN_DRAIN_SECONDS: "0",
    // Issue 17: SIPp UAS scenarios do not answer OPTIONS, so qualify is off unless a test turns it on.
    CC_QUALIFY_SECONDS: "0",
    ...opts.env,
  };
  const command = opts.command ?? [process.execPath, "src/main.ts"];
  const output: string[] = [];
  const proc = Bun.spawn(command, {
    cwd: opts.cwd ?? REPO_ROOT,
    env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  track(proc);
  void drain(proc.stdout, output);
  void drain(proc.stderr, output);

  const baseUrl = `http://${bind}:${httpPort}`;
  const logs = () => output.join("");
  let exitCode: number | null = null;
  void proc.exited.then((c) => (exitCode = c));

  const stop = async ({ timeoutMs = 5000, keepDataDir = false } = {}): Promise<number | null> => {
    if (exitCode === null) {
      try {
        proc.kill("SIGTERM");
      } catch {
        /* gone */
      }
      const done = await Promise.race([proc.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
      if (!done) {
        proc.kill("SIGKILL");
        await proc.exited;
      }
    }
    if (ownDir && !keepDataDir) cleanupDir(dataDir);
    return proc.exitCode;
  };

  try {
    const ready = waitFor(
      async () => {
        if (exitCode !== null) return true;
        const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
        return res.status === 200;
      },
      { timeoutMs: opts.readyTimeoutMs ?? 30_000, intervalMs: 150, what: "/readyz" },
    );
    await Promise.race([ready, proc.exited]);
    if (exitCode !== null || proc.exitCode !== null) throw new Error(`appliance exited with ${proc.exitCode}`);
  } catch (err) {
    await stop();
    throw new Error(`appliance did not get ready: ${String(err)}\n--- output ---\n${logs()}`);
  }

  const credPath = join(dataDir, "initial-credentials.json");
  let credentials: InitialCredentials;
  try {
    await waitFor(() => existsSync(credPath), { timeoutMs: 5000, what: credPath });
    credentials = JSON.parse(readFileSync(credPath, "utf8")) as InitialCredentials;
  } catch (err) {
    await stop();
    throw new Error(`no usable ${credPath}: ${String(err)}\n--- output ---\n${logs()}`);
  }

  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${credentials.apiKey}`);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return fetch(`${baseUrl}${path}`, { ...init, headers, signal: init.signal ?? AbortSignal.timeout(15_000) });
  };
  const apiJson = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await api(path, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${path} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  return {
    sipPort,
    httpPort,
    dataDir,
    credentials,
    baseUrl,
    pid: proc.pid,
    proc,
    api,
    apiJson,
    stop,
    logs,
    exited: () => exitCode !== null,
  };
}

/**
 * Create `count` agents in the demo service through the REST API
 * (`POST /api/v1/services/demo/agents`), a few at a time.
 */
export async function createAgents(
  app: Pick<Appliance, "apiJson">,
  count: number,
  { prefix = "load", service = "demo", concurrency = 8 } = {},
): Promise<AgentCredentials[]> {
  // The demo service is licensed for a few agents only (G1): raise it first.
  const svc = await app.apiJson<{ licences?: number }>(`/api/v1/services/${service}`);
  const have = await app.apiJson<unknown>(`/api/v1/services/${service}/agents`);
  const existing = Array.isArray(have) ? have.length : Array.isArray((have as { agents?: unknown[] }).agents) ? (have as { agents: unknown[] }).agents.length : 0;
  if ((svc.licences ?? 0) < existing + count) {
    await app.apiJson(`/api/v1/services/${service}`, {
      method: "PATCH",
      body: JSON.stringify({ licences: Math.min(10_000, existing + count + 10) }),
    });
  }
  const out: AgentCredentials[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const loginId = `${prefix}${String(i).padStart(4, "0")}`;
      const agent = await app.apiJson<AgentCredentials>(`/api/v1/services/${service}/agents`, {
        method: "POST",
        body: JSON.stringify({ loginId, name: `Load agent ${i}` }),
      });
      if (!agent.extension || !agent.sipPassword) {
        throw new Error(`agent ${loginId} created without extension/sipPassword: ${JSON.stringify(agent)}`);
      }
      out[i] = { loginId, extension: String(agent.extension), sipPassword: agent.sipPassword };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

/** Read one sample of a Prometheus metric from `/metrics` (labels must all match); null if absent. */
export async function readMetric(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | null> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  return parseMetric(text, name, labels);
}

/** Parse a metric sample out of Prometheus text exposition. */
export function parseMetric(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const pair of (m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) got[pair[1]!] = pair[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return null;
}

// Raw SIP over UDP/TCP lives in sip-wire.ts; re-exported for existing importers.
export { udpExchange, tcpExchange, optionsRequest, statusOf, type SipReply } from "./sip-wire.ts";
