import type { Clock, Logger } from "../lib/index.ts";
import type { Repos } from "../store/index.ts";
import type { AgentBoard, AgentMachine } from "./agent/index.ts";
import type { CallLog } from "./calls/index.ts";
import type { Flow } from "./ivr/index.ts";

/** What putting the center right after a restart reads and writes (ContactCenter wires it). */
export interface RestartRecoveryDeps {
  repos: Repos;
  clock: Clock;
  log: Logger;
  calls: CallLog;
  agents: AgentBoard;
  flow(serviceId: string): Flow;
  /** A call this process is carrying (not left over from the one before). */
  isActive(callId: string): boolean;
}

/**
 * At start-up: close calls left open by a crash as `interrupted` (their open legs too) and free the
 * agents they held, so no agent stays stuck on a call that is gone. Returns the calls closed.
 */
export function recoverAfterRestart(d: RestartRecoveryDeps): number {
  const open = d.repos.calls.listOpen().filter((c) => !d.isActive(c.callId));
  const now = d.clock.now();
  for (const c of open) {
    d.calls.finish(c.callId, { endedAt: now, result: "interrupted", hangupBy: "system" });
    for (const l of d.repos.calls.legs(c.callId)) {
      if (l.endedAt === null) d.repos.calls.updateLeg(l.legId, { endedAt: now, endBy: "system", endCause: "interrupted" });
    }
  }
  for (const a of d.agents.stored()) {
    if (a.state === "ringing") endRinging(d, a, now);
    else if (a.busy) a.reset("away", "interrupted", "restart: call interrupted");
    else if (a.state === "wrap-up") resumeWrapUp(d, a, now);
  }
  if (open.length) d.log.warn({ calls: open.length }, "closed calls interrupted by a restart");
  return open.length;
}

/**
 * An agent ringing when the appliance stopped (issue 17): the call is gone, its ring deadline is
 * not. Past it, the no-answer rule applies as it would have (away "no-answer", C5); before it, the
 * offer ended with the restart and the agent is ready again.
 */
function endRinging(d: RestartRecoveryDeps, a: AgentMachine, now: number): void {
  const deadline = a.since + d.flow(a.serviceId).ringTimeoutSeconds * 1000;
  if (deadline <= now) a.reset("away", "no-answer", "restart: rang past the ring timeout while stopped");
  else a.reset("ready", null, "restart: the offer ended with the restart");
}

/**
 * A wrap-up that was running when the appliance stopped keeps its deadline (issue 17): the
 * agent leaves it at `since + wrapUpSeconds` as if nothing happened (at once when that passed),
 * unless the service keeps agents in wrap-up until they choose (G9).
 */
function resumeWrapUp(d: RestartRecoveryDeps, a: AgentMachine, now: number): void {
  const flow = d.flow(a.serviceId);
  if (flow.stateAfterCall === "wrap-up") return;
  const leftMs = Math.max(0, (a.snapshot.until ?? a.since + flow.wrapUpSeconds * 1000) - now);
  a.resumeWrapUp(leftMs, flow.stateAfterCall);
  d.log.info({ serviceId: a.serviceId, agent: a.loginId, leftMs }, "wrap-up resumed after a restart");
}
