import type { Child } from "hono/jsx";

/** A table of plain cells (the same rows the Excel and CSV exports hold). */
export interface PlainTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/** Render a plain table; numbers right-aligned, an empty note when there are no rows. */
export function DataTable(props: { table: PlainTable; empty: string; id?: string; caption?: Child }) {
  const { table } = props;
  return (
    <div class="table-wrap" id={props.id}>
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>{table.columns.map((c) => <th>{c}</th>)}</tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colspan={table.columns.length}>{props.empty}</td>
            </tr>
          )}
          {table.rows.map((r) => (
            <tr>
              {r.map((v, i) => (
                <td data-label={table.columns[i]} class={typeof v === "number" ? "num" : undefined}>
                  {v === null ? "—" : String(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
