import type { Repos } from "../../store/index.ts";

/** My performance (O7): today's figures of one member in one service. */
export interface MyPerformance {
  tickets: { unassigned: number; inProgress: number; resolved: number; completed: number };
  inbound: { count: number; seconds: number };
  outbound: { count: number; seconds: number };
  /** Seconds ready for calls. */
  readySeconds: number;
  /** Calls the member transferred. */
  transfers: number;
  /** Tickets the member resolved or completed today. */
  ticketsHandled: number;
  /** Seconds away, per reason ("" when none was given). */
  away: Record<string, number>;
}

/**
 * The member's figures in a service from `from` (the local start of today) until `now`: their
 * tickets (unassigned ones of the service), calls they talked on, transfers, and time per state
 * from the agent state log. `loginId` is the member's agent login in the service.
 */
export function myPerformance(repos: Repos, o: { serviceId: string; loginId: string; from: number; now: number }): MyPerformance {
  const tickets = repos.tickets.list(o.serviceId);
  const mine = tickets.filter((t) => t.assignee === o.loginId);
  const calls = repos.calls.list(o.serviceId, o.from, o.now + 1).filter((c) => c.agent === o.loginId && c.answeredAt !== null);
  const sum = (dir: "inbound" | "outbound") => {
    const list = calls.filter((c) => c.direction === dir);
    return { count: list.length, seconds: list.reduce((s, c) => s + (c.talkSeconds ?? 0), 0) };
  };
  const transfers = repos.queueEvents.list(o.serviceId, o.from, o.now + 1).filter((e) => e.event === "transfer" && e.agent === o.loginId).length;
  // Time per state: the state at `from`, then each change, until now.
  const changes = repos.agentStateLog.list(o.serviceId, o.from, o.now + 1).filter((c) => c.loginId === o.loginId);
  const start = repos.agentStateLog.lastBefore(o.serviceId, o.loginId, o.from);
  const spans = [...(start ? [{ ...start, at: o.from }] : []), ...changes];
  let readySeconds = 0;
  const away: Record<string, number> = {};
  spans.forEach((s, i) => {
    const seconds = Math.max(0, ((spans[i + 1]?.at ?? o.now) - s.at) / 1000);
    if (s.state === "ready") readySeconds += seconds;
    if (s.state === "away") away[s.reason ?? ""] = (away[s.reason ?? ""] ?? 0) + seconds;
  });
  const today = (t: { updatedAt: number }) => t.updatedAt >= o.from;
  return {
    tickets: {
      unassigned: tickets.filter((t) => t.state === "unassigned").length,
      inProgress: mine.filter((t) => t.state === "in-progress").length,
      resolved: mine.filter((t) => t.state === "resolved").length,
      completed: mine.filter((t) => t.state === "completed").length,
    },
    inbound: sum("inbound"),
    outbound: sum("outbound"),
    readySeconds: Math.round(readySeconds),
    transfers,
    ticketsHandled: mine.filter((t) => (t.state === "resolved" || t.state === "completed") && today(t)).length,
    away: Object.fromEntries(Object.entries(away).map(([k, v]) => [k, Math.round(v)])),
  };
}
