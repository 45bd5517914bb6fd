import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { OpsLayout } from "../components/ops-layout.tsx";
import { localTime, opsLabel, opsText } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";

/** A callback request as the history shows it (H3). */
export interface CallbackRowView {
  id: number;
  number: string;
  queueId: string;
  state: string;
  tries: number;
  createdAt: number;
  updatedAt: number;
  agent: string | null;
  callId: string | null;
}

/** Props of {@link CallbacksPage}. */
export interface CallbacksPageProps {
  frame: ServiceFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: CallbackRowView[];
  queueNames: Record<string, string>;
}

/** Callback history (콜백 처리이력, H3) by result: 콜백요청, 처리완료, 삭제처리, 처리실패. */
export function CallbacksPage(props: CallbacksPageProps) {
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/callbacks`;
  const calls = `/admin/services/${frame.service.serviceId}/history/calls`;
  const H = (col: string, label: string) => <SortHeader path={path} list={list} col={col} label={label} />;
  return (
    <OpsLayout frame={frame} area="history/callbacks" title={s("menu.callbacks")}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      <div class="table-wrap" id="callbacks">
        <table>
          <thead>
            <tr>
              {H("time", s("l.time"))}{H("number", s("l.number"))}{H("queue", s("l.queue"))}{H("state", s("l.state"))}
              {H("agent", s("l.agent"))}{H("tries", s("l.tries"))}{H("updated", s("l.updated"))}
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={7}>{s("l.empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr>
                <td data-label={s("l.time")}>
                  {r.callId ? <a href={`${calls}/${encodeURIComponent(r.callId)}`}>{localTime(frame.lang, props.timeZone, r.createdAt)}</a> : localTime(frame.lang, props.timeZone, r.createdAt)}
                </td>
                <td data-label={s("l.number")} class="mono">{r.number}</td>
                <td data-label={s("l.queue")}>{props.queueNames[r.queueId] ?? r.queueId}</td>
                <td data-label={s("l.state")}>{opsLabel(s, "cb", r.state)}</td>
                <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
                <td data-label={s("l.tries")}>{r.tries}</td>
                <td data-label={s("l.updated")}>{localTime(frame.lang, props.timeZone, r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}
