import type { CallRecord, QueueEvent } from "../../store/index.ts";

/** Grouping of S1. */
export type StatsBy = "queue" | "agent" | "type" | "service";
/** Interval of S1; omitted = one row per key for the whole range. */
export type StatsInterval = "hour" | "day" | "week" | "month";

/** Abandons under this many seconds are "short" and counted apart (C8). */
export const SHORT_ABANDON_SECONDS = 5;

/**
 * Figures of one key (queue id, agent login id, consultation type; null = none) in one period.
 * - offered: callers who entered a queue (by agent: callers offered to the agent)
 * - abandoned: hung up while waiting, `shortAbandoned` (under 5 s) not included
 * - answerRate = answered ÷ offered; serviceLevel = answered within the SL threshold ÷ answered;
 *   answerRateWithinSl = answered within the threshold ÷ offered (null when the divisor is 0)
 * - avgWrapUpSeconds: mean wrap-up (후처리) seconds of the answered calls whose agent has left wrap-up
 * - outbound: outbound calls started in the period, by the agent who placed them, by consultation
 *   type or for the service; always 0 by queue (outbound calls have no queue)
 */
export interface StatsRow {
  key: string | null;
  /** Local start of the period ("2026-03-04T09", "2026-03-04", week's Monday, "2026-03"), or null. */
  period: string | null;
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  shortAbandoned: number;
  callbacks: number;
  answerRate: number | null;
  serviceLevel: number | null;
  answerRateWithinSl: number | null;
  avgWaitSeconds: number | null;
  maxWaitSeconds: number | null;
  avgTalkSeconds: number | null;
  avgWrapUpSeconds: number | null;
  outbound: number;
  /**
   * By agent only: seconds the agent was connected on their answered legs (issue 17) — a transferred
   * call's talk is split between its agents, leg by leg.
   */
  talkSeconds?: number;
}

/** Local period label of an instant. */
export function periodOf(ms: number, interval: StatsInterval, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  const d = z.toPlainDate();
  switch (interval) {
    case "hour":
      return `${d.toString()}T${String(z.hour).padStart(2, "0")}`;
    case "day":
      return d.toString();
    case "week":
      return d.subtract({ days: z.dayOfWeek - 1 }).toString();
    case "month":
      return d.toString().slice(0, 7);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** Accumulates one row. */
class Acc {
  offered = 0;
  answered = 0;
  withinSl = 0;
  abandoned = 0;
  shortAbandoned = 0;
  callbacks = 0;
  waits: number[] = [];
  talks: number[] = [];
  wrapUps: number[] = [];
  outbound = 0;

  add(c: CallRecord, slSeconds: number, countOffer: boolean): void {
    if (countOffer) this.offered++;
    const wait = c.waitSeconds ?? 0;
    if (c.result === "answered" || c.answeredAt !== null) {
      this.answered++;
      if (wait <= slSeconds) this.withinSl++;
      this.talks.push(c.talkSeconds ?? 0);
      if (c.wrapUpSeconds !== null) this.wrapUps.push(c.wrapUpSeconds);
    } else if (c.result === "abandoned") {
      if (wait < SHORT_ABANDON_SECONDS) this.shortAbandoned++;
      else this.abandoned++;
    } else if (c.result === "callback") this.callbacks++;
    if (c.waitSeconds !== null) this.waits.push(c.waitSeconds);
  }

  row(key: string | null, period: string | null): StatsRow {
    const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
    return {
      key, period, offered: this.offered, answered: this.answered, answeredWithinSl: this.withinSl,
      abandoned: this.abandoned, shortAbandoned: this.shortAbandoned, callbacks: this.callbacks,
      answerRate: ratio(this.answered, this.offered), serviceLevel: ratio(this.withinSl, this.answered),
      answerRateWithinSl: ratio(this.withinSl, this.offered),
      avgWaitSeconds: avg(this.waits), maxWaitSeconds: this.waits.length ? Math.max(...this.waits) : null,
      avgTalkSeconds: avg(this.talks), avgWrapUpSeconds: avg(this.wrapUps), outbound: this.outbound,
    };
  }
}

/** Statistics of S1 from call records (and, by agent, the offers of the queue event log). */
export function statistics(input: {
  calls: readonly CallRecord[];
  events: readonly QueueEvent[];
  by: StatsBy;
  interval?: StatsInterval;
  timeZone: string;
  slSeconds: number;
}): StatsRow[] {
  const rows = new Map<string, { key: string | null; period: string | null; acc: Acc }>();
  const acc = (key: string | null, at: number) => {
    const period = input.interval ? periodOf(at, input.interval, input.timeZone) : null;
    const id = JSON.stringify([key, period]);
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { key, period, acc: new Acc() }));
    return r.acc;
  };
  const queued = input.calls.filter((c) => c.queueId !== null);
  if (input.by === "agent") {
    const byCall = new Map(queued.map((c) => [c.callId, c]));
    const seen = new Set<string>();
    for (const e of input.events) {
      if (e.event !== "offer" || !e.agent || seen.has(`${e.callId}/${e.agent}`)) continue;
      seen.add(`${e.callId}/${e.agent}`);
      const c = byCall.get(e.callId);
      if (!c) continue;
      const answeredByAgent = c.agent === e.agent;
      acc(e.agent, c.queuedAt ?? c.startedAt).add(
        answeredByAgent ? c : { ...c, answeredAt: null, result: null, waitSeconds: null },
        input.slSeconds,
        true,
      );
    }
  } else {
    for (const c of queued) {
      const key = input.by === "queue" ? c.queueId : input.by === "type" ? c.type : null;
      acc(key, c.queuedAt ?? c.startedAt).add(c, input.slSeconds, true);
    }
  }
  if (input.by !== "queue") {
    for (const c of input.calls) {
      if (c.direction !== "outbound" || (input.by === "agent" && !c.agent)) continue;
      const key = input.by === "agent" ? c.agent : input.by === "type" ? c.type : null;
      acc(key, c.startedAt).outbound++;
    }
  }
  return [...rows.values()]
    .map((r) => r.acc.row(r.key, r.period))
    .sort((a, b) => (a.period ?? "").localeCompare(b.period ?? "") || (a.key ?? "").localeCompare(b.key ?? ""));
}
