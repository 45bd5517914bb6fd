import type { CallLegRecord } from "../../store/index.ts";

/** One agent's share of a call's talk time (C10, C11): a transferred call is split between its agents. */
export interface AgentTalk {
  agent: string;
  seconds: number;
}

/**
 * Talk time per agent from a call's answered agent legs (answer to end), in the order they talked;
 * an agent with two legs (rung back after a failed transfer) is summed. Legs still up count to `now`.
 */
export function agentTalk(legs: readonly CallLegRecord[], now: number): AgentTalk[] {
  const out: AgentTalk[] = [];
  for (const l of legs) {
    if (l.role !== "agent" || l.agent === null || l.answeredAt === null) continue;
    const seconds = ((l.endedAt ?? now) - l.answeredAt) / 1000;
    const known = out.find((t) => t.agent === l.agent);
    if (known) known.seconds += seconds;
    else out.push({ agent: l.agent, seconds });
  }
  return out;
}
