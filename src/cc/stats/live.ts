import type { CallAggregate, CallTally, LocalBuckets } from "../../store/index.ts";
import type { AgentStatus } from "../agent/index.ts";
import type { WaitingSummary } from "../queue/index.ts";
import type { StatsRow } from "./statistics.ts";
import { localBuckets, statsFromSums } from "./stats-sums.ts";

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

/** Compute the live figures of a service from SQL sums of today's and yesterday's calls. */
export function liveFigures(i: {
  now: number;
  timeZone: string;
  slSeconds: number;
  licences: number;
  linesInUse: number;
  waiting: WaitingSummary[];
  agents: AgentStatus[];
  queues: string[];
  /** Statistics sums of the queued calls started in [from, to), for the whole service or by queue. */
  sums(by: "service" | "queue", from: number, to: number): CallAggregate[];
  /** Calls started in [from, to) per local bucket (inbound, internal, callbacks). */
  tally(from: number, to: number, buckets: LocalBuckets): CallTally[];
}): LiveFigures {
  const today = Temporal.Instant.fromEpochMilliseconds(i.now).toZonedDateTimeISO(i.timeZone).startOfDay();
  const yesterdayStart = today.subtract({ days: 1 }).epochMilliseconds;
  const todayStart = today.epochMilliseconds;
  const to = i.now + 1;
  // Local hours since the epoch: day = hour ÷ 24, hour of the day = hour mod 24 (as ZonedDateTime.hour).
  const buckets = localBuckets("hour", i.timeZone, yesterdayStart, to);
  const todayDay = Math.floor((todayStart + today.offsetNanoseconds / 1e6) / 86_400_000);
  const trend = { today: new Array<number>(24).fill(0), yesterday: new Array<number>(24).fill(0) };
  // Sums before the tally: they bring the statistics rollup up to date with the service's SL threshold.
  const svc = statsFromSums(i.sums("service", todayStart, to))[0];
  const perQueue = statsFromSums(i.sums("queue", todayStart, to));
  let inbound = 0;
  let internal = 0;
  let callbacks = 0;
  for (const t of i.tally(yesterdayStart, to, buckets)) {
    const day = Math.floor(t.bucket / 24);
    const hour = ((t.bucket % 24) + 24) % 24;
    if (day === todayDay) {
      trend.today[hour]! += t.inbound;
      inbound += t.inbound;
      internal += t.internal;
      callbacks += t.callbacks;
    } else if (day === todayDay - 1) trend.yesterday[hour]! += t.inbound;
  }
  const queues = i.queues.map((q) => perQueue.find((r) => r.key === q) ?? emptyRow(q));
  const counts: Record<string, number> = {};
  for (const a of i.agents) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return {
    at: i.now,
    resources: {
      linesInUse: i.linesInUse, licences: i.licences, consultationRequests: svc?.offered ?? 0, internalCalls: internal,
      callbackConversions: callbacks,
    },
    inboundTrend: trend,
    service: { ...(svc ?? emptyRow(null)), totalInbound: inbound },
    queues,
    waiting: i.waiting,
    agents: { counts, list: i.agents.map((a) => ({ ...a, secondsInState: Math.max(0, Math.floor((i.now - a.since) / 1000)) })) },
  };
}

function emptyRow(key: string | null): StatsRow {
  return {
    key, period: null, offered: 0, answered: 0, answeredWithinSl: 0, abandoned: 0, shortAbandoned: 0, callbacks: 0,
    answerRate: null, serviceLevel: null, answerRateWithinSl: null, avgWaitSeconds: null, maxWaitSeconds: null, avgTalkSeconds: null,
    avgWrapUpSeconds: null, outbound: 0,
  };
}
