import { randomToken, type Clock, type Logger } from "../../lib/index.ts";
import type { Repos, Service, Trunk } from "../../store/index.ts";
import type { CallLeg, EndReason, Telephony, TrunkTarget } from "../../telephony/index.ts";
import type { AgentBoard } from "../agent/index.ts";
import type { CallLog } from "../calls/index.ts";
import type { Flow } from "../ivr/index.ts";
import { isInternational } from "../routing/index.ts";

export interface OutboundDeps {
  telephony: Telephony;
  repos: Repos;
  agents: AgentBoard;
  clock: Clock;
  log: Logger;
  /** Closes the record (logs "call ended", counts it). */
  calls: CallLog;
  flow(serviceId: string): Flow;
  recordingPath(callId: string, serviceId: string): string | undefined;
}

/** How long the far end may ring before the appliance gives up. */
const RING_TIMEOUT_MS = 60_000;

/**
 * An agent dialled an outside number from a desk phone (C9, T7): international numbers are
 * refused; otherwise the call leaves through the service's trunk with the service's caller ID,
 * the agent hears ringback until the far end answers, and the call is bridged and recorded.
 */
export function placeOutboundCall(d: OutboundDeps, agentLeg: CallLeg, extension: string, number: string): void {
  const agent = d.agents.byExtension(extension);
  const service = agent ? d.repos.services.get(agent.serviceId) : undefined;
  if (!agent || !service) return agentLeg.hangup("rejected");
  if (isInternational(number)) {
    d.log.warn({ extension, number }, "refused an international number");
    return agentLeg.hangup("rejected");
  }
  const trunk = trunkFor(d.repos.trunks.list(), service);
  if (!trunk || agent.busy) return agentLeg.hangup(agent.busy ? "busy" : "failed");

  const callerId = service.callerId || service.number;
  const callId = `c${randomToken(19)}`;
  const startedAt = d.clock.now();
  d.repos.calls.create({
    callId, serviceId: service.serviceId, direction: "outbound", from: callerId, to: number, sipCallId: agentLeg.callId, startedAt,
    queueId: null, queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, agent: agent.loginId, hangupBy: null,
    result: null, recordingPath: null, waitSeconds: null, talkSeconds: null, type: null,
  });
  d.log.info({ callId, serviceId: service.serviceId, agent: agent.loginId, number }, "outbound call placed");
  agent.dialing();
  const far = d.telephony.dialOut(number, { callerId, trunk: target(trunk), ringTimeoutMs: RING_TIMEOUT_MS });
  void agentLeg.answer().then(() => agentLeg.play({ kind: "tone", tone: "ringback" }, { loop: true }));

  let answeredAt: number | undefined;
  far.onAnswered.subscribe(() => {
    answeredAt = d.clock.now();
    const recordTo = d.recordingPath(callId, service.serviceId);
    const bridge = d.telephony.bridge(agentLeg, far, recordTo ? { recordTo } : undefined);
    d.repos.calls.update(callId, { answeredAt, recordingPath: bridge.recordingPath ?? null, waitSeconds: Math.round((answeredAt - startedAt) / 1000) });
    agent.connected();
    d.log.info({ callId, serviceId: service.serviceId, agent: agent.loginId }, "call answered");
  });
  let finished = false;
  const finish = (side: "agent" | "caller", reason: EndReason) => {
    if (finished) return;
    finished = true;
    const endedAt = d.clock.now();
    d.calls.finish(callId, {
      endedAt,
      hangupBy: reason.by === "remote" ? side : "system",
      result: answeredAt !== undefined ? "answered" : "failed",
      talkSeconds: answeredAt !== undefined ? Math.round((endedAt - answeredAt) / 1000) : 0,
    });
    const flow = d.flow(service.serviceId);
    if (answeredAt !== undefined) agent.callEnded(flow.wrapUpSeconds, flow.stateAfterCall, callId);
    else agent.reset("ready", null);
  };
  far.onEnded.subscribe((reason) => {
    finish("caller", reason);
    agentLeg.hangup("bye");
  });
  agentLeg.onEnded.subscribe((reason) => {
    finish("agent", reason);
    far.hangup("bye");
  });
}

/** The trunk carrying one of the service's numbers, else the first trunk. */
function trunkFor(trunks: Trunk[], service: Service): Trunk | undefined {
  return trunks.find((t) => t.numbers.some((n) => n.serviceId === service.serviceId)) ?? trunks[0];
}

function target(trunk: Trunk): TrunkTarget {
  const withCredentials = trunk.mode === "register" && trunk.username !== "";
  return {
    host: trunk.host,
    port: trunk.port,
    transport: trunk.transport,
    ...(withCredentials ? { username: trunk.username, password: trunk.password } : {}),
  };
}
