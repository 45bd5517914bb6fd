/**
 * The numbers-that-reconcile check of one service's day (issue 17 point 4): the dashboard's day
 * tally, the statistics (by queue, type, agent and service), the statistics' CSV export and the
 * call history must give the same counts as the calls each figure's definition picks (the
 * drill-down rows). Every figure that differs is one {@link Difference}.
 */
import type { CallFilter, CallRecord, QueueEvent } from "../../store/index.ts";
import { figureCalls, type CountFigure, type LiveFigures, type StatsBy, type StatsRow } from "../stats/index.ts";

/** The figures compared per row of the statistics (the others are ratios and averages of these). */
export const RECONCILED_FIGURES = ["offered", "answered", "answeredWithinSl", "abandoned", "shortAbandoned", "callbacks"] as const satisfies readonly CountFigure[];
type RowFigure = (typeof RECONCILED_FIGURES)[number];

/** One figure that one source counts differently from the calls its definition picks. */
export interface Difference {
  /** Where the figure is shown: dashboard, statistics-by-queue, csv, history … */
  source: string;
  figure: CountFigure;
  /** "service", "queue:<id>", "agent:<login>", "type:<id|none>". */
  scope: string;
  /** What the source says. */
  value: number;
  /** How many calls the figure's definition picks (the drill-down rows). */
  expected: number;
}

/** What a day's check reads; each one is the same code path the page, export or API uses. */
export interface ReconcileInputs {
  from: number;
  to: number;
  slSeconds: number;
  queues: string[];
  /** The dashboard's figures as they stood at the last instant of the day. */
  dashboard: LiveFigures;
  stats(by: StatsBy): StatsRow[];
  /** Sums of the statistics' CSV export by queue (the statistics page's own columns), when wired. */
  csv?: Partial<Record<CountFigure, number>>;
  calls: CallRecord[];
  events: QueueEvent[];
  /** The call history's count for a filter (the history pages' SQL). */
  historyCount(f: CallFilter): number;
}

/** The report of one day's check. */
export interface ReconcileReport {
  serviceId: string;
  /** Local date checked, YYYY-MM-DD. */
  day: string;
  from: number;
  to: number;
  at: number;
  /** How many (source, figure, scope) pairs were compared. */
  compared: number;
  differences: Difference[];
}

/** Compare every source of one day with the drill-down rows. */
export function reconcileDay(i: ReconcileInputs): { compared: number; differences: Difference[] } {
  const differences: Difference[] = [];
  let compared = 0;
  const check = (source: string, figure: CountFigure, scope: string, value: number, expected: number) => {
    compared++;
    if (value !== expected) differences.push({ source, figure, scope, value, expected });
  };
  const rows = (by: StatsBy, figure: CountFigure, key?: string | null) =>
    figureCalls(i.calls, i.events, i.to, { figure, by, key, slSeconds: i.slSeconds }).length;
  const sum = (rs: StatsRow[], f: RowFigure | "outbound") => rs.reduce((n, r) => n + r[f], 0);

  const byQueue = i.stats("queue");
  const byType = i.stats("type");
  const byService = i.stats("service");
  const byAgent = i.stats("agent");
  for (const f of RECONCILED_FIGURES) {
    const want = rows("service", f);
    check("dashboard", f, "service", i.dashboard.service[f], want);
    check("statistics-by-queue", f, "service", sum(byQueue, f), want);
    check("statistics-by-type", f, "service", sum(byType, f), want);
    check("statistics-by-service", f, "service", sum(byService, f), want);
    if (i.csv?.[f] !== undefined) check("csv", f, "service", i.csv[f], want);
    for (const q of i.queues) {
      const w = rows("queue", f, q);
      check("dashboard", f, `queue:${q}`, i.dashboard.queues.find((r) => r.key === q)?.[f] ?? 0, w);
      check("statistics-by-queue", f, `queue:${q}`, byQueue.find((r) => r.key === q)?.[f] ?? 0, w);
    }
    const agents = new Set([...byAgent.map((r) => r.key), ...i.events.filter((e) => e.event === "offer" && e.agent).map((e) => e.agent)]);
    for (const a of agents) {
      if (a === null) continue;
      check("statistics-by-agent", f, `agent:${a}`, byAgent.filter((r) => r.key === a).reduce((n, r) => n + r[f], 0), rows("agent", f, a));
    }
  }
  const outbound = rows("service", "outbound");
  check("dashboard", "outbound", "service", i.dashboard.service.outbound, outbound);
  check("statistics-by-type", "outbound", "service", sum(byType, "outbound"), outbound);
  check("history", "outbound", "service", i.historyCount({ from: i.from, to: i.to, direction: "outbound" }), outbound);
  const inbound = rows("service", "totalInbound");
  check("dashboard", "totalInbound", "service", i.dashboard.service.totalInbound, inbound);
  // The CSV by queue adds a row for the calls that ended in the ARS: its offered column sums to the total inbound (issue 9).
  if (i.csv?.totalInbound !== undefined) check("csv", "totalInbound", "service", i.csv.totalInbound, inbound);
  const rejected = i.historyCount({ from: i.from, to: i.to, direction: "inbound", result: "rejected" });
  check("history", "totalInbound", "service", i.historyCount({ from: i.from, to: i.to, direction: "inbound" }) - rejected, inbound);
  const internal = rows("service", "internalCalls");
  check("dashboard", "internalCalls", "service", i.dashboard.resources.internalCalls, internal);
  check("history", "internalCalls", "service", i.historyCount({ from: i.from, to: i.to, direction: "internal" }), internal);
  const conversions = rows("service", "callbackConversions");
  check("dashboard", "callbackConversions", "service", i.dashboard.resources.callbackConversions, conversions);
  check("history", "callbackConversions", "service", i.historyCount({ from: i.from, to: i.to, result: "callback" }), conversions);
  return { compared, differences };
}
