import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { OpsLayout } from "../components/ops-layout.tsx";
import { duration, localTime, opsLabel, opsText } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";

/** A call as the lookups show it (H1, H2). */
export interface CallRowView {
  callId: string;
  direction: string;
  from: string;
  to: string;
  startedAt: number;
  queueId: string | null;
  agent: string | null;
  result: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  type: string | null;
  recordingPath: string | null;
}

/** Props of {@link CallsPage}. */
export interface CallsPageProps {
  frame: ServiceFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: CallRowView[];
  queueNames: Record<string, string>;
}

/** Call history (수발신이력, H1): filters, sortable columns, pages, a link to each call's detail. */
export function CallsPage(props: CallsPageProps) {
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/calls`;
  const H = (col: string, label: string) => <SortHeader path={path} list={list} col={col} label={label} />;
  return (
    <OpsLayout frame={frame} area="history/calls" title={s("menu.calls")}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      <div class="table-wrap" id="calls">
        <table>
          <thead>
            <tr>
              {H("time", s("l.time"))}{H("direction", s("l.direction"))}{H("from", s("l.from.number"))}{H("to", s("l.to.number"))}
              {H("queue", s("l.queue"))}{H("agent", s("l.agent"))}{H("result", s("l.result"))}{H("wait", s("l.wait"))}{H("talk", s("l.talk"))}
              <th>{s("l.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={10}>{s("l.empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr>
                <td data-label={s("l.time")}>{localTime(frame.lang, props.timeZone, r.startedAt)}</td>
                <td data-label={s("l.direction")}>{opsLabel(s, "dir", r.direction)}</td>
                <td data-label={s("l.from.number")} class="mono">{r.from}</td>
                <td data-label={s("l.to.number")} class="mono">{r.to}</td>
                <td data-label={s("l.queue")}>{r.queueId ? (props.queueNames[r.queueId] ?? r.queueId) : ""}</td>
                <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
                <td data-label={s("l.result")}>{opsLabel(s, "r", r.result)}</td>
                <td data-label={s("l.wait")}>{r.waitSeconds ?? ""}</td>
                <td data-label={s("l.talk")}>{duration(r.talkSeconds)}</td>
                <td data-label={s("l.detail")}><a href={`${path}/${encodeURIComponent(r.callId)}`}>{s("l.detail")}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}
