import type { AgentMachine } from "../agent/index.ts";
import type { Strategy } from "../ivr/index.ts";

/**
 * Pick the agents to ring for one caller (C5) among the ready agents of the queue:
 * - longest-idle (default): the one ready for the longest time;
 * - fewest-calls: the one who answered the fewest calls today (then longest idle);
 * - round-robin: the next after the last one offered, in login-id order;
 * - ring-all: all of them at once; the first to answer takes the call.
 */
export function pickAgents(strategy: Strategy, ready: readonly AgentMachine[], lastOffered?: string): AgentMachine[] {
  if (!ready.length) return [];
  switch (strategy) {
    case "ring-all":
      return [...ready];
    case "round-robin": {
      const sorted = [...ready].sort((a, b) => a.loginId.localeCompare(b.loginId));
      return [sorted.find((a) => lastOffered !== undefined && a.loginId > lastOffered) ?? sorted[0]!];
    }
    case "fewest-calls":
      return [[...ready].sort((a, b) => a.answered - b.answered || a.since - b.since)[0]!];
    case "longest-idle":
      return [[...ready].sort((a, b) => a.since - b.since || a.loginId.localeCompare(b.loginId))[0]!];
  }
}
