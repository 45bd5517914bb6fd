import type { Clock, Logger } from "../../lib/index.ts";
import type { Queue, Service } from "../../store/index.ts";
import { openState, resolveMenu, runIvr, type Flow, type IvrOutcome } from "../ivr/index.ts";
import { CanaryLeg, type HeardPrompt, type PromptEar } from "./canary-leg.ts";

/** Below this level a prompt counts as silence (speech prompts sit around −20 dBFS). */
export const AUDIBLE_DBFS = -45;
/** A prompt shorter than this is not a real announcement (a missing prompt plays 200 ms of silence). */
export const AUDIBLE_MIN_MS = 300;
/** A walk that takes longer than this has hung. */
const WALK_TIMEOUT_MS = 30_000;

/** Why a step failed. */
export type CanaryCode = "unreadable" | "silent" | "hours-mismatch" | "wrong-route" | "no-agents" | "error";

/** One step of the walk of one service number. */
export interface CanaryStep {
  number: string;
  /** "greeting", "hours", "menu", "after-hours", "key 1", "queue main". */
  step: string;
  ok: boolean;
  code?: CanaryCode;
  /** Plain words of what was found (English; the pages word the code). */
  detail: string;
}

/** What a walk needs. */
export interface WalkContext {
  service: Service;
  number: string;
  flow: Flow;
  queues: Queue[];
  ear: PromptEar;
  clock: Clock;
  log: Logger;
}

const audible = (h: HeardPrompt) => h.receivedMs >= AUDIBLE_MIN_MS && h.rmsDbfs > AUDIBLE_DBFS;

function promptStep(number: string, step: string, h: HeardPrompt | undefined): CanaryStep {
  if (!h) return { number, step, ok: false, code: "silent", detail: "the prompt was not played" };
  const level = Number.isFinite(h.rmsDbfs) ? `${h.rmsDbfs.toFixed(1)} dBFS` : "digital silence";
  if (h.unreadable) return { number, step, ok: false, code: "unreadable", detail: "the service's prompt file cannot be decoded (callers hear the default)" };
  if (!audible(h)) return { number, step, ok: false, code: "silent", detail: `silence: ${h.receivedMs} ms at ${level}` };
  return { number, step, ok: true, detail: `${h.receivedMs} ms at ${level}` };
}

/** Run the real ARS once on a canary leg that presses `key` at the menu. */
async function walkOnce(c: WalkContext, key: string | undefined): Promise<{ leg: CanaryLeg; outcome: IvrOutcome }> {
  const { flow, service } = c;
  const leg = new CanaryLeg(c.number, { ear: c.ear, key, menuPrompt: flow.prompts.menu, inputPrompts: [flow.prompts.menu, flow.prompts.infoRepeat] });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("the walk did not finish")), WALK_TIMEOUT_MS)));
  try {
    const outcome = await Promise.race([
      runIvr({
        leg, clock: c.clock, flow, menu: resolveMenu(flow, c.queues), serviceId: service.serviceId,
        language: service.language === "ko" ? "ko" : "en", timeZone: service.timezone, log: c.log,
      }),
      timeout,
    ]);
    return { leg, outcome };
  } finally {
    clearTimeout(timer);
    leg.hangup();
  }
}

/** The keys that should reach a queue: the flow's queue entries, then each queue's own digit the flow leaves free. */
function expectedKeys(flow: Flow, queues: readonly Queue[]): [string, string][] {
  const out = new Map<string, string>();
  for (const m of flow.menu) if (m.kind !== "info") out.set(m.digit, m.queueId);
  const taken = new Set(flow.menu.map((m) => m.digit));
  for (const q of queues) if (!taken.has(q.digit) && ![...out.values()].includes(q.queueId)) out.set(q.digit, q.queueId);
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Walk one service number as an internal caller (issue 17 point 5): the greeting is audible, the
 * hours verdict is the configured one, the menu prompt is audible and every menu key reaches its
 * queue (which has agents). Returns every step, failing ones included.
 */
export async function walkNumber(c: WalkContext): Promise<CanaryStep[]> {
  const n = c.number;
  const steps: CanaryStep[] = [];
  const keys = expectedKeys(c.flow, c.queues);
  try {
    const verdict = openState(c.flow, c.clock.now(), c.service.timezone);
    const first = await walkOnce(c, keys[0]?.[0]);
    const heard = (id: string) => first.leg.heard.find((h) => h.id === id)?.result;
    steps.push(promptStep(n, "greeting", heard(c.flow.prompts.greeting)));
    const closedByIvr = first.outcome.kind === "ended" && first.outcome.result === "after-hours";
    const open = verdict === "open";
    steps.push(
      open === !closedByIvr
        ? { number: n, step: "hours", ok: true, detail: verdict }
        : { number: n, step: "hours", ok: false, code: "hours-mismatch", detail: `configured ${verdict}, the ARS ${closedByIvr ? "closed" : "opened"}` },
    );
    if (!open) {
      steps.push(promptStep(n, "after-hours", heard(c.flow.prompts.afterHours)));
      return steps;
    }
    steps.push(promptStep(n, "menu", heard(c.flow.prompts.menu)));
    for (const [i, [key, queueId]] of keys.entries()) {
      const { outcome } = i === 0 ? first : await walkOnce(c, key);
      const reached = outcome.kind === "queue" ? outcome.queueId : null;
      steps.push(
        reached === queueId
          ? { number: n, step: `key ${key}`, ok: true, detail: `queue ${queueId}` }
          : { number: n, step: `key ${key}`, ok: false, code: "wrong-route", detail: `expected queue ${queueId}, reached ${reached ?? (outcome.kind === "ended" ? outcome.result : "nothing")}` },
      );
      const q = c.queues.find((x) => x.queueId === queueId);
      if (reached === queueId && q && q.agents.length === 0) {
        steps.push({ number: n, step: `queue ${queueId}`, ok: false, code: "no-agents", detail: `queue ${queueId} has no agents` });
      }
    }
  } catch (e) {
    steps.push({ number: n, step: "walk", ok: false, code: "error", detail: String(e instanceof Error ? e.message : e) });
  }
  return steps;
}

