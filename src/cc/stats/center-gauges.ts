import type { CallbackState, Repos } from "../../store/index.ts";
import type { AgentStateName, AgentStatus } from "../agent/index.ts";
import type { WaitingSummary } from "../queue/index.ts";

/** One service's figures now, for the /metrics gauges (X6). */
export interface ServiceGauges {
  serviceId: string;
  /** Every queue of the service; a queue nobody waits in shows 0. */
  queues: WaitingSummary[];
  agents: Record<AgentStateName, number>;
  callbacks: Record<CallbackState, number>;
}

/** What {@link centerGauges} reads: small queries and in-memory state only (it runs once a second). */
export interface CenterGaugeSources {
  repos: Pick<Repos, "services" | "queues" | "callbacks">;
  now: number;
  waiting(serviceId: string, now: number): WaitingSummary[];
  agents(serviceId: string): AgentStatus[];
}

/**
 * Every service's waiting callers per queue, agents per state and callback requests per state.
 * Every state is listed, zeros included, so a series never vanishes when its count drops to 0.
 */
export function centerGauges(s: CenterGaugeSources): ServiceGauges[] {
  const callbacks = s.repos.callbacks.countByState();
  return s.repos.services.list().map(({ serviceId }) => {
    const waiting = new Map(s.waiting(serviceId, s.now).map((w) => [w.queueId, w]));
    const queues = s.repos.queues.list(serviceId).map((q) => waiting.get(q.queueId) ?? { queueId: q.queueId, waiting: 0, longestWaitMs: 0 });
    const agents: Record<AgentStateName, number> = { "logged-out": 0, ready: 0, away: 0, ringing: 0, "on-call": 0, "wrap-up": 0, dialing: 0, unreachable: 0 };
    for (const a of s.agents(serviceId)) agents[a.state]++;
    const byState: Record<CallbackState, number> = { requested: 0, completed: 0, deleted: 0, failed: 0 };
    for (const c of callbacks) if (c.serviceId === serviceId) byState[c.state] = c.count;
    return { serviceId, queues, agents, callbacks: byState };
  });
}
