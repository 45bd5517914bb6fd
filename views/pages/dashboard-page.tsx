import { OpsLayout } from "../components/ops-layout.tsx";
import { opsText } from "../components/ops-text.ts";
import { DashboardPanels, type DashboardPanelsProps } from "../partials/dashboard-panels.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { ReadinessCard, type ReadinessLine } from "../setup/readiness-card.tsx";
import { RecordingsBudgetWarning } from "../components/recordings-budget-warning.tsx";
import { OutboundCapAlert, type CapAlert } from "../components/outbound-cap-alert.tsx";
import { SelfChecksCard, type SelfChecksView } from "../partials/self-checks-card.tsx";
import { FigureDefinitionsList, type FigureDefinitionView } from "../components/figure-definitions-list.tsx";
import { figureText } from "../components/figure-text.ts";

/** Calls per local hour (0–23), today and yesterday (D2). */
export interface InboundTrend {
  today: number[];
  yesterday: number[];
}

/** Props of {@link DashboardPage}. */
export interface DashboardPageProps extends Omit<DashboardPanelsProps, "lang"> {
  frame: ServiceFrame;
  trend: InboundTrend;
  /** The server-sent events URL that streams `panels` (HTML) and `trend` (JSON) events. */
  eventsUrl: string;
  /** The readiness checklist (issue 9), shown until every line is green. */
  readiness?: { lines: ReadinessLine[]; refreshUrl: string };
  /** The recordings' disk budget (issue 11): a warning from 90 % on. */
  recordingsBudget?: { usedBytes: number; budgetBytes: number; over: boolean; warn: boolean };
  /** Outbound minute caps that refused calls in the last 24 hours (issue 16 point 6). */
  capAlerts?: CapAlert[];
  /** The nightly reconcile check and the canary call (issue 17 points 4, 5). */
  selfChecks?: SelfChecksView;
  /** The written definitions of the dashboard's figures (issue 17 point 4). */
  definitions?: FigureDefinitionView[];
}

/**
 * The integrated dashboard (통합대시보드, D1–D6): live panels refreshed by server-sent events and the
 * IVR inbound chart (uPlot) of today against yesterday.
 */
export function DashboardPage(props: DashboardPageProps) {
  const { frame } = props;
  const s = opsText(frame.lang);
  return (
    <OpsLayout frame={frame} area="dashboard" title={s("dash.title")} scripts={["uplot.js", "ops.js"]}>
      {props.readiness && props.readiness.lines.some((l) => !l.ok) && (
        <ReadinessCard lang={frame.lang} lines={props.readiness.lines} refreshUrl={props.readiness.refreshUrl} />
      )}
      {props.recordingsBudget?.warn && <RecordingsBudgetWarning lang={frame.lang} {...props.recordingsBudget} />}
      {props.capAlerts && <OutboundCapAlert lang={frame.lang} timeZone={props.timeZone} alerts={props.capAlerts} />}
      <div id="dash" data-sse={props.eventsUrl}>
        <p class="muted">
          <span class="live-dot" id="dash-live" data-live="off"></span> {s("dash.live")}
        </p>
        <section class="card">
          <h2>{s("dash.trend")}</h2>
          <div
            id="dash-trend"
            class="chart"
            data-chart="trend"
            data-x-label={s("l.time")}
            data-series={JSON.stringify([s("dash.yesterday"), s("dash.today")])}
            data-values={JSON.stringify(props.trend)}
          ></div>
        </section>
        <DashboardPanels lang={frame.lang} timeZone={props.timeZone} figures={props.figures} queueNames={props.queueNames} figureLinks={props.figureLinks} whyWaiting={props.whyWaiting} callUrl={props.callUrl} />
      </div>
      {props.selfChecks && (
        <SelfChecksCard
          lang={frame.lang}
          checks={props.selfChecks}
          runUrl={`/admin/services/${frame.service.serviceId}/dashboard/self-checks`}
          csrfToken={frame.user.csrfToken}
        />
      )}
      {props.definitions && (
        <FigureDefinitionsList title={figureText(frame.lang)("fd.title")} intro={figureText(frame.lang)("fd.intro")} items={props.definitions} />
      )}
    </OpsLayout>
  );
}
