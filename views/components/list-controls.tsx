import type { OpsText } from "./ops-text.ts";

/** A page of a server-side sorted list (everything in the URL). */
export interface ListPage {
  /** The current query string without page/sort (base for the links). */
  query: Record<string, string>;
  sort: string;
  dir: "asc" | "desc";
  page: number;
  pages: number;
  total: number;
}

const href = (path: string, q: Record<string, string>) => `${path}?${new URLSearchParams(q).toString()}`;

/** A column header that sorts the list by `col` (toggling the direction when already sorted by it). */
export function SortHeader(props: { path: string; list: ListPage; col: string; label: string }) {
  const { list, col } = props;
  const active = list.sort === col;
  const dir = active && list.dir === "asc" ? "desc" : "asc";
  const q = { ...list.query, sort: col, dir };
  return (
    <th aria-sort={active ? (list.dir === "asc" ? "ascending" : "descending") : undefined}>
      <a href={href(props.path, q)}>
        {props.label}
        {active ? (list.dir === "asc" ? " ▲" : " ▼") : ""}
      </a>
    </th>
  );
}

/** Previous / next links and "page x of y". */
export function Pager(props: { path: string; list: ListPage; s: OpsText }) {
  const { list, s } = props;
  const q = (page: number) => ({ ...list.query, sort: list.sort, dir: list.dir, page: String(page) });
  return (
    <p class="pager">
      {list.page > 1 ? <a href={href(props.path, q(list.page - 1))} rel="prev">{s("l.prev")}</a> : <span class="muted">{s("l.prev")}</span>}{" "}
      <span>{s("l.page", { page: list.page, pages: Math.max(1, list.pages), total: list.total })}</span>{" "}
      {list.page < list.pages ? <a href={href(props.path, q(list.page + 1))} rel="next">{s("l.next")}</a> : <span class="muted">{s("l.next")}</span>}
    </p>
  );
}

/** Hidden inputs carrying sort and direction through a filter form. */
export function KeepSort(props: { list: ListPage }) {
  return (
    <>
      <input type="hidden" name="sort" value={props.list.sort} />
      <input type="hidden" name="dir" value={props.list.dir} />
    </>
  );
}
