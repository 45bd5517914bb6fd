import { Hono } from "hono";
import { ConsoleStats, STATS_PERIODS, type ConsoleStatsRow, type StatsPeriod } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import type { AgentEnv } from "./env.ts";
import { consoleOf } from "./session.ts";

/** [from, to) of a period of A9 in the service's time zone (ms). */
export function periodRange(period: StatsPeriod, now: number, timeZone: string): { from: number; to: number } {
  const day = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).startOfDay();
  switch (period) {
    case "today":
      return { from: day.epochMilliseconds, to: now + 1 };
    case "yesterday":
      return { from: day.subtract({ days: 1 }).epochMilliseconds, to: day.epochMilliseconds };
    case "week":
      return { from: day.subtract({ days: day.dayOfWeek - 1 }).epochMilliseconds, to: now + 1 };
    case "month":
      return { from: day.subtract({ days: day.day - 1 }).epochMilliseconds, to: now + 1 };
    case "days30":
      return { from: day.subtract({ days: 29 }).epochMilliseconds, to: now + 1 };
  }
}

/** A9: offered, answered, answer rate and SL by agent or by menu (queue), for today … the last 30 days (cc statistics). */
export function statsRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  app.get("/stats", (c) => {
    const { service } = consoleOf(c);
    const by = c.req.query("by") === "queue" ? "queue" : "agent";
    const wanted = c.req.query("period") ?? "";
    const period: StatsPeriod = (STATS_PERIODS as readonly string[]).includes(wanted) ? (wanted as StatsPeriod) : "today";
    const { from, to } = periodRange(period, (deps.now ?? Date.now)(), service.timezone);
    const sums = deps.cc ? deps.cc.stats(service.serviceId, by, from, to) : [];
    const keys: [string, string][] = by === "agent"
      ? deps.repos.agents.list(service.serviceId).map((a) => [a.loginId, `${a.name} (${a.loginId})`])
      : deps.repos.queues.list(service.serviceId).map((q) => [q.queueId, q.name]);
    const rows: ConsoleStatsRow[] = keys.map(([key, name]) => {
      const r = sums.find((x) => x.key === key);
      return { key, name, offered: r?.offered ?? 0, answered: r?.answered ?? 0, answerRate: r?.answerRate ?? null, serviceLevel: r?.serviceLevel ?? null };
    });
    const slSeconds = deps.cc ? deps.cc.flow(service.serviceId).slThresholdSeconds : 20;
    return respondArea(c, deps, opts, "stats", "nav.stats", () => (
      <ConsoleStats lang={c.get("lang")} by={by} period={period} rows={rows} slSeconds={slSeconds} />
    ));
  });
  return app;
}
