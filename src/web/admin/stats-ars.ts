import { bucketLabel, type StatsInterval } from "../../cc/index.ts";
import type { InboundTally } from "../../store/index.ts";
import type { ExportTable } from "../export/index.ts";

/**
 * Issue 9 (S1, D3): the table by queue counts only calls that entered a queue; monitoring's total
 * inbound also counts those that ended in the ARS. One "ended in the ARS" row per period (or one
 * without an interval) makes the offered column of the page and of both exports add up to the
 * same total. Its other columns are 0 (nobody answered, abandoned or asked for a callback in a
 * queue) or empty (no ratio or time applies).
 */
export function withArsRows(table: ExportTable, tally: readonly InboundTally[], label: string, interval: StatsInterval | undefined): ExportTable {
  // The tally's local buckets (hours, or days for day/week/month) merged into the table's periods.
  const counts = new Map<string | null, number>();
  for (const t of tally) {
    if (!t.ars) continue;
    const p = interval && t.bucket !== null ? bucketLabel(t.bucket, interval) : null;
    counts.set(p, (counts.get(p) ?? 0) + t.ars);
  }
  if (!counts.size) return table;
  // Columns: [period], key, offered, answered, abandoned, short abandoned, callbacks, then ratios and times.
  const head = interval ? 2 : 1;
  const rest = table.columns.length - head - 5;
  const rows = [...counts.entries()]
    .sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""))
    .map(([p, n]) => [...(interval ? [p] : []), label, n, 0, 0, 0, 0, ...Array<null>(rest).fill(null)]);
  return { ...table, rows: [...table.rows, ...rows] };
}
