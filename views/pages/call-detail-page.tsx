import { OpsLayout } from "../components/ops-layout.tsx";
import { systemWord } from "../components/system-words.ts";
import { duration, localTime, opsLabel, opsText } from "../components/ops-text.ts";
import { RECORDING_PLAYS_SCRIPT, RecordingPlayer } from "../components/recording-player.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import type { CallRowView } from "./calls-page.tsx";
import { phoneNumberText } from "../components/phone-number.ts";
import { TrailView, type TrailLineView } from "../components/trail-view.tsx";

/** Props of {@link CallDetailPage}. */
export interface CallDetailPageProps {
  frame: ServiceFrame;
  timeZone: string;
  call: CallRowView & { answeredAt: number | null; endedAt: number | null; hangupBy: string | null; endReason?: string | null; notes?: string | null };
  legs: { legId: string; role: string; party: string; agent: string | null; createdAt: number; answeredAt: number | null; endedAt: number | null; endBy: string | null; endCause: string | null }[];
  events: { at: number; event: string; agent: string | null; queueId: string; detail: string | null }[];
  typeName: string | null;
  /** Recording URL (WAV, seekable), MP3 download and where a press of play is reported, when the call has a recording. */
  recording?: { wav: string; mp3: string; played: string };
  /** The call's decision trail in plain words (issue 17 point 3). */
  trail?: TrailLineView[];
}

/** One call with its consultation record (H2), every leg and its queue events (H1 detail). */
export function CallDetailPage(props: CallDetailPageProps) {
  const { frame, call, timeZone } = props;
  const s = opsText(frame.lang);
  const t = (at: number | null) => localTime(frame.lang, timeZone, at);
  const back = `/admin/services/${frame.service.serviceId}/history/calls`;
  return (
    <OpsLayout frame={frame} area="history/calls" title={`${s("menu.calls")} · ${s("l.detail")}`} scripts={props.recording ? [RECORDING_PLAYS_SCRIPT] : []}>
      <p><a href={back}>{s("l.back")}</a></p>
      <section class="card">
        <dl class="pairs">
          <dt>{s("l.time")}</dt><dd>{t(call.startedAt)}</dd>
          <dt>{s("l.direction")}</dt><dd>{opsLabel(s, "dir", call.direction)}</dd>
          <dt>{s("l.from.number")}</dt><dd class="mono">{phoneNumberText(frame.lang, call.from)}</dd>
          <dt>{s("l.to.number")}</dt><dd class="mono">{call.to}</dd>
          <dt>{s("l.queue")}</dt><dd>{call.queueId ?? ""}</dd>
          <dt>{s("l.agent")}</dt><dd>{call.agent ?? ""}</dd>
          <dt>{s("l.result")}</dt><dd>{opsLabel(s, "r", call.result)}</dd>
          <dt>{s("l.endBy")}</dt><dd data-testid="hangup-by">{call.hangupBy ? systemWord(frame.lang, "endBy", call.hangupBy) : ""}</dd>
          <dt>{s("l.cause")}</dt><dd data-testid="end-reason">{call.endReason ? systemWord(frame.lang, "cause", call.endReason) : ""}</dd>
          <dt>{s("l.wait")}</dt><dd>{call.waitSeconds ?? ""}</dd>
          <dt>{s("l.talk")}</dt><dd>{duration(call.talkSeconds)}</dd>
          <dt>{s("l.type")}</dt><dd>{props.typeName ?? ""}</dd>
          <dt>{s("l.notes")}</dt><dd class="notes-cell" data-testid="notes">{call.notes ?? ""}</dd>
          <dt>{s("l.recording")}</dt>
          <dd>
            {props.recording ? (
              <RecordingPlayer {...props.recording} csrfToken={frame.user.csrfToken} preload="metadata" mp3Label={s("l.mp3")} />
            ) : (
              "—"
            )}
          </dd>
        </dl>
      </section>
      {props.trail ? <TrailView lang={frame.lang === "ko" ? "ko" : "en"} lines={props.trail} /> : null}
      <h2>{s("l.legs")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th>{s("l.role")}</th><th>{s("l.party")}</th><th>{s("l.agent")}</th><th>{s("l.created")}</th><th>{s("l.answeredAt")}</th><th>{s("l.ended")}</th><th>{s("l.endBy")}</th><th>{s("l.cause")}</th></tr>
          </thead>
          <tbody>
            {props.legs.map((l) => (
              <tr>
                <td data-label={s("l.role")}>{systemWord(frame.lang, "role", l.role)}</td>
                <td data-label={s("l.party")} class="mono">{phoneNumberText(frame.lang, l.party)}</td>
                <td data-label={s("l.agent")}>{l.agent ?? ""}</td>
                <td data-label={s("l.created")}>{t(l.createdAt)}</td>
                <td data-label={s("l.answeredAt")}>{t(l.answeredAt)}</td>
                <td data-label={s("l.ended")}>{t(l.endedAt)}</td>
                <td data-label={s("l.endBy")}>{l.endBy ? systemWord(frame.lang, "endBy", l.endBy) : ""}</td>
                <td data-label={s("l.cause")}>{l.endCause ? systemWord(frame.lang, "cause", l.endCause) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{s("l.events")}</h2>
      <div class="table-wrap">
        <table>
          <thead><tr><th>{s("l.time")}</th><th>{s("l.queue")}</th><th>{s("l.state")}</th><th>{s("l.agent")}</th><th>{s("l.cause")}</th></tr></thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td data-label={s("l.time")}>{t(e.at)}</td>
                <td data-label={s("l.queue")}>{e.queueId}</td>
                <td data-label={s("l.state")}>{systemWord(frame.lang, "event", e.event)}</td>
                <td data-label={s("l.agent")}>{e.agent ?? ""}</td>
                <td data-label={s("l.cause")}>{e.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OpsLayout>
  );
}
