import type { Child } from "hono/jsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { FilterForm, type FilterField } from "./filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "./list-controls.tsx";
import { OpsLayout } from "./ops-layout.tsx";
import { opsText } from "./ops-text.ts";
import type { OpsArea } from "./service-nav.tsx";

/** A column of a lookup table: sortable by `col` when given. */
export interface LookupColumn {
  label: string;
  col?: string;
}

/** Props of {@link LookupPage}. */
export interface LookupPageProps<Row> {
  frame: ServiceFrame;
  area: OpsArea;
  title: string;
  /** The id of the table's wrapper (tests and scripts find the rows by it). */
  tableId: string;
  filters: FilterField[];
  list: ListPage;
  columns: LookupColumn[];
  rows: Row[];
  /** One `<tr>` a row. */
  row: (r: Row) => Child;
}

/** The date range among the filters (`from`, `to`), if the lookup has one. */
export function rangeOf(fields: FilterField[]): { from: string; to: string } | undefined {
  const from = fields.find((f) => f.name === "from")?.value;
  const to = fields.find((f) => f.name === "to")?.value;
  return from && to ? { from, to } : undefined;
}

/**
 * The frame every lookup (H1, H3, H4, H5) shares: the filters, a table with sortable headers and
 * an "empty" row, then the pager; sort, filters and page live in the URL.
 */
export function LookupPage<Row>(props: LookupPageProps<Row>) {
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/${props.area}`;
  const range = rangeOf(props.filters);
  const empty = range ? s("l.emptyRange", range) : s("l.empty");
  return (
    <OpsLayout frame={frame} area={props.area} title={props.title}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      {range && range.from > range.to && <p class="error" role="alert" data-error="dateOrder">{s("l.dateOrder", range)}</p>}
      <div class="table-wrap" id={props.tableId}>
        <table>
          <thead>
            <tr>{props.columns.map((c) => (c.col ? <SortHeader path={path} list={list} col={c.col} label={c.label} /> : <th>{c.label}</th>))}</tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={props.columns.length} class="empty">{empty}</td></tr>}
            {props.rows.map(props.row)}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}
