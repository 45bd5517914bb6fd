import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { OpsLayout } from "../components/ops-layout.tsx";
import { duration, localTime, opsText } from "../components/ops-text.ts";
import { RECORDING_PLAYS_SCRIPT, RecordingPlayer } from "../components/recording-player.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import type { CallRowView } from "./calls-page.tsx";
import { phoneNumberText } from "../components/phone-number.ts";

/** Props of {@link ConsultationsPage}. */
export interface ConsultationsPageProps {
  frame: ServiceFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: (CallRowView & { typeName: string | null; notes?: string | null })[];
  queueNames: Record<string, string>;
}

/**
 * Consultation history (상담이력, H2): answered calls with their consultation type and recording
 * (played in the page, seekable, fetched only on play; each press of play audited; MP3 download);
 * selected rows → Excel (이력다운) or a zip of MP3s (녹취다운).
 */
export function ConsultationsPage(props: ConsultationsPageProps) {
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/consultations`;
  const calls = `/admin/services/${frame.service.serviceId}/history/calls`;
  const H = (col: string, label: string) => <SortHeader path={path} list={list} col={col} label={label} />;
  return (
    <OpsLayout frame={frame} area="history/consultations" title={s("menu.consultations")} scripts={[RECORDING_PLAYS_SCRIPT]}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      <form method="get" action={`${path}/export.xlsx`} id="selection">
        <p class="actions">
          <button type="submit" formaction={`${path}/export.xlsx`}>{s("l.historyDown")}</button>{" "}
          <button type="submit" formaction={`${path}/recordings.zip`}>{s("l.recordingDown")}</button>
        </p>
        <div class="table-wrap" id="consultations">
          <table>
            <thead>
              <tr>
                <th>{s("l.select")}</th>
                {H("time", s("l.time"))}{H("number", s("l.number"))}{H("queue", s("l.queue"))}{H("agent", s("l.agent"))}
                {H("type", s("l.type"))}<th>{s("l.notes")}</th>{H("talk", s("l.talk"))}
                <th>{s("l.recording")}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.length === 0 && <tr><td colspan={9}>{s("l.empty")}</td></tr>}
              {props.rows.map((r) => (
                <tr>
                  <td data-label={s("l.select")}>
                    <input type="checkbox" name="ids" value={r.callId} aria-label={`${s("l.select")} ${r.callId}`} />
                  </td>
                  <td data-label={s("l.time")}><a href={`${calls}/${encodeURIComponent(r.callId)}`}>{localTime(frame.lang, props.timeZone, r.startedAt)}</a></td>
                  <td data-label={s("l.number")} class="mono">{r.direction === "outbound" ? r.to : phoneNumberText(frame.lang, r.from)}</td>
                  <td data-label={s("l.queue")}>{r.queueId ? (props.queueNames[r.queueId] ?? r.queueId) : ""}</td>
                  <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
                  <td data-label={s("l.type")}>{r.typeName ?? ""}</td>
                  <td data-label={s("l.notes")} class="notes-cell" data-testid="notes">{r.notes ?? ""}</td>
                  <td data-label={s("l.talk")}>{duration(r.talkSeconds)}</td>
                  <td data-label={s("l.recording")}>
                    {r.recordingPath ? (
                      <RecordingPlayer
                        wav={`${calls}/${encodeURIComponent(r.callId)}/recording`}
                        mp3={`${calls}/${encodeURIComponent(r.callId)}/recording.mp3`}
                        played={`${calls}/${encodeURIComponent(r.callId)}/recording/played`}
                        csrfToken={frame.user.csrfToken}
                        preload="none"
                        mp3Label={s("l.mp3")}
                      />
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </form>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}
