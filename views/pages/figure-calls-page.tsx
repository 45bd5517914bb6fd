import { OpsLayout } from "../components/ops-layout.tsx";
import { duration, localTime, opsLabel, opsText } from "../components/ops-text.ts";
import { figureText } from "../components/figure-text.ts";
import { phoneNumberText } from "../components/phone-number.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import type { CallRowView } from "./calls-page.tsx";

/** Props of {@link FigureCallsPage}. */
export interface FigureCallsPageProps {
  frame: ServiceFrame;
  timeZone: string;
  /** The figure's label and written definition. */
  label: string;
  definition: string;
  /** "Queue: Main", "Whole service" … */
  scope: string;
  from: string;
  to: string;
  rows: CallRowView[];
  queueNames: Record<string, string>;
}

/**
 * The calls one figure of the dashboard or the statistics counts (issue 17 point 4): the same
 * definition picks them, so the list is as long as the figure.
 */
export function FigureCallsPage(props: FigureCallsPageProps) {
  const { frame } = props;
  const s = opsText(frame.lang);
  const f = figureText(frame.lang);
  const detail = `/admin/services/${frame.service.serviceId}/history/calls`;
  return (
    <OpsLayout frame={frame} area="statistics" title={`${props.label} · ${f("fd.drill")}`}>
      <p>
        <strong>{props.scope}</strong> · {f("fd.range", { from: props.from, to: props.to })} ·{" "}
        <strong id="figure-count" data-count={props.rows.length}>{f("fd.count", { n: props.rows.length })}</strong>
      </p>
      <p class="note" data-definition>{props.definition}</p>
      <div class="table-wrap">
        <table id="figure-calls">
          <thead>
            <tr>
              <th>{s("l.time")}</th><th>{s("l.direction")}</th><th>{s("l.from.number")}</th><th>{s("l.to.number")}</th>
              <th>{s("l.queue")}</th><th>{s("l.agent")}</th><th>{s("l.result")}</th><th>{s("l.wait")}</th><th>{s("l.talk")}</th>
              <th>{s("l.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={10}>{s("l.empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr data-call={r.callId}>
                <td data-label={s("l.time")}>{localTime(frame.lang, props.timeZone, r.startedAt)}</td>
                <td data-label={s("l.direction")}>{opsLabel(s, "dir", r.direction)}</td>
                <td data-label={s("l.from.number")} class="mono">{phoneNumberText(frame.lang, r.from)}</td>
                <td data-label={s("l.to.number")} class="mono">{r.to}</td>
                <td data-label={s("l.queue")}>{r.queueId ? (props.queueNames[r.queueId] ?? r.queueId) : ""}</td>
                <td data-label={s("l.agent")}>{r.agent ?? ""}</td>
                <td data-label={s("l.result")}>{opsLabel(s, "r", r.result)}</td>
                <td data-label={s("l.wait")}>{r.waitSeconds ?? ""}</td>
                <td data-label={s("l.talk")}>{duration(r.talkSeconds)}</td>
                <td data-label={s("l.detail")}><a href={`${detail}/${encodeURIComponent(r.callId)}`}>{s("l.detail")}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OpsLayout>
  );
}
