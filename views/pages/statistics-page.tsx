import { DataTable, type PlainTable, type TableDrill } from "../components/data-table.tsx";
import { FigureDefinitionsList, type FigureDefinitionView } from "../components/figure-definitions-list.tsx";
import { figureText } from "../components/figure-text.ts";
import { OpsLayout } from "../components/ops-layout.tsx";
import { opsText } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { setupText } from "../setup/setup-text.ts";

/** Props of {@link StatisticsPage}. */
export interface StatisticsPageProps {
  frame: ServiceFrame;
  by: "queue" | "agent" | "type";
  /** "" = one row per key for the whole range. */
  interval: "" | "hour" | "day" | "week" | "month";
  from: string;
  to: string;
  table: PlainTable;
  chart: { labels: string[]; series: { label: string; values: number[] }[] };
  /** Inbound calls of the range: all, and those that ended in the ARS before any queue (issue 9). */
  inbound?: { total: number; ars: number };
  /** What each figure clicks down to (issue 17 point 4): one URL pattern for the table. */
  drill?: TableDrill;
  /** Each column's written definition (header tooltip). */
  titles?: (string | undefined)[];
  /** The written definitions of the figures shown. */
  definitions?: FigureDefinitionView[];
}

/**
 * Statistics (통계, S1–S2): by queue / agent / consultation type, interval, date range (all in the
 * URL); a chart, the table, and Excel / CSV downloads of exactly that table.
 */
export function StatisticsPage(props: StatisticsPageProps) {
  const { frame } = props;
  const s = opsText(frame.lang);
  const base = `/admin/services/${frame.service.serviceId}/statistics`;
  const q = new URLSearchParams({ by: props.by, interval: props.interval, from: props.from, to: props.to }).toString();
  return (
    <OpsLayout frame={frame} area="statistics" title={s("menu.stats")} scripts={["uplot.js", "ops.js"]}>
      <form method="get" action={base} class="filters">
        <label>
          {s("s.by")}
          <select name="by">
            {(["queue", "agent", "type"] as const).map((b) => (
              <option value={b} selected={props.by === b}>{s(`s.by.${b}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {s("s.interval")}
          <select name="interval">
            <option value="" selected={props.interval === ""}>{s("l.all")}</option>
            {(["hour", "day", "week", "month"] as const).map((i) => (
              <option value={i} selected={props.interval === i}>{s(`s.interval.${i}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {s("l.from")}
          <input type="date" name="from" value={props.from} required />
        </label>
        <label>
          {s("l.to")}
          <input type="date" name="to" value={props.to} required />
        </label>
        <button type="submit">{s("l.search")}</button>
        <a class="button" href={`${base}/export.xlsx?${q}`} download>{s("l.excel")}</a>
        <a class="button" href={`${base}/export.csv?${q}`} download>{s("l.csv")}</a>
      </form>
      <section class="card">
        <div id="stats-chart" class="chart" data-chart="stats" data-x-label={props.interval ? s("s.period") : s(`s.by.${props.by}`)} data-values={JSON.stringify(props.chart)}></div>
      </section>
      {props.from > props.to && <p class="error" role="alert" data-error="dateOrder">{s("l.dateOrder", { from: props.from, to: props.to })}</p>}
      {props.inbound && props.from <= props.to && (
        <p class="note" data-inbound={props.inbound.total} data-ars={props.inbound.ars}>
          {setupText(frame.lang)("stats.inbound", { total: props.inbound.total, queued: props.inbound.total - props.inbound.ars, ars: props.inbound.ars })}
        </p>
      )}
      <DataTable id="stats-table" table={props.table} drill={props.drill} titles={props.titles} empty={s("l.emptyRange", { from: props.from, to: props.to })} />
      {props.definitions && (
        <FigureDefinitionsList title={figureText(frame.lang)("fd.title")} intro={figureText(frame.lang)("fd.intro")} items={props.definitions} />
      )}
    </OpsLayout>
  );
}
