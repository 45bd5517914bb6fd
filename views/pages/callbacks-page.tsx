import type { FilterField } from "../components/filter-form.tsx";
import type { ListPage } from "../components/list-controls.tsx";
import { LookupPage } from "../components/lookup-page.tsx";
import { localTime, opsLabel, opsText, type OpsKey } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { phoneNumberText } from "../components/phone-number.ts";

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
  /** Not dialled before this time (retry delay, or the next opening while closed), C7. */
  nextTryAt?: number | null;
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
  const { frame } = props;
  const s = opsText(frame.lang);
  const calls = `/admin/services/${frame.service.serviceId}/history/calls`;
  const cols: [string, OpsKey][] = [
    ["time", "l.time"], ["number", "l.number"], ["queue", "l.queue"], ["state", "l.state"], ["agent", "l.agent"], ["tries", "l.tries"], ["next", "l.nextTry"], ["updated", "l.updated"],
  ];
  return (
    <LookupPage {...props} area="history/callbacks" title={s("menu.callbacks")} tableId="callbacks" columns={cols.map(([col, key]) => ({ col, label: s(key) }))} row={(r) => (
      <tr>
        <td data-label={s("l.time")}>
          {r.callId ? <a href={`${calls}/${encodeURIComponent(r.callId)}`}>{localTime(frame.lang, props.timeZone, r.createdAt)}</a> : localTime(frame.lang, props.timeZone, r.createdAt)}
        </td>
        <td data-label={s("l.number")} class="mono">{phoneNumberText(frame.lang, r.number)}</td>
        <td data-label={s("l.queue")}>{props.queueNames[r.queueId] ?? r.queueId}</td>
        <td data-label={s("l.state")}>{opsLabel(s, "cb", r.state)}</td>
        <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
        <td data-label={s("l.tries")}>{r.tries}</td>
        <td data-label={s("l.nextTry")}>{r.state === "requested" && r.nextTryAt ? localTime(frame.lang, props.timeZone, r.nextTryAt) : ""}</td>
        <td data-label={s("l.updated")}>{localTime(frame.lang, props.timeZone, r.updatedAt)}</td>
      </tr>
    )} />
  );
}
