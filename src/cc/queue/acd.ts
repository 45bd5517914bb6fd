import { codeTime, type Logger } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { AgentBoard, AgentMachine, AgentStateName, AgentStatus } from "../agent/index.ts";
import type { Flow } from "../ivr/index.ts";
import { agentFact, compactFacts, type AgentFact, type TrailRecorder } from "../trail/index.ts";
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
 * A round that offers nobody is written at most this often per caller (ms), unless it is the first
 * or follows an offer: dispatch runs on every agent change, and a busy queue must not write (or even
 * compute) a round for each. The dashboard computes the current round live instead.
 */
export const QUIET_ROUND_MS = 30_000;

/** A queue's member ids and their machines, as offerOne read them. */
type Members = { ids: readonly string[]; machines: readonly (AgentMachine | undefined)[] };

/** A waiting caller and why they still wait, for the dashboard (issue 17 point 3). */
export interface WaitingExplained {
  callId: string;
  from: string;
  queueId: string;
  enteredAt: number;
  /** Agents being rung for this caller now. */
  offered: string[];
  /** Every member of the queue now, with why they do not take this caller. */
  agents: AgentFact[];
}

/**
 * The queue engine (C5): FIFO per queue (and across queues, oldest caller first, for agents who
 * serve several); each waiting caller is offered to ready agents of its queue by the flow's
 * strategy. Dispatch runs when a caller enters, an offer ends, or an agent becomes ready.
 */
export class Acd {
  private readonly entries: QueueEntry[] = [];
  private readonly lastOffered = new Map<string, string>();
  /** When each agent's wrap-up after a call ends by itself (issue 17: "wrap-up until 10:02"). */
  private readonly wrapUntil = new Map<string, number>();
  /** Each agent's last fact, until its state changes (cheap rounds in large queues). */
  private readonly factCache = new WeakMap<AgentMachine, { since: number; state: string; fact: AgentFact; sig: string }>();
  private dispatching = false;
  private again = false;

  constructor(
    private readonly deps: Omit<QueueEntryDeps, "changed"> & { repos: Repos; agents: AgentBoard; log: Logger; trail: TrailRecorder },
    private readonly flowOf: (serviceId: string) => Flow,
  ) {
    deps.agents.onChange.subscribe((s, prev) => {
      this.noteWrapUp(s, prev);
      if (s.state === "ready") this.dispatch();
    });
  }

  /** Put a caller in a queue; returns the entry (it plays the connecting prompt and waits). */
  enqueue(p: QueueEntryParams): QueueEntry {
    const entry = new QueueEntry(p, {
      ...this.deps,
      changed: (e) => {
        // The caller left without an agent (abandon, callback): the trail keeps the round they left in.
        if (!e.inQueue && e.state !== "connected") this.round(e, this.flowOf(e.p.serviceId).strategy, [], true);
        this.dispatch();
      },
    });
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

  /** Why each waiting caller of a service still waits: every member of their queue now (issue 17 point 3). */
  explain(serviceId: string): WaitingExplained[] {
    return this.waiting(serviceId).map((e) => {
      const offered = e.offered;
      return {
        callId: e.p.callId, from: e.p.caller.from, queueId: e.p.queueId, enteredAt: e.enteredAt, offered,
        agents: this.facts(e, offered),
      };
    });
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
    const machines = queue.agents.map((id) => this.deps.agents.get(serviceId, id));
    const ready = machines.filter((a): a is AgentMachine => a !== undefined && a.state === "ready");
    const key = `${serviceId}/${queueId}`;
    const strategy = this.flowOf(serviceId).strategy;
    const chosen = pickAgents(strategy, ready, this.lastOffered.get(key));
    if (chosen.length || !this.quiet(entry)) this.round(entry, strategy, chosen.map((a) => a.loginId), false, { ids: queue.agents, machines });
    if (!chosen.length) return;
    this.lastOffered.set(key, chosen[chosen.length - 1]!.loginId);
    entry.offer(chosen);
  }

  /**
   * Write an offer round to the caller's trail (issue 17 point 3): every member of the queue with
   * why they were skipped. A round that found the same facts as the last one is not written again
   * (dispatch runs on every agent change), so the trail costs one row per real change.
   */
  private round(entry: QueueEntry, strategy: string, offered: string[], final = false, members?: Members): void {
    codeTime.trail.enter(); // the trail's cost on /metrics (cc_trail_seconds_total)
    try {
      const now = this.deps.clock.now();
      if (!offered.length && !final && this.quiet(entry)) return;
      const { facts, sig } = this.roundFacts(entry, offered, members);
      if (sig === entry.lastRound) return;
      entry.lastRound = sig;
      entry.lastRoundAt = now;
      entry.lastRoundOffered = offered.length > 0;
      entry.rounds++;
      this.deps.trail.step(entry.p.callId, entry.p.serviceId, "round", { n: entry.rounds, strategy, offered, ...compactFacts(facts) });
    } finally {
      codeTime.trail.leave();
    }
  }

  /** A round offering nobody within {@link QUIET_ROUND_MS} of the last such round is not written, nor computed. */
  private quiet(entry: QueueEntry): boolean {
    return entry.lastRoundAt !== undefined && !entry.lastRoundOffered && this.deps.clock.now() - entry.lastRoundAt < QUIET_ROUND_MS;
  }

  private facts(entry: QueueEntry, offered: readonly string[]): AgentFact[] {
    codeTime.trail.enter();
    try {
      return this.roundFacts(entry, offered).facts;
    } finally {
      codeTime.trail.leave();
    }
  }

  /**
   * Every member's fact and the round's signature (see roundSignature). An agent's fact is made once
   * per state (cached on its machine until its state or since changes), so a round of a 500-agent
   * queue is lookups, not 500 snapshots and strings.
   */
  private roundFacts(entry: QueueEntry, offered: readonly string[], known?: Members): { facts: AgentFact[]; sig: string } {
    const { serviceId, queueId } = entry.p;
    // offerOne has just read the queue and its agents: they are passed in, not looked up again.
    const members = known?.ids ?? this.deps.repos.queues.get(serviceId, queueId)?.agents ?? [];
    const facts: AgentFact[] = [];
    let sig = `${offered.join(",")}|`;
    let left = 0;
    for (const [i, id] of members.entries()) {
      const a = known ? known.machines[i] : this.deps.agents.get(serviceId, id);
      const isOffered = offered.includes(id);
      // A ready agent the strategy left needs no snapshot: it is counted, its state says it all.
      if (a?.state === "ready" && !isOffered) {
        facts.push({ loginId: id, verdict: "not-chosen", state: "ready" });
        left++;
        continue;
      }
      if (!a || isOffered) {
        const f = agentFact(id, a?.snapshot, isOffered);
        facts.push(f);
        sig += `${id}:${f.verdict}:${f.state};`;
        continue;
      }
      let c = this.factCache.get(a);
      if (!c || c.since !== a.since || c.state !== a.state) {
        const fact = agentFact(id, a.snapshot, false, this.wrapUntil.get(`${serviceId}/${id}`));
        c = { since: a.since, state: a.state, fact, sig: `${id}:${fact.verdict}:${fact.state}:${fact.reason ?? ""}:${fact.since ?? ""};` };
        this.factCache.set(a, c);
      }
      facts.push(c.fact);
      sig += c.sig;
    }
    return { facts, sig: `${sig}|${left}` };
  }

  /** A wrap-up that follows a call ends after the service's wrap-up seconds (G9); one the agent picks does not. */
  private noteWrapUp(s: AgentStatus, prev: AgentStateName): void {
    const key = `${s.serviceId}/${s.loginId}`;
    if (s.state !== "wrap-up") return void this.wrapUntil.delete(key);
    const flow = this.flowOf(s.serviceId);
    const timed = prev === "on-call" && flow.stateAfterCall !== "wrap-up" && flow.wrapUpSeconds > 0;
    if (timed) this.wrapUntil.set(key, s.since + flow.wrapUpSeconds * 1000);
    else this.wrapUntil.delete(key);
  }

  private prune(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (!this.entries[i]!.inQueue) this.entries.splice(i, 1);
  }
}
