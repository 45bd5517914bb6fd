import type { Figure, StatsBy, StatsInterval, StatsRow } from "../../cc/index.ts";
import type { OpsText } from "../../../views/index.ts";
import type { ExportTable } from "../export/index.ts";

/** Chart data of a statistics table: x labels and the offered / answered / abandoned series. */
export interface StatsChart {
  labels: string[];
  series: { label: string; values: number[] }[];
}

/**
 * What a statistics table's figures click down to (issue 17 point 4): the figure of each column and
 * the key and period of each row, from which the page makes one drill-down URL pattern for the table.
 */
export interface StatsDrill {
  /** Per column the figure its cells count (null: the period, the key, talk time). */
  figures: (Figure | null)[];
  /** Per row the key (null: none, e.g. no consultation type) and the period (null without an interval). */
  keys: { key: string | null; period: string | null }[];
}

const COLLATOR = new Intl.Collator();
const pct1 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const one = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * The statistics table exactly as shown and exported (S1, S2): one row per period and key, ratios
 * in percent with one decimal, times (wait, talk, wrap-up) in seconds; by agent and by consultation
 * type also the outbound calls (outbound calls have no queue, so not by queue).
 */
export function statsTable(i: {
  s: OpsText;
  by: Exclude<StatsBy, "service">;
  interval?: StatsInterval;
  rows: StatsRow[];
  /** Key → display name (queue names, consultation type names). */
  names: Record<string, string>;
  /** By agent: the label of the talk-time column (each agent's legs, a transfer split between agents); absent: no column. */
  talkLabel?: string;
}): ExportTable & StatsDrill {
  const { s } = i;
  const talk = i.by === "agent" && i.talkLabel !== undefined;
  const columns = [
    ...(i.interval ? [s("s.period")] : []),
    s(`s.by.${i.by}`),
    s("f.offered"), s("f.answered"), s("f.abandoned"), s("f.shortAbandoned"), s("f.callbacks"),
    `${s("f.answerRate")} (%)`, `${s("f.sl")} (%)`, `${s("f.withinSl")} (%)`,
    s("f.avgWait"), s("f.maxWait"), s("f.avgTalk"), s("f.avgWrapUp"),
    ...(talk ? [i.talkLabel!] : []),
    ...(i.by !== "queue" ? [s("f.outbound")] : []),
  ];
  // Period then key, in the collation `localeCompare` uses; one collator and each row's sort key made
  // once (issue 12: `localeCompare` per comparison took ≈ 10 ms for a month by agent and day).
  const sorted = i.rows.map((r) => ({ r, k: `${r.period ?? ""}|${r.key ?? ""}` })).sort((a, b) => COLLATOR.compare(a.k, b.k)).map((x) => x.r);
  const rows = sorted.map((r) => [
    ...(i.interval ? [r.period] : []),
    r.key === null ? s("s.none") : (i.names[r.key] ?? r.key),
    r.offered, r.answered, r.abandoned, r.shortAbandoned, r.callbacks,
    pct1(r.answerRate), pct1(r.serviceLevel), pct1(r.answerRateWithinSl),
    one(r.avgWaitSeconds), r.maxWaitSeconds, one(r.avgTalkSeconds), one(r.avgWrapUpSeconds),
    ...(talk ? [one(r.talkSeconds ?? 0)] : []),
    ...(i.by !== "queue" ? [r.outbound] : []),
  ]);
  // The figure of each column (null: period and key), so each cell links to the calls it counts.
  const figures: (Figure | null)[] = [
    ...(i.interval ? [null] : []), null, "offered", "answered", "abandoned", "shortAbandoned", "callbacks", "answerRate", "serviceLevel",
    "answerRateWithinSl", "avgWait", "maxWait", "avgTalk", "avgWrapUp", ...(talk ? [null] : []), ...(i.by !== "queue" ? ["outbound" as const] : []),
  ];
  const keys = sorted.map((r) => ({ key: r.key, period: i.interval ? r.period : null }));
  return { name: `${s("menu.stats")} ${s(`s.by.${i.by}`)}`, columns, rows, figures, keys };
}

/** The chart of a statistics table: per period when an interval is chosen (keys summed), else per key. */
export function statsChart(s: OpsText, table: ExportTable, hasPeriod: boolean): StatsChart {
  const start = hasPeriod ? 1 : 0;
  const labels: string[] = [];
  const sums = new Map<string, [number, number, number]>();
  for (const r of table.rows) {
    const label = String((hasPeriod ? r[0] : r[start]) ?? "");
    if (!sums.has(label)) labels.push(label), sums.set(label, [0, 0, 0]);
    const acc = sums.get(label)!;
    for (let k = 0; k < 3; k++) acc[k]! += Number(r[start + 1 + k] ?? 0);
  }
  const series = (["f.offered", "f.answered", "f.abandoned"] as const).map((key, k) => ({
    label: s(key),
    values: labels.map((l) => sums.get(l)![k]!),
  }));
  return { labels, series };
}
