import type { CallRecord } from "../../store/index.ts";
import type { AgentStatus } from "../agent/index.ts";
import type { WaitingSummary } from "../queue/index.ts";
import { statistics, type StatsRow } from "./statistics.ts";

/** The dashboard's figures (D1–D6). */
export interface LiveFigures {
  at: number;
  /** D1. */
  resources: { linesInUse: number; licences: number; consultationRequests: number; internalCalls: number; callbackConversions: number };
  /** D2: calls per local hour (index 0–23), today and yesterday. */
  inboundTrend: { today: number[]; yesterday: number[] };
  /** D3: today's service figures. */
  service: StatsRow & { totalInbound: number };
  /** D4: today's figures per queue. */
  queues: StatsRow[];
  /** D5. */
  waiting: WaitingSummary[];
  /** D6. */
  agents: { counts: Record<string, number>; list: (AgentStatus & { secondsInState: number })[] };
}

/** Compute the live figures of a service. */
export function liveFigures(i: {
  now: number;
  timeZone: string;
  slSeconds: number;
  licences: number;
  linesInUse: number;
  waiting: WaitingSummary[];
  agents: AgentStatus[];
  queues: string[];
  callsSince(from: number): CallRecord[];
}): LiveFigures {
  const today = Temporal.Instant.fromEpochMilliseconds(i.now).toZonedDateTimeISO(i.timeZone).startOfDay();
  const yesterdayStart = today.subtract({ days: 1 }).epochMilliseconds;
  const todayStart = today.epochMilliseconds;
  const all = i.callsSince(yesterdayStart);
  const todays = all.filter((c) => c.startedAt >= todayStart);
  const perHour = (calls: CallRecord[]) => {
    const out = new Array<number>(24).fill(0);
    for (const c of calls) out[Temporal.Instant.fromEpochMilliseconds(c.startedAt).toZonedDateTimeISO(i.timeZone).hour]!++;
    return out;
  };
  const inbound = (c: CallRecord) => c.direction === "inbound";
  const base = { events: [], timeZone: i.timeZone, slSeconds: i.slSeconds };
  const svc = statistics({ ...base, calls: todays, by: "service" })[0] ?? statistics({ ...base, calls: [], by: "service" })[0];
  const perQueue = statistics({ ...base, calls: todays, by: "queue" });
  const queues = i.queues.map((q) => perQueue.find((r) => r.key === q) ?? emptyRow(q));
  const counts: Record<string, number> = {};
  for (const a of i.agents) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return {
    at: i.now,
    resources: {
      linesInUse: i.linesInUse, licences: i.licences, consultationRequests: svc?.offered ?? 0, internalCalls: todays.filter((c) => c.direction === "internal").length,
      callbackConversions: todays.filter((c) => c.result === "callback").length,
    },
    inboundTrend: { today: perHour(todays.filter(inbound)), yesterday: perHour(all.filter((c) => c.startedAt < todayStart && inbound(c))) },
    service: { ...(svc ?? emptyRow(null)), totalInbound: todays.filter((c) => c.direction === "inbound").length },
    queues,
    waiting: i.waiting,
    agents: { counts, list: i.agents.map((a) => ({ ...a, secondsInState: Math.max(0, Math.floor((i.now - a.since) / 1000)) })) },
  };
}

function emptyRow(key: string | null): StatsRow {
  return {
    key, period: null, offered: 0, answered: 0, answeredWithinSl: 0, abandoned: 0, shortAbandoned: 0, callbacks: 0,
    answerRate: null, serviceLevel: null, answerRateWithinSl: null, avgWaitSeconds: null, maxWaitSeconds: null, avgTalkSeconds: null,
  };
}
