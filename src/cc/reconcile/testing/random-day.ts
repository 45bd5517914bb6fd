/** A randomized day of calls inserted through the store, for the reconcile tests (issue 17 point 4). */
import type { CallRecord, CallResult, Repos } from "../../../store/index.ts";

/** A small deterministic random source (tests must be repeatable). */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

export interface RandomDay {
  calls: CallRecord[];
  transfers: number;
  callbacks: number;
  abandons: number;
}

/**
 * `n` calls of service `serviceId` started in [from, to): queued inbound calls that are answered
 * (some transferred to a second agent: two agent legs and two offers), abandoned (short and long),
 * ended as a callback request, or left in the ARS; outbound, internal and refused (488) calls; offers
 * to agents who did not answer. A few calls just outside the day test its edges.
 */
export function insertRandomDay(repos: Repos, o: { serviceId: string; from: number; to: number; n: number; queues: string[]; agents: string[]; seed?: number }): RandomDay {
  const r = rng(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: RandomDay = { calls: [], transfers: 0, callbacks: 0, abandons: 0 };
  const span = o.to - o.from;
  for (let i = 0; i < o.n + 6; i++) {
    // The last six start just outside the day (before and after): they must count nowhere.
    const edge = i >= o.n;
    const startedAt = edge ? (i % 2 ? o.to + Math.floor(r() * 600_000) : o.from - 1 - Math.floor(r() * 600_000)) : o.from + Math.floor(r() * span);
    const kind = r();
    const callId = `rd${i}`;
    const base: CallRecord = {
      callId, serviceId: o.serviceId, direction: "inbound", from: `010${String(i).padStart(8, "0")}`, to: "1588", sipCallId: null, startedAt,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: null, endedAt: startedAt + 60_000, agent: null, hangupBy: "caller",
      result: "ivr", recordingPath: null, waitSeconds: null, talkSeconds: null, type: r() < 0.4 ? pick(["1", "2"]) : null, wrapUpSeconds: null,
    };
    let c: CallRecord;
    const offers: string[] = [];
    const answering = new Set<string>();
    if (kind < 0.08) {
      c = { ...base, direction: "outbound", from: "1588", to: "0212345678", agent: pick(o.agents), result: pick<CallResult>(["answered", "busy", "no-answer"]) };
      if (c.result === "answered") Object.assign(c, { answeredAt: startedAt + 5_000, talkSeconds: 30 });
    } else if (kind < 0.13) {
      c = { ...base, direction: "internal", from: "1001", to: "1002", type: null, result: r() < 0.5 ? "answered" : null };
    } else if (kind < 0.16) {
      c = { ...base, result: "rejected", hangupBy: "system" };
    } else if (kind < 0.22) {
      c = { ...base, result: pick<CallResult>(["ivr", "after-hours"]) };
    } else {
      const queueId = pick(o.queues);
      const queuedAt = startedAt + 3_000 + Math.floor(r() * 10_000);
      // Waits straddle the short-abandon (5 s) and SL (20 s) thresholds.
      const wait = Math.round(r() * 600) / 10;
      c = { ...base, queueId, queuedAt, waitSeconds: wait };
      const outcome = r();
      if (outcome < 0.55) {
        const agent = pick(o.agents);
        if (r() < 0.3) offers.push(pick(o.agents.filter((a) => a !== agent))); // rang someone who did not answer first
        offers.push(agent);
        answering.add(agent);
        Object.assign(c, { agent, answeredAt: queuedAt + wait * 1000, offeredAt: queuedAt + 500, result: "answered", talkSeconds: Math.round(r() * 6000) / 10 });
        if (r() < 0.6) c.wrapUpSeconds = Math.round(r() * 600) / 10;
        if (r() < 0.15) {
          // Transferred: a second agent leg, offered through the queue too.
          const second = pick(o.agents.filter((a) => a !== agent));
          offers.push(second);
          answering.add(second);
          out.transfers++;
        }
      } else if (outcome < 0.85) {
        c.result = "abandoned";
        if (r() < 0.5) offers.push(pick(o.agents));
        out.abandons++;
      } else {
        c.result = "callback";
        out.callbacks++;
      }
    }
    repos.calls.create(c);
    repos.calls.addLeg({ legId: `${callId}-c`, callId, role: "caller", party: c.from, agent: null, createdAt: startedAt, answeredAt: startedAt, endedAt: c.endedAt, endBy: "caller", endCause: "bye" });
    let at = (c.queuedAt ?? startedAt) + 200;
    for (const [k, agent] of offers.entries()) {
      repos.queueEvents.add({ serviceId: o.serviceId, queueId: c.queueId!, callId, at, event: "offer", agent, detail: null });
      const answered = answering.has(agent);
      repos.calls.addLeg({
        legId: `${callId}-a${k}`, callId, role: "agent", party: agent, agent, createdAt: at, answeredAt: answered ? at + 2_000 : null,
        endedAt: at + 20_000, endBy: "agent", endCause: answered ? "bye" : "timeout",
      });
      at += 25_000;
    }
    if (!edge) out.calls.push(c);
  }
  return out;
}
