import { AppError, Event, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { ContactCenter } from "../contact-center.ts";
import type { CountFigure } from "../stats/index.ts";
import { reconcileDay, type ReconcileReport } from "./reconcile-day.ts";

/** Local hour (in each service's time zone) of the nightly check of yesterday. */
export const RECONCILE_HOUR = 2;
const CHECK_MS = 60_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface ReconcilerOptions {
  cc: ContactCenter;
  repos: Repos;
  clock: Clock;
  log: Logger;
  /** Sums of the statistics' CSV export by queue for [from, to) (the web layer builds the same file the page exports). */
  csv?(serviceId: string, from: number, to: number): Partial<Record<CountFigure, number>>;
  /** Local hour of the nightly check (default {@link RECONCILE_HOUR}). */
  hour?: number;
}

/**
 * The nightly self-check (issue 17 point 4): at {@link RECONCILE_HOUR} local time each service's
 * yesterday is reconciled (dashboard day, statistics, CSV export, call history against the rows
 * each figure's definition picks), and on demand from the API or the command line. Each report
 * is logged (a warning naming the differences), stored as the service's latest (with a short
 * history, so the dashboard and /metrics show it across a restart) and announced on `onReport`
 * (the /metrics gauge, the dashboard).
 */
export class Reconciler {
  readonly onReport = new Event<[ReconcileReport]>();
  private readonly latestBy = new Map<string, ReconcileReport>();
  private readonly doneDay = new Map<string, string>();
  private timer?: TimerHandle;

  constructor(private readonly o: ReconcilerOptions) {
    for (const e of o.repos.selfChecks.latestAll("reconcile")) this.latestBy.set(e.serviceId, e.result as ReconcileReport);
  }

  /** Check one local day (YYYY-MM-DD; default yesterday in the service's time zone). */
  run(serviceId: string, day?: string): ReconcileReport {
    const s = this.o.repos.services.get(serviceId);
    if (!s) throw new AppError(404, "service-not-found", "no such service");
    if (day !== undefined && !DAY_RE.test(day)) throw new AppError(400, "bad-day", "day must be YYYY-MM-DD");
    const at = this.o.clock.now();
    let date: Temporal.PlainDate;
    try {
      date = day ? Temporal.PlainDate.from(day) : Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(s.timezone).toPlainDate().subtract({ days: 1 });
    } catch {
      throw new AppError(400, "bad-day", "day must be a real date, YYYY-MM-DD");
    }
    const from = date.toZonedDateTime(s.timezone).epochMilliseconds;
    const to = date.add({ days: 1 }).toZonedDateTime(s.timezone).epochMilliseconds;
    const { cc, repos } = this.o;
    const result = reconcileDay({
      from, to,
      slSeconds: cc.flow(serviceId).slThresholdSeconds,
      queues: repos.queues.list(serviceId).map((q) => q.queueId),
      dashboard: cc.live(serviceId, to - 1),
      stats: (by) => cc.stats(serviceId, by, from, to),
      csv: this.o.csv?.(serviceId, from, to),
      calls: cc.calls(serviceId, from, to),
      events: repos.queueEvents.list(serviceId, from, to),
      historyCount: (f) => cc.countCalls(serviceId, f),
    });
    const report: ReconcileReport = { serviceId, day: date.toString(), from, to, at, ...result };
    this.latestBy.set(serviceId, report);
    try {
      this.o.repos.selfChecks.record({ kind: "reconcile", serviceId, at, ok: report.differences.length === 0, result: report });
    } catch (e) {
      this.o.log.error({ serviceId, err: String(e) }, "reconcile report not stored (shown until a restart only)");
    }
    if (report.differences.length) {
      this.o.log.warn(
        { serviceId, day: report.day, differences: report.differences.length, first: report.differences.slice(0, 5) },
        "numbers do not reconcile: dashboard, statistics, CSV and call history differ",
      );
    } else {
      this.o.log.info({ serviceId, day: report.day, compared: report.compared }, "numbers reconcile");
    }
    this.onReport.execute(report);
    return report;
  }

  /** The latest report of a service (nightly or on demand), stored before a restart too. */
  latest(serviceId: string): ReconcileReport | undefined {
    return this.latestBy.get(serviceId);
  }

  /** Every service's latest report (the gauges set again at start-up). */
  latestAll(): ReconcileReport[] {
    return [...this.latestBy.values()];
  }

  /** The service's stored reports, newest first. */
  history(serviceId: string, limit?: number): ReconcileReport[] {
    return this.o.repos.selfChecks.history("reconcile", serviceId, limit).map((e) => e.result as ReconcileReport);
  }

  /** Check once a minute whether a service's nightly check is due (its local hour, once per local day). */
  start(): void {
    const tick = () => {
      this.runDue();
      this.timer = this.o.clock.setTimeout(tick, CHECK_MS);
    };
    this.timer = this.o.clock.setTimeout(tick, CHECK_MS);
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
  }

  /** Run the checks that are due now; returns the reports made. */
  runDue(): ReconcileReport[] {
    const hour = this.o.hour ?? RECONCILE_HOUR;
    const out: ReconcileReport[] = [];
    for (const s of this.o.repos.services.list()) {
      const z = Temporal.Instant.fromEpochMilliseconds(this.o.clock.now()).toZonedDateTimeISO(s.timezone);
      const today = z.toPlainDate().toString();
      if (z.hour !== hour || this.doneDay.get(s.serviceId) === today) continue;
      this.doneDay.set(s.serviceId, today);
      try {
        out.push(this.run(s.serviceId));
      } catch (e) {
        this.o.log.error({ serviceId: s.serviceId, err: String(e) }, "nightly reconcile check failed");
      }
    }
    return out;
  }
}
