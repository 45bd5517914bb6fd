import { raw } from "hono/html";
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

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text or an attribute value escaped as hono's JSX escapes it (the same five characters). */
const esc = (text: string) => (/[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text);

/**
 * The rows of the table as HTML, built as one string (issue 12: a month by agent and day is some
 * 11,000 cells, and a JSX element per cell cost more than everything else on the page). Every value
 * goes through {@link esc}; the markup is what the JSX would make.
 */
function bodyRows(table: PlainTable, drill: TableDrill | undefined, full: boolean): string {
  let out = "";
  for (let j = 0; j < table.rows.length; j++) {
    const row = drill?.rows[j] ?? null;
    const period = row?.period === undefined || row.period === null ? "" : ` data-period="${esc(row.period)}"`;
    out += row ? `<tr data-key="${esc(row.key)}"${period}>` : "<tr>";
    const cells = table.rows[j]!;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      const text = v === null || v === undefined ? "—" : esc(String(v));
      if (!full) {
        out += `<td>${text}</td>`;
        continue;
      }
      const figure = row ? drill!.figures[i] : null;
      const cell = figure ? `<a href="${esc(drillCellHref(drill!.base, figure, row!))}" data-drill="true">${text}</a>` : text;
      out += `<td data-label="${esc(table.columns[i] ?? "")}">${cell}</td>`;
    }
    out += "</tr>";
  }
  return out;
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
          {raw(bodyRows(table, drill, full))}
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
