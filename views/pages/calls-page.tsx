import type { FilterField } from "../components/filter-form.tsx";
import type { ListPage } from "../components/list-controls.tsx";
import { LookupPage } from "../components/lookup-page.tsx";
import { duration, localTime, opsLabel, opsText, type OpsKey } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { phoneNumberText } from "../components/phone-number.ts";

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
  const { frame } = props;
  const s = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/calls`;
  const cols: [string, OpsKey][] = [
    ["time", "l.time"], ["direction", "l.direction"], ["from", "l.from.number"], ["to", "l.to.number"], ["queue", "l.queue"],
    ["agent", "l.agent"], ["result", "l.result"], ["wait", "l.wait"], ["talk", "l.talk"],
  ];
  const columns = [...cols.map(([col, key]) => ({ col, label: s(key) })), { label: s("l.detail") }];
  return (
    <LookupPage {...props} area="history/calls" title={s("menu.calls")} tableId="calls" columns={columns} row={(r) => (
      <tr>
        <td data-label={s("l.time")}>{localTime(frame.lang, props.timeZone, r.startedAt)}</td>
        <td data-label={s("l.direction")}>{opsLabel(s, "dir", r.direction)}</td>
        <td data-label={s("l.from.number")} class="mono">{phoneNumberText(frame.lang, r.from)}</td>
        <td data-label={s("l.to.number")} class="mono">{r.to}</td>
        <td data-label={s("l.queue")}>{r.queueId ? (props.queueNames[r.queueId] ?? r.queueId) : ""}</td>
        <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
        <td data-label={s("l.result")}>{opsLabel(s, "r", r.result)}</td>
        <td data-label={s("l.wait")}>{r.waitSeconds ?? ""}</td>
        <td data-label={s("l.talk")}>{duration(r.talkSeconds)}</td>
        <td data-label={s("l.detail")}><a href={`${path}/${encodeURIComponent(r.callId)}`}>{s("l.detail")}</a></td>
      </tr>
    )} />
  );
}
