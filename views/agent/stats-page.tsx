import type { Lang } from "../messages.ts";
import { consoleText, percent } from "./text.ts";

/** The periods of A9 and the groupings. */
export const STATS_PERIODS = ["today", "yesterday", "week", "month", "days30"] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
export type StatsGrouping = "agent" | "queue";

/** One row of the console's statistics (A9). */
export interface ConsoleStatsRow {
  key: string;
  name: string;
  offered: number;
  answered: number;
  answerRate: number | null;
  serviceLevel: number | null;
}

/** A9: offered, answered, answer rate and service level by agent or by menu for a period. */
export function ConsoleStats(props: { lang: Lang; by: StatsGrouping; period: StatsPeriod; rows: ConsoleStatsRow[]; slSeconds: number }) {
  const t = consoleText(props.lang);
  const link = (by: StatsGrouping, period: StatsPeriod) => `/agent/stats?by=${by}&period=${period}`;
  const Seg = (p: { items: [string, string, boolean][] }) => (
    <nav class="seg">
      {p.items.map(([href, label, current]) => (
        <a href={href} hx-get={href} hx-target="#main" hx-swap="innerHTML" hx-push-url="true" aria-current={current ? "page" : undefined}>{label}</a>
      ))}
    </nav>
  );
  return (
    <>
      <Seg items={(["agent", "queue"] as const).map((b) => [link(b, props.period), t(b === "agent" ? "stats.byAgent" : "stats.byQueue"), b === props.by])} />
      <Seg items={STATS_PERIODS.map((p) => [link(props.by, p), t(`stats.${p}`), p === props.period])} />
      <div class="table-wrap">
        <table data-testid="stats">
          <thead>
            <tr>
              <th>{props.by === "agent" ? t("stats.byAgent") : t("stats.byQueue")}</th>
              <th class="num">{t("stats.offered")}</th>
              <th class="num">{t("stats.answered")}</th>
              <th class="num">{t("stats.rate")}</th>
              <th class="num">{t("stats.sl")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label={t("stats.key")}>{r.name}</td>
                <td data-label={t("stats.offered")} class="num">{r.offered}</td>
                <td data-label={t("stats.answered")} class="num">{r.answered}</td>
                <td data-label={t("stats.rate")} class="num">{percent(r.answerRate)}</td>
                <td data-label={t("stats.sl")} class="num">{percent(r.serviceLevel)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted small">{t("stats.slHint", { s: props.slSeconds })}</p>
    </>
  );
}
