import type { Repos } from "../../store/index.ts";

/** One line of the daily CTI log (O5): a call event or an agent state change. */
export interface CtiLogLine {
  at: number;
  kind: "call" | "agent";
  /** The call's queue event (enter, offer, answer …) or the agent's new state. */
  event: string;
  callId: string;
  agent: string;
  detail: string;
}

/** The service's call and agent events in [from, to), oldest first (the CTI log of a day). */
export function ctiLog(repos: Repos, serviceId: string, from: number, to: number): CtiLogLine[] {
  const calls: CtiLogLine[] = repos.queueEvents.list(serviceId, from, to).map((e) => ({
    at: e.at, kind: "call", event: e.event, callId: e.callId, agent: e.agent ?? "", detail: [e.queueId, e.detail].filter(Boolean).join(" "),
  }));
  const agents: CtiLogLine[] = repos.agentStateLog.list(serviceId, from, to).map((c) => ({
    at: c.at, kind: "agent", event: c.state, callId: "", agent: c.loginId, detail: c.reason ?? "",
  }));
  return [...calls, ...agents].sort((a, b) => a.at - b.at);
}
