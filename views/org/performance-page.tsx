import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { ServicePicker } from "./service-picker.tsx";
import { orgText } from "./text.ts";

/** Today's figures of the signed-in member (O7). */
export interface PerformanceView {
  tickets: { unassigned: number; inProgress: number; resolved: number; completed: number };
  inbound: { count: number; seconds: number };
  outbound: { count: number; seconds: number };
  readySeconds: number;
  transfers: number;
  ticketsHandled: number;
  away: Record<string, number>;
}

const hms = (s: number) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
};

/**
 * My performance (My 실적, O7): live and cumulative for today in the chosen service — tickets by
 * state, inbound and outbound calls (count and time), ready time, transfers, tickets handled, time
 * per away reason. Chat figures come once a chat channel exists.
 */
export function PerformancePage(props: { frame: OrgFrame; services: { serviceId: string; name: string }[]; serviceId?: string; day: string; p?: PerformanceView }) {
  const { frame, p } = props;
  const o = orgText(frame.lang);
  return (
    <OrgLayout frame={frame} area="me/performance">
      <ServicePicker o={o} action="/admin/org/me/performance" services={props.services} current={props.serviceId} />
      {!p ? <p>{o("perf.noService")}</p> : (
        <div hx-get={`/admin/org/me/performance?serviceId=${props.serviceId}`} hx-trigger="every 30s" hx-select="#performance" hx-target="#performance" hx-swap="outerHTML">
          <div id="performance">
            <p class="muted">{o("perf.today", { day: props.day })}</p>
            <h2>{o("perf.tickets")}</h2>
            <dl class="pairs" id="perf-tickets">
              <dt>{o("ticket.unassigned")}</dt><dd>{p.tickets.unassigned}</dd>
              <dt>{o("ticket.in-progress")}</dt><dd>{p.tickets.inProgress}</dd>
              <dt>{o("ticket.resolved")}</dt><dd>{p.tickets.resolved}</dd>
              <dt>{o("ticket.completed")}</dt><dd>{p.tickets.completed}</dd>
            </dl>
            <h2>{o("perf.phone")}</h2>
            <dl class="pairs" id="perf-phone">
              <dt>{o("perf.inbound")}</dt><dd>{p.inbound.count} / {hms(p.inbound.seconds)}</dd>
              <dt>{o("perf.outbound")}</dt><dd>{p.outbound.count} / {hms(p.outbound.seconds)}</dd>
              <dt>{o("perf.ready")}</dt><dd>{hms(p.readySeconds)}</dd>
              <dt>{o("perf.transfers")}</dt><dd>{p.transfers}</dd>
              <dt>{o("perf.ticketsHandled")}</dt><dd>{p.ticketsHandled}</dd>
              {Object.entries(p.away).map(([reason, s]) => (
                <><dt>{o("perf.away", { reason: reason || "—" })}</dt><dd>{hms(s)}</dd></>
              ))}
            </dl>
          </div>
        </div>
      )}
    </OrgLayout>
  );
}
