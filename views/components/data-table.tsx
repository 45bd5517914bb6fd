import type { Child } from "hono/jsx";

/** A table of plain cells (the same rows the Excel and CSV exports hold). */
export interface PlainTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** Render a plain table; numbers right-aligned, an empty note when there are no rows. */
export function DataTable(props: {
  table: PlainTable;
  empty: string;
  id?: string;
  caption?: Child;
  /** A link per cell (null: none), parallel to `rows`: a figure's drill-down to its calls (issue 17). */
  links?: (string | null)[][];
  /** A tooltip per column header: the figure's written definition. */
  titles?: (string | undefined)[];
}) {
  const { table } = props;
  return (
    <div class="table-wrap" id={props.id}>
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>{table.columns.map((c, i) => <th title={props.titles?.[i]}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colspan={table.columns.length}>{props.empty}</td>
            </tr>
          )}
          {table.rows.map((r, j) => (
            <tr>
              {r.map((v, i) => {
                const href = props.links?.[j]?.[i];
                const text = v === null ? "—" : String(v);
                return (
                  <td data-label={table.columns[i]} class={typeof v === "number" ? "num" : undefined}>
                    {href ? <a href={href} data-drill>{text}</a> : text}
                  </td>
                );
              })}
            </tr>
          ))}
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
