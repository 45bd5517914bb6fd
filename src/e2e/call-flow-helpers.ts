/**
 * Helpers for the call-flow end-to-end tests (C1–C8, T7, T9): SIPp's shipped captures,
 * scenario templates, sox statistics, the demo service's flow, agents and call records
 * through the REST API.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IN_CI, SIPP_DIR, waitFor, type Appliance } from "./harness.ts";

/** The directory holding SIPp's g711a.pcap and dtmf_2833_*.pcap, or undefined (fails under CI). */
export function findPcapDir(): string | undefined {
  const has = (d: string) => existsSync(join(d, "g711a.pcap")) && existsSync(join(d, "dtmf_2833_1.pcap"));
  for (const d of ["/usr/share/sip-tester", "/usr/share/sipp", "/usr/local/share/sipp", "/usr/share/doc/sip-tester/pcap"]) {
    if (has(d)) return d;
  }
  const dpkg = Bun.spawnSync(["dpkg", "-L", "sip-tester"], { stdout: "pipe", stderr: "ignore" });
  const hit = dpkg.stdout.toString().split("\n").find((l) => l.endsWith("/g711a.pcap"));
  const dir = hit?.slice(0, -"/g711a.pcap".length);
  if (dir && has(dir)) return dir;
  if (IN_CI) throw new Error("SIPp's pcap captures (g711a.pcap, dtmf_2833_1.pcap) not found but CI=true");
  return undefined;
}

/** The shipped RFC 2833 capture for one key. */
export function dtmfPcap(key: string): string {
  if (key === "*") return "dtmf_2833_star.pcap";
  if (key === "#") return "dtmf_2833_pound.pcap";
  if (/^[0-9]$/.test(key)) return `dtmf_2833_${key}.pcap`;
  throw new Error(`no DTMF capture for key ${JSON.stringify(key)}`);
}

/** Copy a scenario from src/e2e/sipp/ into `dir`, replacing `{{NAME}}` placeholders; returns its path. */
export function materializeScenario(name: string, dir: string, vars: Record<string, string>): string {
  let text = readFileSync(join(SIPP_DIR, name), "utf8");
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  const left = /\{\{(\w+)\}\}/.exec(text);
  if (left) throw new Error(`${name}: placeholder ${left[0]} not given`);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface SoxStat {
  seconds: number;
  rms: number;
  maxAmplitude: number;
  channels: number;
  raw: string;
}

/** `sox <file> -n [remix <channel>] stat` (channel 1-based; all channels mixed when omitted). */
export function soxStat(path: string, channel?: number): SoxStat {
  const args = ["sox", path, "-n", ...(channel ? ["remix", String(channel)] : []), "stat"];
  const r = Bun.spawnSync(args, { stdout: "pipe", stderr: "pipe" });
  const raw = r.stderr.toString() + r.stdout.toString();
  if (r.exitCode !== 0) throw new Error(`${args.join(" ")} failed: ${raw}`);
  const num = (label: string) => Number(new RegExp(`${label}:\\s*(-?[\\d.e+-]+)`).exec(raw)?.[1] ?? "NaN");
  const info = Bun.spawnSync(["soxi", "-c", path], { stdout: "pipe", stderr: "pipe" });
  return {
    seconds: num("Length \\(seconds\\)"),
    rms: num("RMS\\s+amplitude"),
    maxAmplitude: num("Maximum amplitude"),
    channels: Number(info.stdout.toString().trim()) || 0,
    raw,
  };
}

/** The flow settings the tests depend on (C6, C7, C5). */
export interface FlowTiming {
  callbackKey: string;
  delayThresholdSeconds: number;
  ringTimeoutSeconds: number;
  /** Whether the IVR API took our shorter timings. */
  tuned: boolean;
  note: string;
}

/**
 * `POST /api/v1/trunks`: an IP-authenticated peer trunk (T7) for a SIPp carrier on 127.0.0.1:`port`, routing
 * `number` to `serviceId`. Throws with the appliance's answer unless it is created (201).
 */
export async function addCarrierPeer(app: Appliance, port: number, number: string, serviceId = "demo", name = "SIPp carrier"): Promise<void> {
  const trunk = await app.api("/api/v1/trunks", {
    method: "POST",
    body: JSON.stringify({ name, mode: "peer", host: "127.0.0.1", port, numbers: [{ number, serviceId }] }),
  });
  if (trunk.status !== 201) throw new Error(`POST /api/v1/trunks → ${trunk.status}: ${await trunk.text()}`);
}

/**
 * Shorten the demo flow's delay threshold and ring timeout through `PUT …/ivr` when that API
 * answers; otherwise report the defaults the spec'd flow uses (delay 60 s, ring 20 s, key "*").
 */
export async function tuneFlow(app: Appliance, patch: Record<string, unknown>, serviceId = "demo"): Promise<FlowTiming> {
  const path = `/api/v1/services/${serviceId}/ivr`;
  const got = await app.api(path);
  const defaults = { callbackKey: "*", delayThresholdSeconds: 60, ringTimeoutSeconds: 20 };
  if (got.status !== 200) return { ...defaults, tuned: false, note: `GET ${path} → ${got.status}: ${await got.text()}` };
  const flow = (await got.json()) as Record<string, unknown>;
  const put = await app.api(path, { method: "PUT", body: JSON.stringify({ ...flow, ...patch }) });
  const text = await put.text();
  const saved = (put.ok ? JSON.parse(text) : flow) as Partial<FlowTiming>;
  return {
    callbackKey: saved.callbackKey ?? defaults.callbackKey,
    delayThresholdSeconds: saved.delayThresholdSeconds ?? defaults.delayThresholdSeconds,
    ringTimeoutSeconds: saved.ringTimeoutSeconds ?? defaults.ringTimeoutSeconds,
    tuned: put.ok,
    note: put.ok ? "tuned" : `PUT ${path} → ${put.status}: ${text}`,
  };
}

/** `POST …/agents/{loginId}/state`; throws with the appliance's answer on failure. */
export async function setAgentState(app: Appliance, loginId: string, state: "ready" | "away", serviceId = "demo"): Promise<void> {
  const body = JSON.stringify(state === "away" ? { state, reason: "break" } : { state });
  const res = await app.api(`/api/v1/services/${serviceId}/agents/${loginId}/state`, { method: "POST", body });
  if (!res.ok) throw new Error(`set ${loginId} ${state} → ${res.status}: ${await res.text()}`);
}

/** An agent's current state (`GET …/agents`). */
export async function agentState(app: Appliance, loginId: string, serviceId = "demo"): Promise<string | undefined> {
  const list = await app.apiJson<{ loginId: string; state: string }[]>(`/api/v1/services/${serviceId}/agents`);
  return list.find((a) => a.loginId === loginId)?.state;
}

/** The state of an agent's call (`GET …/agents/{id}/call`); undefined when the agent has none (404). */
export async function agentCallState(app: Appliance, loginId: string, serviceId = "demo"): Promise<string | undefined> {
  const res = await app.api(`/api/v1/services/${serviceId}/agents/${loginId}/call`);
  return res.status === 404 ? undefined : ((await res.json()) as { state?: string }).state;
}

/** A call record as the API shows it (SPEC "Contracts"). */
export interface CallJson {
  callId: string;
  from: string;
  to: string;
  queueId?: string | null;
  agent?: string | null;
  waitSeconds?: number | null;
  talkSeconds?: number | null;
  result?: string | null;
  recording?: boolean;
  endedAt?: string | number | null;
  [key: string]: unknown;
}

const asList = <T>(j: unknown, key: string): T[] =>
  Array.isArray(j) ? (j as T[]) : (((j as Record<string, unknown>)?.[key] ?? (j as Record<string, unknown>)?.items ?? []) as T[]);

/** All call records of the service (`GET …/calls`). */
export async function listCalls(app: Appliance, serviceId = "demo"): Promise<CallJson[]> {
  return asList<CallJson>(await app.apiJson(`/api/v1/services/${serviceId}/calls`), "calls");
}

/** Wait (bounded) for the ended call from `caller`, then return its detail (`GET …/calls/{callId}`). */
export async function endedCallFrom(app: Appliance, caller: string, timeoutMs = 10_000, serviceId = "demo"): Promise<CallJson> {
  let seen: CallJson[] = [];
  try {
    const call = await waitFor(
      async () => {
        seen = await listCalls(app, serviceId);
        const c = seen.filter((x) => String(x.from).includes(caller)).at(-1);
        return c && c.endedAt ? c : undefined;
      },
      { timeoutMs, intervalMs: 250, what: `an ended call record from ${caller}` },
    );
    return await app.apiJson<CallJson>(`/api/v1/services/${serviceId}/calls/${encodeURIComponent(call!.callId)}`);
  } catch (err) {
    throw new Error(`${String(err)}\nGET /calls answered: ${JSON.stringify(seen).slice(0, 2000)}`);
  }
}

/** The service's callback requests (`GET …/callbacks`). */
export async function listCallbacks(app: Appliance, serviceId = "demo"): Promise<Record<string, unknown>[]> {
  return asList(await app.apiJson(`/api/v1/services/${serviceId}/callbacks`), "callbacks");
}

/** Queue events of a call, read from the appliance's database (C6: was the delay prompt played?). */
export async function queueEvents(app: Appliance, callId: string): Promise<string[]> {
  const { Database } = await import("bun:sqlite");
  const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
  try {
    const rows = db.query("SELECT event FROM queue_events WHERE call_id = ? ORDER BY at, id").all(callId) as { event: string }[];
    return rows.map((r) => r.event);
  } finally {
    db.close();
  }
}

/** Put every demo agent away (retrying while one is still busy) so each test starts with nobody ready. */
export async function allAway(app: Appliance): Promise<void> {
  for (const a of ["agent1", "agent2", "agent3"]) {
    await waitFor(() => setAgentState(app, a, "away").then(() => true), { timeoutMs: 10_000, intervalMs: 500, what: `${a} away` });
  }
}
