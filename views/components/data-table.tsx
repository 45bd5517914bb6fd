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
 * The page script (ops.js) builds the same link when a cell is clicked and turns the cells into
 * real links after load; a table of at most {@link DRILL_LINKS_MAX} linked cells has them in the HTML.
 */
export interface TableDrill {
  /** The drill-down URL with everything its cells share (grouping, range, interval), ending in a query. */
  base: string;
  /** Per column the figure its cells count; null: no link (period, key, a figure with no drill-down). */
  figures: (string | null)[];
  /** Per row (parallel to `rows`) the key and period its cells add; null or missing: a row without links. */
  rows: ({ key: string; period?: string | null } | null)[];
}

/** Tables with at most this many linked cells carry real links in the HTML, so they work without the script. */
export const DRILL_LINKS_MAX = 250;

/** The drill-down link of a cell (the page script builds the very same string). */
export function drillCellHref(base: string, figure: string, row: { key: string; period?: string | null }): string {
  const period = row.period === undefined || row.period === null ? "" : `&period=${encodeURIComponent(row.period)}`;
  return `${base}&figure=${encodeURIComponent(figure)}&key=${encodeURIComponent(row.key)}${period}`;
}

/**
 * Text for a CSS string (`kept` = the string's plain characters) or identifier with every other
 * character (quotes, backslashes, `<`, `&`, controls) as a hex escape, so it can never end the
 * string or the `<style>` element.
 */
function cssEscape(text: string, kept = /^[A-Za-z0-9 _().,%:/+-]$/): string {
  let out = "";
  for (const ch of text) out += kept.test(ch) || ch.codePointAt(0)! >= 0xa0 ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return out;
}
const CSS_IDENT = /^[A-Za-z_-]$/;

/**
 * The table's per-column styles, once per table instead of an attribute on every cell: numeric
 * columns right-aligned, and on a narrow screen (rows shown as cards) each cell's column label.
 */
function columnStyle(id: string, table: PlainTable): string {
  const sel = `#${cssEscape(id, CSS_IDENT)} td:nth-child`;
  const numeric = table.columns.flatMap((_, i) => (table.rows.some((r) => typeof r[i] === "number") ? [`${sel}(${i + 1})`] : []));
  const labels = table.rows.length === 0 ? [] : table.columns.map((c, i) => `${sel}(${i + 1})::before{content:"${cssEscape(c)}"}`);
  return `${numeric.length ? `${numeric.join(",")}{text-align:right}` : ""}@media (max-width:640px){${labels.join("")}}`;
}

/** Render a plain table; numbers right-aligned, an empty note when there are no rows; figures linked by `drill`. */
export function DataTable(props: {
  table: PlainTable;
  empty: string;
  id: string;
  caption?: Child;
  drill?: TableDrill;
  /** A tooltip per column header: the figure's written definition. */
  titles?: (string | undefined)[];
}) {
  const { table, drill } = props;
  const linked = drill ? drill.figures.filter((f) => f !== null).length * drill.rows.filter((r) => r).length : 0;
  const links = linked > 0 && linked <= DRILL_LINKS_MAX;
  return (
    <div class="table-wrap" id={props.id}>
      <style dangerouslySetInnerHTML={{ __html: columnStyle(props.id, table) }} />
      <table data-drill={drill?.base}>
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
                  const figure = links && row ? drill!.figures[i] : null;
                  return <td>{figure ? <a href={drillCellHref(drill!.base, figure, row!)} data-drill>{text}</a> : text}</td>;
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
