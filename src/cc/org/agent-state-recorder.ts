import type { Event, Logger } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { AgentStateName, AgentStatus } from "../agent/index.ts";

/**
 * Keep every agent state change in the agent state log (O5 CTI log, O7 My performance): fed by the
 * contact center's typed agent events, each with its cause (issue 17); a failed write is logged, never thrown into the call path.
 */
export function recordAgentStates(agents: { readonly onChange: Event<[AgentStatus, AgentStateName]> }, repos: Repos, log: Logger): () => void {
  return agents.onChange.subscribe((s, prev) => {
    void prev; // an away reason changing within "away" is a change too
    try {
      repos.agentStateLog.record({ serviceId: s.serviceId, loginId: s.loginId, state: s.state, reason: s.reason, at: s.since, cause: s.cause });
    } catch (err) {
      log.error({ err: String(err), serviceId: s.serviceId, loginId: s.loginId }, "agent state change not logged");
    }
  });
}
