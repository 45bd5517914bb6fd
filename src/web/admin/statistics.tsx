import { Hono } from "hono";
import type { Context } from "hono";
import { localBuckets, type CountFigure, type Figure, type StatsInterval } from "../../cc/index.ts";
import type { Service } from "../../store/index.ts";
import type { Lang, TableDrill } from "../../../views/index.ts";
import { figureText, opsText, settingsText, StatisticsPage } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attachment, toCsv, toXlsx, XLSX_TYPE, type ExportTable } from "../export/index.ts";
import { audit } from "./audit.ts";
import { noContactCenter } from "./ops-common.tsx";
import { dateRange, type DateRange } from "./ops-query.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";
import { withArsRows } from "./stats-ars.ts";
import { statsChart, statsTable } from "./stats-table.ts";
import { drillBase, figureDefinitionItems, figureDrillRoutes, NO_KEY } from "./figure-drill.tsx";

/** The figures of the statistics table, in its column order (their definitions are shown below it). */
const TABLE_FIGURES: Figure[] = [
  "offered", "answered", "abandoned", "shortAbandoned", "callbacks", "answerRate", "serviceLevel", "answerRateWithinSl",
  "avgWait", "maxWait", "avgTalk", "avgWrapUp", "outbound",
];

const BYS = ["queue", "agent", "type"] as const;
const INTERVALS = ["hour", "day", "week", "month"] as const;
type By = (typeof BYS)[number];

/** The statistics table of a service and range exactly as the page shows and both exports hold it (with drill-down links). */
function statisticsTable(deps: Pick<WebDeps, "repos" | "cc">, svc: Service, lang: Lang, by: By, interval: StatsInterval | undefined, range: DateRange) {
  const names: Record<string, string> = {};
  if (by === "queue") for (const q of deps.repos.queues.list(svc.serviceId)) names[q.queueId] = q.name;
  if (by === "type") for (const t of deps.repos.consultationTypes.list(svc.serviceId)) names[String(t.id)] = t.name;
  const queued = statsTable({
    s: opsText(lang), by, interval, names, talkLabel: figureText(lang)("fd.talkTime"),
    rows: deps.cc!.stats(svc.serviceId, by, range.fromMs, range.toMs, interval),
  });
  // By queue, the calls that ended in the ARS get their own row, on the page and in both exports.
  const table = by === "queue"
    ? withArsRows(
      queued,
      deps.repos.calls.inboundTally(svc.serviceId, range.fromMs, range.toMs, interval && localBuckets(interval, svc.timezone, range.fromMs, range.toMs)),
      settingsText(lang)("stats.arsRow"),
      interval,
    )
    : queued;
  return { table, queued };
}

/**
 * The column sums of the statistics' CSV export by queue for [from, to) (issue 17 point 4, the nightly
 * reconcile check): the file is made as the export makes it and read back; the rows of calls that ended
 * in the ARS count toward `totalInbound` only.
 */
export function statisticsCsvTotals(deps: Pick<WebDeps, "repos" | "cc">, serviceId: string, from: number, to: number): Partial<Record<CountFigure, number>> {
  const svc = deps.repos.services.get(serviceId);
  if (!svc || !deps.cc) return {};
  const day = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(svc.timezone).toPlainDate().toString();
  const range: DateRange = { from: day(from), to: day(to - 1), fromMs: from, toMs: to };
  const { table } = statisticsTable(deps, svc, "en", "queue", undefined, range);
  const [head = [], ...rows] = toCsv(table).replace("\uFEFF", "").split("\r\n").filter((l) => l !== "").map(parseCsvLine);
  const s = opsText("en");
  const ars = settingsText("en")("stats.arsRow");
  const col = (label: string) => head.indexOf(label);
  const sum = (label: string, keep: (r: string[]) => boolean) => rows.filter(keep).reduce((n, r) => n + Number(r[col(label)] ?? 0), 0);
  const queued = (r: string[]) => r[0] !== ars;
  return {
    offered: sum(s("f.offered"), queued), answered: sum(s("f.answered"), queued), abandoned: sum(s("f.abandoned"), queued),
    shortAbandoned: sum(s("f.shortAbandoned"), queued), callbacks: sum(s("f.callbacks"), queued), totalInbound: sum(s("f.offered"), () => true),
  };
}

/** One line of our CSV (RFC 4180 quoting). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') cur += '"', i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") out.push(cur), (cur = "");
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Statistics (통계, S1–S2) of one service: page, .xlsx and .csv of the same table; exports audited. */
export function statisticsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();
  // Issue 17 point 4: every figure of the table clicks down to the calls it counts.
  app.route("/calls", figureDrillRoutes(deps));

  /** Issue 9: the range's inbound calls and those that ended in the ARS, so the table and monitoring agree (issue 12: from the rollup). */
  const inboundOf = (serviceId: string, range: DateRange) => {
    const tally = deps.repos.calls.inboundTally(serviceId, range.fromMs, range.toMs);
    return { total: tally.reduce((n, t) => n + t.inbound, 0), ars: tally.reduce((n, t) => n + t.ars, 0) };
  };

  /** The query of the URL and the table it selects. */
  const build = (c: Context<ServiceEnv>) => {
    const svc = c.get("service");
    const by: By = (BYS as readonly string[]).includes(c.req.query("by") ?? "") ? (c.req.query("by") as By) : "queue";
    const iv = c.req.query("interval") ?? "";
    const interval = (INTERVALS as readonly string[]).includes(iv) ? (iv as StatsInterval) : undefined;
    const range: DateRange = dateRange(c, svc.timezone, now(), 7);
    const { table, queued } = statisticsTable(deps, svc, c.get("lang"), by, interval, range);
    const query = `by=${by}&interval=${interval ?? ""}&from=${range.from}&to=${range.to}`;
    // Issue 17 point 4: every figure clicks down to the calls it counts; one URL pattern for the table (issue 12).
    const drill: TableDrill = {
      base: drillBase(svc.serviceId, { by, from: range.from, to: range.to, interval }),
      figures: queued.figures,
      rows: queued.keys.map((k) => ({ key: k.key ?? NO_KEY, period: k.period })),
    };
    return { by, interval, range, table, query, drill, figures: queued.figures };
  };

  app.get("/", (c) => {
    if (!deps.cc) return noContactCenter(c, deps, "statistics");
    const q = build(c);
    const defs = new Map(figureDefinitionItems(c.get("lang"), TABLE_FIGURES).map((d) => [d.id, d.text]));
    audit(c, "view", `statistics?${q.query}`);
    c.header("Cache-Control", "no-store");
    return c.html(
      <StatisticsPage
        frame={frameOf(c, deps)}
        by={q.by}
        interval={q.interval ?? ""}
        from={q.range.from}
        to={q.range.to}
        table={q.table}
        chart={statsChart(opsText(c.get("lang")), q.table, q.interval !== undefined)}
        inbound={inboundOf(c.get("service").serviceId, q.range)}
        drill={q.drill}
        titles={q.table.columns.map((col, i) => {
          const f = q.figures?.[i];
          return f ? defs.get(f) : col === figureText(c.get("lang"))("fd.talkTime") ? figureText(c.get("lang"))("fd.talkTime.def") : undefined;
        })}
        definitions={[
          ...figureDefinitionItems(c.get("lang"), TABLE_FIGURES),
          ...(q.by === "agent" ? [{ id: "talkTime", label: figureText(c.get("lang"))("fd.talkTime"), text: figureText(c.get("lang"))("fd.talkTime.def") }] : []),
        ]}
      />,
    );
  });

  const fileName = (c: Context<ServiceEnv>, q: { by: By; range: DateRange }, ext: string) =>
    `${c.get("service").serviceId}-statistics-${q.by}-${q.range.from}_${q.range.to}.${ext}`;
  const download = (c: Context<ServiceEnv>, body: Uint8Array | string, type: string, name: string, table: ExportTable) => {
    audit(c, "export", `${name} (${table.rows.length})`);
    c.header("Content-Type", type);
    c.header("Content-Disposition", attachment(name));
    c.header("Cache-Control", "no-store");
    return c.body(typeof body === "string" ? body : (body as Uint8Array<ArrayBuffer>));
  };

  app.get("/export.xlsx", async (c) => {
    if (!deps.cc) return c.text("Service unavailable", 503);
    const q = build(c);
    return download(c, await toXlsx(q.table), XLSX_TYPE, fileName(c, q, "xlsx"), q.table);
  });
  app.get("/export.csv", (c) => {
    if (!deps.cc) return c.text("Service unavailable", 503);
    const q = build(c);
    return download(c, toCsv(q.table), "text/csv; charset=utf-8", fileName(c, q, "csv"), q.table);
  });
  return app;
}
