import type { Context } from "hono";
import type { ListPage } from "../../../views/index.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range a page or export covers, days. */
export const MAX_RANGE_DAYS = 400;

/** A local date range [from, to] (inclusive days) as shown in the URL and as instants [fromMs, toMs). */
export interface DateRange {
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
  /** The end came before the start: nothing is looked up, and the page says why (issue 9). */
  reversed?: boolean;
}

const plain = (s: string | undefined) => {
  if (!s || !DATE.test(s)) return undefined;
  try {
    return Temporal.PlainDate.from(s);
  } catch {
    return undefined;
  }
};

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` in the service's time zone; missing or wrong dates fall back to
 * the last `defaultDays` days up to today; a reversed one is an empty range marked `reversed` (the
 * page says so instead of showing an empty table); long ones are cut.
 */
export function dateRange(c: Context, timeZone: string, now: number, defaultDays = 1): DateRange {
  const today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate();
  let to = plain(c.req.query("to")) ?? today;
  let from = plain(c.req.query("from")) ?? to.subtract({ days: defaultDays - 1 });
  const start = (d: Temporal.PlainDate) => d.toZonedDateTime({ timeZone }).epochMilliseconds;
  if (Temporal.PlainDate.compare(from, to) > 0) return { from: from.toString(), to: to.toString(), fromMs: start(from), toMs: start(from), reversed: true };
  if (from.until(to).days > MAX_RANGE_DAYS) from = to.subtract({ days: MAX_RANGE_DAYS });
  return { from: from.toString(), to: to.toString(), fromMs: start(from), toMs: start(to.add({ days: 1 })) };
}

/** Rows per page of the lookups. */
export const PAGE_SIZE = 50;

/**
 * Sort (`?sort=<col>&dir=asc|desc`, unknown columns fall back to `defaultSort`) and page
 * (`?page=n`) rows on the server; `query` keeps the filters for the links.
 */
export function pageOf<T>(
  c: Context,
  rows: T[],
  columns: Record<string, (row: T) => string | number | null>,
  defaultSort: string,
  query: Record<string, string>,
  size = PAGE_SIZE,
): { list: ListPage; rows: T[]; sorted: T[] } {
  const wanted = c.req.query("sort") ?? "";
  const sort = wanted in columns ? wanted : defaultSort;
  const dir = c.req.query("dir") === "asc" ? "asc" : c.req.query("dir") === "desc" ? "desc" : "desc";
  const key = columns[sort]!;
  const sign = dir === "asc" ? 1 : -1;
  const sorted = [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  return {
    list: { query, sort, dir, page, pages, total: sorted.length },
    rows: sorted.slice((page - 1) * size, page * size),
    sorted,
  };
}

/** The non-empty filters of the URL among `names` (kept in links and forms). */
export function filtersOf(c: Context, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = c.req.query(n)?.trim();
    if (v) out[n] = v.slice(0, 100);
  }
  return out;
}
