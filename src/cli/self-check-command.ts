/**
 * `contact-center self-check reconcile|canary` (issue 17 points 4, 5): asks the running appliance,
 * through its REST API, to reconcile a day's numbers or to place a canary call now, and prints the
 * report; with `--latest` it prints the latest stored result instead (kept across a restart), running
 * nothing. The API key comes from CC_API_KEY (make one with `contact-center api-key add`).
 */
const USAGE =
  "usage: contact-center self-check reconcile [--service ID] [--day YYYY-MM-DD | --latest] | self-check canary [--service ID] [--latest]   (CC_API_KEY=<key>)";

export interface SelfCheckCommandContext {
  /** The appliance's HTTP origin, e.g. http://127.0.0.1:8080. */
  baseUrl: string;
  apiKey: string | undefined;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  out(line: string): void;
}

interface Report {
  serviceId: string;
  at?: string;
  day: string;
  compared: number;
  differences: { source: string; figure: string; scope: string; value: number; expected: number }[];
}
interface Canary {
  serviceId: string;
  at?: string;
  trigger?: string;
  ok: boolean;
  steps: { number: string; step: string; ok: boolean; detail: string }[];
  failure?: { number: string; step: string; detail: string };
}

function options(rest: string[], allowed: string[]): Record<string, string> | undefined {
  const o: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    const v = rest[i + 1];
    if (!allowed.includes(k) || v === undefined || v.startsWith("--")) return undefined;
    o[k.slice(2)] = v;
  }
  return o;
}

/** Returns the exit code: 0 all agree / every step passed, 1 differences or a failed step, 2 usage or the appliance unreachable. */
export async function runSelfCheckCommand(args: string[], ctx: SelfCheckCommandContext): Promise<number> {
  const [what, ...all] = args;
  const latest = all.includes("--latest");
  const rest = all.filter((a) => a !== "--latest");
  const o = options(rest, what === "reconcile" && !latest ? ["--service", "--day"] : ["--service"]);
  if ((what !== "reconcile" && what !== "canary") || !o) {
    ctx.out(USAGE);
    return 2;
  }
  if (!ctx.apiKey) {
    ctx.out("error: set CC_API_KEY to an API key of this appliance (contact-center api-key add <name> makes one)");
    return 2;
  }
  const service = encodeURIComponent(o.service ?? "demo");
  const path = what === "reconcile" ? `/api/v1/services/${service}/reconcile${o.day ? `?day=${encodeURIComponent(o.day)}` : ""}` : `/api/v1/services/${service}/canary`;
  let res: Response;
  try {
    res = await ctx.fetch(`${ctx.baseUrl}${path}`, { method: latest ? "GET" : "POST", headers: { Authorization: `Bearer ${ctx.apiKey}` }, signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    ctx.out(`error: the appliance at ${ctx.baseUrl} did not answer (${e instanceof Error ? e.message : String(e)})`);
    return 2;
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const e = body.error as { message?: string } | string | undefined;
    ctx.out(`error: ${res.status} ${String((typeof e === "object" ? e.message : undefined) ?? body.message ?? e ?? res.statusText)}`);
    return 2;
  }
  if (latest) {
    const r = body as { at?: string; trigger?: string };
    ctx.out(`latest stored result, made ${r.at ?? "?"}${r.trigger ? ` (${r.trigger})` : ""}:`);
  }
  if (what === "reconcile") {
    const r = body as unknown as Report;
    if (!r.differences.length) {
      ctx.out(`${r.serviceId} ${r.day}: the dashboard, statistics, CSV and call history agree (${r.compared} figures compared)`);
      return 0;
    }
    ctx.out(`${r.serviceId} ${r.day}: ${r.differences.length} figures disagree`);
    for (const d of r.differences) ctx.out(`  ${d.source}\t${d.figure}\t${d.scope}\tshown ${d.value}\tcalls ${d.expected}`);
    return 1;
  }
  const c = body as unknown as Canary;
  for (const s of c.steps) ctx.out(`  ${s.ok ? "ok  " : "FAIL"}\t${s.number}\t${s.step}\t${s.detail}`);
  ctx.out(c.ok ? `${c.serviceId}: the canary call passed (${c.steps.length} steps)` : `${c.serviceId}: the canary call failed at number ${c.failure?.number}, step ${c.failure?.step}`);
  return c.ok ? 0 : 1;
}
