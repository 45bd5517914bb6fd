import type { Child } from "hono/jsx";

/** A table of plain cells (the same rows the Excel and CSV exports hold). */
export interface PlainTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * The drill-down of a table's figures (issue 17 point 4) as one URL pattern for the whole table
 * (issue 12: a link per cell made a month by agent and day 2.4 MB): a cell's link is
 * `base&figure=F&key=K[&period=P]`, F from its column, K and P from its row ({@link drillCellHref}).
 */
export interface TableDrill {
  /** The drill-down URL with everything its cells share (grouping, range, interval), ending in a query. */
  base: string;
  /** Per column the figure its cells count; null: no link (period, key, a figure with no drill-down). */
  figures: (string | null)[];
  /** Per row (parallel to `rows`) the key and period its cells add; null or missing: a row without links. */
  rows: ({ key: string; period?: string | null } | null)[];
}

/**
 * A table with at most this many linked cells carries everything in its HTML: a real link and the
 * column label (the narrow screen's card layout) in every cell, working without the script. A larger
 * one carries only the patterns: the page script (ops.js) builds a cell's link when it is clicked and,
 * shortly after load, puts the links and labels into the cells.
 */
export const DRILL_LINKS_MAX = 250;

/** The drill-down link of a cell (the page script builds the very same string). */
export function drillCellHref(base: string, figure: string, row: { key: string; period?: string | null }): string {
  const period = row.period === undefined || row.period === null ? "" : `&period=${encodeURIComponent(row.period)}`;
  return `${base}&figure=${encodeURIComponent(figure)}&key=${encodeURIComponent(row.key)}${period}`;
}

/**
 * Render a plain table, an empty note when there are no rows. Its first columns are labels (period,
 * key) and the rest figures, right-aligned after `data-lead` (ops.css); figures linked by `drill`.
 */
export function DataTable(props: {
  table: PlainTable;
  empty: string;
  id?: string;
  caption?: Child;
  drill?: TableDrill;
  /** A tooltip per column header: the figure's written definition (once per column, not per cell). */
  titles?: (string | undefined)[];
}) {
  const { table, drill } = props;
  const lead = table.columns.findIndex((_, i) => table.rows.some((r) => typeof r[i] === "number"));
  const linked = drill ? drill.figures.filter((f) => f !== null).length * drill.rows.filter((r) => r).length : 0;
  const full = linked <= DRILL_LINKS_MAX;
  return (
    <div class="table-wrap" id={props.id}>
      <table data-drill={drill?.base} data-lead={lead < 0 ? undefined : lead}>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>{table.columns.map((c, i) => <th title={props.titles?.[i]} data-figure={drill?.figures[i] ?? undefined}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colspan={table.columns.length}>{props.empty}</td>
            </tr>
          )}
          {table.rows.map((r, j) => {
            const row = drill?.rows[j] ?? undefined;
            return (
              <tr data-key={row?.key} data-period={row?.period ?? undefined}>
                {r.map((v, i) => {
                  const text = v === null ? "—" : String(v);
                  if (!full) return <td>{text}</td>;
                  const figure = row ? drill!.figures[i] : null;
                  return <td data-label={table.columns[i]}>{figure ? <a href={drillCellHref(drill!.base, figure, row!)} data-drill>{text}</a> : text}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The frame every settings list shares: headers (an empty string for an actions column), an
 * empty-list row, and the rows the page renders itself (forms, buttons in the cells).
 */
export function ListTable(props: { headers: string[]; empty: string; count: number; children?: Child }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>{props.headers.map((h) => <th>{h}</th>)}</tr>
        </thead>
        <tbody>
          {props.count === 0 && (
            <tr>
              <td colspan={props.headers.length}>{props.empty}</td>
            </tr>
          )}
          {props.children}
        </tbody>
      </table>
    </div>
  );
}
