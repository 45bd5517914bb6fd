import type { Clock, Logger } from "../lib/index.ts";
import type { Repos } from "../store/index.ts";
import type { AgentBoard, AgentMachine } from "./agent/index.ts";
import { CallbackScheduler, type Callbacks } from "./callback/index.ts";
import type { Flow } from "./ivr/index.ts";
import { outboundRefusal } from "./outbound/index.ts";
import type { Acd } from "./queue/index.ts";
import { cleanDialString } from "./routing/index.ts";
import type { DialHow } from "./trail/index.ts";

/** What the automatic callbacks read of the running center (ContactCenter wires it). */
export interface AutomaticCallbacksDeps {
  repos: Repos;
  clock: Clock;
  log: Logger;
  callbacks: Callbacks;
  agents: AgentBoard;
  acd: Acd;
  flow(serviceId: string): Flow;
  /** The console's dial (C9): ring the agent, then the number; returns the call id. */
  dial(agent: AgentMachine, number: string, callbackId: number, how: DialHow): string;
}

/**
 * Automatic callbacks (C7): a request is dialled for a ready agent of its queue, longest idle first, once no
 * caller of that queue has waited longer; a number the service may not dial closes the request as failed.
 */
export function automaticCallbacks(d: AutomaticCallbacksDeps): CallbackScheduler {
  return new CallbackScheduler({
    repos: d.repos, clock: d.clock, log: d.log, callbacks: d.callbacks, flow: d.flow,
    readyAgents: (serviceId, queueId) =>
      (d.repos.queues.get(serviceId, queueId)?.agents ?? [])
        .map((id) => d.agents.get(serviceId, id))
        .filter((a): a is AgentMachine => a !== undefined && a.state === "ready")
        .sort((a, b) => a.since - b.since),
    oldestWaiting: (serviceId, queueId) => {
      const times = d.acd.waiting(serviceId).filter((e) => e.p.queueId === queueId).map((e) => e.enteredAt);
      return times.length ? Math.min(...times) : undefined;
    },
    dial: (agent, number, callbackId) => {
      const n = cleanDialString(number);
      if (outboundRefusal(n, d.repos.outboundCaps.rules(agent.serviceId))) {
        d.callbacks.fail(agent.serviceId, callbackId, "system");
        return undefined;
      }
      return d.dial(agent, n, callbackId, { origin: "callback", dialled: number });
    },
  });
}
