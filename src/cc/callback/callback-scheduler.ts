import type { Clock, Logger, TimerHandle } from "../../lib/index.ts";
import type { CallbackRequest, Repos } from "../../store/index.ts";
import type { AgentMachine } from "../agent/index.ts";
import type { Flow } from "../ivr/index.ts";
import type { Callbacks } from "./callbacks.ts";
import { closedNow, nextOpening } from "./next-opening.ts";

/** How often open requests are looked at. */
export const SCHEDULER_TICK_MS = 5000;
/** An automatic return call whose agent never answered is tried again this much later. */
export const AGENT_MISSED_RETRY_MS = 60_000;

/** What the scheduler needs from the contact center. */
export interface CallbackSchedulerDeps {
  repos: Repos;
  clock: Clock;
  log: Logger;
  callbacks: Callbacks;
  flow(serviceId: string): Flow;
  /** Ready agents assigned to the queue, in the order the queue's strategy would offer them. */
  readyAgents(serviceId: string, queueId: string): AgentMachine[];
  /** When the longest-waiting caller of the queue entered it (undefined when nobody waits). */
  oldestWaiting(serviceId: string, queueId: string): number | undefined;
  /**
   * Ring the agent, then call the number (the console's dial, C9); returns the call id, or undefined
   * when the number may not be dialled (the request was closed as failed). Throws when it cannot start now.
   */
  dial(agent: AgentMachine, number: string, callbackId: number): string | undefined;
}

/**
 * Automatic callbacks (C7) for services that turn them on: each open request whose time has come
 * is dialled for a ready agent of its queue — the agent's phone first, then the customer. Never
 * while the service is closed (the request waits for the next opening and its log says so), never
 * more return calls dialling than ready agents (each takes one), and in the line's order: a
 * request keeps the caller's original place, so callers who entered the queue earlier go first.
 */
export class CallbackScheduler {
  /** Return calls under way: request id → call id. */
  private readonly dialling = new Map<number, { callId: string; tries: number; serviceId: string }>();
  private timer?: TimerHandle;

  constructor(private readonly d: CallbackSchedulerDeps) {}

  start(tickMs = SCHEDULER_TICK_MS): void {
    const loop = () => {
      this.tick();
      this.timer = this.d.clock.setTimeout(loop, tickMs);
    };
    this.timer = this.d.clock.setTimeout(loop, tickMs);
  }

  stop(): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Return calls being dialled now for a service. */
  inFlight(serviceId: string): number {
    return [...this.dialling.values()].filter((x) => x.serviceId === serviceId).length;
  }

  /** One pass over every active service that dials callbacks itself. */
  tick(): void {
    this.settle();
    for (const s of this.d.repos.services.list()) {
      if (s.state !== "active") continue;
      const flow = this.d.flow(s.serviceId);
      if (!flow.callbackAutoDial) continue;
      try {
        this.service(s.serviceId, s.timezone, flow);
      } catch (e) {
        this.d.log.error({ serviceId: s.serviceId, err: String(e) }, "callback scheduling failed");
      }
    }
  }

  private service(serviceId: string, timeZone: string, flow: Flow): void {
    const now = this.d.clock.now();
    const open = this.d.repos.callbacks.open(serviceId).filter((c) => !this.dialling.has(c.id));
    const closed = closedNow(flow, now, timeZone);
    if (closed) {
      const opening = nextOpening(flow, now, timeZone);
      for (const c of open) {
        // Logged once per closing: the record says it waits and until when.
        if (opening !== undefined && (c.nextTryAt ?? 0) < opening) this.d.callbacks.postpone(serviceId, c.id, opening, closed);
      }
      return;
    }
    const taken = new Set<string>();
    for (const c of open) {
      if (c.nextTryAt !== null && c.nextTryAt > now) continue;
      const earlier = this.d.oldestWaiting(serviceId, c.queueId);
      if (earlier !== undefined && earlier < c.placeAt) continue; // a caller ahead in the line goes first
      const agent = this.d.readyAgents(serviceId, c.queueId).find((a) => !taken.has(a.loginId) && a.state === "ready");
      if (!agent) continue;
      taken.add(agent.loginId);
      this.dial(serviceId, c, agent);
    }
  }

  private dial(serviceId: string, c: CallbackRequest, agent: AgentMachine): void {
    try {
      const callId = this.d.dial(agent, c.number, c.id);
      if (callId === undefined) return;
      this.dialling.set(c.id, { callId, tries: c.tries, serviceId });
      this.d.log.info({ serviceId, callbackId: c.id, agent: agent.loginId, callId }, "automatic callback dialled");
    } catch (e) {
      this.d.log.warn({ serviceId, callbackId: c.id, err: String(e) }, "automatic callback could not start");
      this.d.callbacks.postpone(serviceId, c.id, this.d.clock.now() + AGENT_MISSED_RETRY_MS, "not-started");
    }
  }

  /**
   * Forget return calls whose record closed. One that ended without a try counted (the agent's
   * phone never answered, so the customer was not called) waits a minute before the next agent.
   */
  private settle(): void {
    for (const [id, x] of this.dialling) {
      const call = this.d.repos.calls.get(x.callId);
      if (call && call.endedAt === null) continue;
      this.dialling.delete(id);
      const cur = this.d.repos.callbacks.get(id);
      if (cur?.state === "requested" && cur.tries === x.tries) {
        this.d.callbacks.postpone(x.serviceId, id, this.d.clock.now() + AGENT_MISSED_RETRY_MS, "agent-missed");
      }
    }
  }
}
