import type { Lang } from "../messages.ts";
import { duration, localTime, opsLabel, opsText, pct, type OpsText } from "../components/ops-text.ts";
import { WaitingWhy, type WaitingWhyView } from "../components/waiting-why.tsx";

/** Figures of one row of the service or a queue (a subset of the statistics row). */
export interface FigureRow {
  key: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  answerRate: number | null;
  serviceLevel: number | null;
  answerRateWithinSl: number | null;
}

/** The dashboard's figures as the view needs them (D1, D3–D6; D2 goes to the chart). */
export interface DashboardFigures {
  at: number;
  resources: { linesInUse: number; licences: number; consultationRequests: number; internalCalls: number; callbackConversions: number };
  service: FigureRow & { totalInbound: number };
  queues: FigureRow[];
  waiting: { queueId: string; waiting: number; longestWaitMs: number }[];
  agents: { counts: Record<string, number>; list: { loginId: string; extension: string; state: string; reason: string | null; cause?: string | null; secondsInState: number }[] };
}

/** Issue 17 point 4: each figure's drill-down link to the calls it counts, and its written definition. */
export interface DashboardFigureLinks {
  /** `figure`: offered, answerRate …; `queueId`: a queue's row, else the whole service. */
  href(figure: string, queueId?: string): string;
  title(figure: string): string;
}

/** Props of {@link DashboardPanels}. */
export interface DashboardPanelsProps {
  /** Drill-down links and definitions of the figures (absent: plain numbers). */
  figureLinks?: DashboardFigureLinks;
  lang: Lang;
  timeZone: string;
  figures: DashboardFigures;
  /** Queue id → display name. */
  queueNames: Record<string, string>;
  /** Why each waiting caller still waits (issue 17 point 3), and the link to a call's page. */
  whyWaiting?: WaitingWhyView[];
  callUrl?: (callId: string) => string;
}

const STATES = ["ready", "away", "wrap-up", "dialing", "ringing", "on-call", "unreachable", "logged-out"] as const;

function Figure(props: { id: string; label: string; value: string | number; links?: DashboardFigureLinks; figure?: string }) {
  const l = props.figure && props.links;
  return (
    <div class="figure" id={props.id} title={l ? l.title(props.figure!) : undefined}>
      <span class="muted">{props.label}</span>
      {l ? <a href={l.href(props.figure!)} data-drill><strong data-figure={props.id}>{props.value}</strong></a> : <strong data-figure={props.id}>{props.value}</strong>}
    </div>
  );
}

/** A queue row's figure, linked to its calls when links are given. */
function Cell(props: { links?: DashboardFigureLinks; figure: string; queueId: string | null; label: string; value: string | number }) {
  const l = props.links;
  return (
    <td data-label={props.label}>
      {l && props.queueId ? <a href={l.href(props.figure, props.queueId)} title={l.title(props.figure)} data-drill>{props.value}</a> : props.value}
    </td>
  );
}

function QueueTable(props: { s: OpsText; rows: FigureRow[]; names: Record<string, string>; links?: DashboardFigureLinks }) {
  const { s, links } = props;
  const th = (key: Parameters<OpsText>[0], figure: string) => <th title={links?.title(figure)}>{s(key)}</th>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{s("l.queue")}</th>{th("f.answerRate", "answerRate")}{th("f.sl", "serviceLevel")}
            {th("f.offered", "offered")}{th("f.answered", "answered")}{th("f.abandoned", "abandoned")}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 && <tr><td colspan={6}>{s("l.empty")}</td></tr>}
          {props.rows.map((q) => (
            <tr>
              <td data-label={s("l.queue")}>{props.names[q.key ?? ""] ?? q.key}</td>
              <Cell links={links} figure="answerRate" queueId={q.key} label={s("f.answerRate")} value={pct(q.answerRate)} />
              <Cell links={links} figure="serviceLevel" queueId={q.key} label={s("f.sl")} value={pct(q.serviceLevel)} />
              <Cell links={links} figure="offered" queueId={q.key} label={s("f.offered")} value={q.offered} />
              <Cell links={links} figure="answered" queueId={q.key} label={s("f.answered")} value={q.answered} />
              <Cell links={links} figure="abandoned" queueId={q.key} label={s("f.abandoned")} value={q.abandoned} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The live panels of the dashboard (D1, D3, D4, D5, D6), rendered whole on every server-sent
 * update and swapped into `#dash-panels`.
 */
export function DashboardPanels(props: DashboardPanelsProps) {
  const s = opsText(props.lang);
  const { figures: f, queueNames } = props;
  const links = props.figureLinks;
  const r = f.resources;
  return (
    <div id="dash-panels" class="dash-panels">
      <p class="muted" id="dash-as-of">{s("dash.asOf")}: {localTime(props.lang, props.timeZone, f.at)}</p>
      <section class="card">
        <h2>{s("dash.resources")}</h2>
        <div class="figures">
          <Figure id="lines" label={s("dash.lines")} value={`${r.linesInUse} / ${r.licences}`} />
          <Figure id="requests" label={s("dash.requests")} value={r.consultationRequests} links={links} figure="offered" />
          <Figure id="internal" label={s("dash.internal")} value={r.internalCalls} links={links} figure="internalCalls" />
          <Figure id="callbacks" label={s("dash.callbacks")} value={r.callbackConversions} links={links} figure="callbackConversions" />
        </div>
      </section>
      <section class="card">
        <h2>{s("dash.tenant")}</h2>
        <div class="figures">
          <Figure id="answer-rate" label={s("f.answerRate")} value={pct(f.service.answerRate)} links={links} figure="answerRate" />
          <Figure id="sl" label={s("f.sl")} value={pct(f.service.serviceLevel)} links={links} figure="serviceLevel" />
          <Figure id="within-sl" label={s("f.withinSl")} value={pct(f.service.answerRateWithinSl)} links={links} figure="answerRateWithinSl" />
          <Figure id="total-inbound" label={s("f.totalInbound")} value={f.service.totalInbound} links={links} figure="totalInbound" />
          <Figure id="service-requests" label={s("dash.requests")} value={f.service.offered} links={links} figure="offered" />
        </div>
      </section>
      <section class="card">
        <h2>{s("dash.queues")}</h2>
        <QueueTable s={s} rows={f.queues} names={queueNames} links={links} />
      </section>
      <section class="card">
        <h2>{s("dash.waiting")}</h2>
        <div class="figures">
          {f.waiting.length === 0 && <p>{s("l.empty")}</p>}
          {f.waiting.map((w) => (
            <Figure
              id={`waiting-${w.queueId}`}
              label={`${queueNames[w.queueId] ?? w.queueId} · ${s("dash.longest")} ${duration(w.longestWaitMs / 1000)}`}
              value={w.waiting}
            />
          ))}
        </div>
        {props.whyWaiting && <WaitingWhy lang={props.lang === "ko" ? "ko" : "en"} rows={props.whyWaiting} queueNames={queueNames} callUrl={props.callUrl} />}
      </section>
      <section class="card">
        <h2>{s("dash.agents")}</h2>
        <div class="figures">
          {STATES.map((st) => (
            <Figure id={`state-${st}`} label={opsLabel(s, "state", st)} value={f.agents.counts[st] ?? 0} />
          ))}
        </div>
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th>{s("l.agent")}</th><th>{s("l.number")}</th><th>{s("l.state")}</th><th>{s("dash.timeInState")}</th></tr>
            </thead>
            <tbody>
              {f.agents.list.map((a) => (
                <tr>
                  <td data-label={s("l.agent")}>{a.loginId}</td>
                  <td data-label={s("l.number")}>{a.extension}</td>
                  <td data-label={s("l.state")} class={`state state-${a.state}`}>
                    {opsLabel(s, "state", a.state)}{a.reason ? ` (${a.reason})` : ""}
                    {a.state === "unreachable" && a.cause ? <small class="muted" data-testid="state-cause"> · {a.cause}</small> : null}
                  </td>
                  <td data-label={s("dash.timeInState")}>{duration(a.secondsInState)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
