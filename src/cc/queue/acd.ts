import type { Logger } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { AgentBoard, AgentMachine } from "../agent/index.ts";
import type { Flow } from "../ivr/index.ts";
import { pickAgents } from "./strategies.ts";
import { QueueEntry, type QueueEntryDeps, type QueueEntryParams } from "./queue-entry.ts";

/** Waiting callers of a queue, for the dashboard (D5). */
export interface WaitingSummary {
  queueId: string;
  waiting: number;
  /** Longest wait now, ms (0 when nobody waits). */
  longestWaitMs: number;
}

/**
 * The queue engine (C5): FIFO per queue (and across queues, oldest caller first, for agents who
 * serve several); each waiting caller is offered to ready agents of its queue by the flow's
 * strategy. Dispatch runs when a caller enters, an offer ends, or an agent becomes ready.
 */
export class Acd {
  private readonly entries: QueueEntry[] = [];
  private readonly lastOffered = new Map<string, string>();
  private dispatching = false;
  private again = false;

  constructor(
    private readonly deps: Omit<QueueEntryDeps, "changed"> & { repos: Repos; agents: AgentBoard; log: Logger },
    private readonly flowOf: (serviceId: string) => Flow,
  ) {
    deps.agents.onChange.subscribe((s) => {
      if (s.state === "ready") this.dispatch();
    });
  }

  /** Put a caller in a queue; returns the entry (it plays the connecting prompt and waits). */
  enqueue(p: QueueEntryParams): QueueEntry {
    const entry = new QueueEntry(p, { ...this.deps, changed: () => this.dispatch() });
    this.entries.push(entry);
    this.dispatch();
    return entry;
  }

  /** Callers waiting now (or being offered), oldest first. */
  waiting(serviceId?: string): QueueEntry[] {
    return this.entries.filter((e) => e.inQueue && (serviceId === undefined || e.p.serviceId === serviceId));
  }

  /** Waiting callers per queue with the longest wait (D5). */
  summary(serviceId: string, now: number): WaitingSummary[] {
    const out = new Map<string, WaitingSummary>();
    for (const e of this.waiting(serviceId)) {
      const s = out.get(e.p.queueId) ?? { queueId: e.p.queueId, waiting: 0, longestWaitMs: 0 };
      s.waiting++;
      s.longestWaitMs = Math.max(s.longestWaitMs, now - e.enteredAt);
      out.set(e.p.queueId, s);
    }
    return [...out.values()];
  }

  /** Fail every waiting caller (graceful shutdown). */
  shutdown(): void {
    for (const e of this.waiting()) e.fail();
  }

  /** Offer waiting callers to ready agents; re-entrant calls are folded into one more pass. */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      for (let pass = 0; pass < 10; pass++) {
        this.again = false;
        this.prune();
        for (const entry of this.entries) {
          if (entry.state !== "waiting") continue;
          this.offerOne(entry);
        }
        if (!this.again) break;
      }
    } finally {
      this.dispatching = false;
    }
  }

  private offerOne(entry: QueueEntry): void {
    const { serviceId, queueId } = entry.p;
    const queue = this.deps.repos.queues.get(serviceId, queueId);
    if (!queue) return;
    const ready = queue.agents
      .map((id) => this.deps.agents.get(serviceId, id))
      .filter((a): a is AgentMachine => a !== undefined && a.state === "ready");
    const key = `${serviceId}/${queueId}`;
    const chosen = pickAgents(this.flowOf(serviceId).strategy, ready, this.lastOffered.get(key));
    if (!chosen.length) return;
    this.lastOffered.set(key, chosen[chosen.length - 1]!.loginId);
    entry.offer(chosen);
  }

  private prune(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (!this.entries[i]!.inQueue) this.entries.splice(i, 1);
  }
}
