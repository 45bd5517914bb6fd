import { openState, resolveMenu, type Flow } from "../ivr/index.ts";
import type { Queue } from "../../store/index.ts";
import { hoursVerdict } from "./hours-verdict.ts";

/** Where a call's recorded inputs lead under one configuration (issue 17 point 6). */
export type ReplayRoute =
  | { kind: "closed"; why: "holiday" | "hours"; rule: string }
  | { kind: "queue"; queueId: string; queueName: string; agents: string[] }
  | { kind: "info"; prompt: string }
  /** The caller left the menu (keys ran out, or the menu gave up after its tries). */
  | { kind: "menu"; keys: (string | null)[] }
  /** The call never reached the menu (closed then), so its keys are not known. */
  | { kind: "menu-unknown" };

/** The configuration a call is replayed through: the flow and the service's queues. */
export interface RoutingConfig {
  flow: Flow;
  queues: readonly Queue[];
}

/** A call's recorded inputs: when it came, and the keys pressed (null: none before the timeout). */
export interface ReplayInput {
  at: number;
  keys: (string | null)[] | undefined;
}

/**
 * Replay one call's inputs through a configuration, the way runIvr decides (C2–C4): holidays and
 * hours first, then the menu keys in order (information messages: 1 again, 2 back to the start;
 * `menuTries` wrong keys end the menu). Pure.
 */
export function replayRoute(cfg: RoutingConfig, input: ReplayInput, timeZone: string): ReplayRoute {
  if (openState(cfg.flow, input.at, timeZone) !== "open") {
    const v = hoursVerdict(cfg.flow, input.at, timeZone);
    const rule = v.rule.kind === "holiday" ? `${v.rule.date} ${v.rule.name}`.trim() : v.rule.kind === "no-range" ? `${v.rule.weekday} ${v.rule.ranges.join(",") || "-"}` : "";
    return { kind: "closed", why: v.verdict === "closed-holiday" ? "holiday" : "hours", rule };
  }
  if (!input.keys) return { kind: "menu-unknown" };
  const menu = resolveMenu(cfg.flow, cfg.queues);
  let failures = 0;
  let info: string | undefined;
  for (const key of input.keys) {
    if (failures >= cfg.flow.menuTries) break;
    if (info) {
      if (key === "1") continue;
      if (key === "2") {
        info = undefined;
        failures = 0;
        continue;
      }
    } else {
      const entry = key === null ? undefined : menu.get(key);
      if (entry?.kind === "queue") {
        const q = cfg.queues.find((x) => x.queueId === entry.queueId)!;
        return { kind: "queue", queueId: q.queueId, queueName: q.name, agents: [...q.agents].sort() };
      }
      if (entry?.kind === "info") {
        info = entry.prompt;
        failures = 0;
        continue;
      }
    }
    failures++;
  }
  return info ? { kind: "info", prompt: info } : { kind: "menu", keys: input.keys };
}

/** Two routes are the same place (a queue with the same members, the same closing rule …). */
export function sameRoute(a: ReplayRoute, b: ReplayRoute): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A route in plain words (Korean or English). */
export function routeWords(r: ReplayRoute, lang: "ko" | "en"): string {
  const ko = lang === "ko";
  switch (r.kind) {
    case "closed":
      if (r.why === "holiday") return ko ? `휴일로 종료 안내 (${r.rule})` : `closed: holiday (${r.rule})`;
      return ko ? `운영 시간 외 안내 (${r.rule})` : `closed: outside hours (${r.rule})`;
    case "queue": {
      const who = r.agents.length ? r.agents.join(", ") : ko ? "상담원 없음" : "no agents";
      return ko ? `대기열 "${r.queueName}" (상담원: ${who})` : `queue "${r.queueName}" (agents: ${who})`;
    }
    case "info": return ko ? `안내 "${r.prompt}"` : `message "${r.prompt}"`;
    case "menu": return ko ? "메뉴에서 종료 (선택 없음)" : "left in the menu (no choice)";
    case "menu-unknown": return ko ? "메뉴 (기록된 키 없음: 당시 메뉴에 도달하지 않음)" : "the menu (no keys recorded: the call never reached it)";
  }
}
