/** The calls a figure counts (issue 17 point 4: every figure clicks down to its calls, by the same definition). */
import type { CallRecord, QueueEvent } from "../../store/index.ts";
import { FIGURE_DEFINITIONS, FIGURE_PREDICATES, type Figure } from "./figure-definitions.ts";
import type { StatsBy } from "./statistics.ts";

export interface FigureQuery {
  figure: Figure;
  by: StatsBy;
  /** The row's key (queue id, agent login, consultation type; null = none); undefined = every key. */
  key?: string | null;
  slSeconds: number;
}

/**
 * The calls of `calls` (started in the range) a figure counts in a row of the statistics; by agent
 * from the offers in `events` made before `to` (a call offered to the agent counts once), as the
 * statistics count them. A derived figure (a rate, an average) lists the calls it is computed from.
 */
export function figureCalls(calls: readonly CallRecord[], events: readonly QueueEvent[], to: number, q: FigureQuery): CallRecord[] {
  const base = FIGURE_DEFINITIONS[q.figure].base;
  const pick = FIGURE_PREDICATES[base];
  const outbound = base === "outbound";
  if (q.by === "agent" && !outbound && base !== "totalInbound" && base !== "internalCalls" && base !== "callbackConversions") {
    const byId = new Map(calls.map((c) => [c.callId, c]));
    const seen = new Set<string>();
    const out: CallRecord[] = [];
    for (const e of events) {
      if (e.event !== "offer" || !e.agent || e.at >= to || (q.key !== undefined && e.agent !== q.key)) continue;
      const id = `${e.callId}/${e.agent}`;
      const c = byId.get(e.callId);
      if (!c || seen.has(id)) continue;
      seen.add(id);
      if (pick(c, { slSeconds: q.slSeconds, agent: e.agent })) out.push(c);
    }
    return out.sort((a, b) => a.startedAt - b.startedAt || a.callId.localeCompare(b.callId));
  }
  const keyOf = (c: CallRecord): string | null =>
    q.by === "queue" ? c.queueId : q.by === "type" ? c.type : q.by === "agent" ? c.agent : null;
  return calls.filter((c) => {
    if (outbound && q.by === "queue") return false; // outbound calls have no queue
    if (q.key !== undefined && q.by !== "service" && keyOf(c) !== q.key) return false;
    return pick(c, { slSeconds: q.slSeconds });
  });
}
