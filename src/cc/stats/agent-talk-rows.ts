/** Statistics by agent with each agent's own talk time (issue 17: a transferred call's talk split per leg). */
import type { AgentLegTalk } from "../../store/index.ts";
import type { StatsInterval, StatsRow } from "./statistics.ts";
import { bucketLabel } from "./stats-sums.ts";

/**
 * Add `talkSeconds` (the agent's connected time on their answered legs) to the statistics rows by
 * agent, per period; an agent with talk but no row of their own (a call transferred to them) gets one.
 */
export function withAgentTalk(rows: readonly StatsRow[], talk: readonly AgentLegTalk[], interval?: StatsInterval): StatsRow[] {
  const out = new Map(rows.map((r) => [JSON.stringify([r.key, r.period]), { ...r, talkSeconds: 0 }]));
  for (const t of talk) {
    const period = interval && t.bucket !== null ? bucketLabel(t.bucket, interval) : null;
    const id = JSON.stringify([t.key, period]);
    let r = out.get(id);
    if (!r) {
      r = {
        key: t.key, period, offered: 0, answered: 0, answeredWithinSl: 0, abandoned: 0, shortAbandoned: 0, callbacks: 0, answerRate: null,
        serviceLevel: null, answerRateWithinSl: null, avgWaitSeconds: null, maxWaitSeconds: null, avgTalkSeconds: null, avgWrapUpSeconds: null,
        outbound: 0, talkSeconds: 0,
      };
      out.set(id, r);
    }
    r.talkSeconds += t.talkSum;
  }
  return [...out.values()].sort((a, b) => (a.period ?? "").localeCompare(b.period ?? "") || (a.key ?? "").localeCompare(b.key ?? ""));
}
