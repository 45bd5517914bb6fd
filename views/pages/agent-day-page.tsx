import { OpsLayout } from "../components/ops-layout.tsx";
import { opsLabel, opsText } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";

/** One state band of the day (issue 17). */
export interface AgentDayBandView {
  state: string;
  reason: string | null;
  cause: string | null;
  from: number;
  to: number;
}

/** One agent's capacity leak, minutes. */
export interface CapacityLeakView {
  loginId: string;
  awayMinutes: number;
  internalMinutes: number;
  unreachableMinutes: number;
  totalMinutes: number;
}

/** Props of {@link AgentDayPage}. */
export interface AgentDayPageProps {
  frame: ServiceFrame;
  timeZone: string;
  date: string;
  agents: { loginId: string; name: string }[];
  /** The agent whose timeline is shown, when one is picked. */
  loginId?: string;
  day?: { from: number; to: number; bands: AgentDayBandView[]; waitingMinutes: number };
  leaks: CapacityLeakView[];
  /** A bad query (date): said in words, the page still shown. */
  error?: string;
}

const TEXT = {
  ko: {
    title: "상담사 하루 타임라인",
    agent: "상담사",
    date: "날짜",
    show: "보기",
    pick: "상담사를 고르면 하루의 상태 구간과 바뀐 이유가 보입니다.",
    leakTitle: "용량 누수 (고객 대기 중 비운 시간)",
    leakNote: "고객이 큐에서 기다리는 동안 상담사가 자리비움, 내선통화, 단말 연결끊김 상태였던 시간(분)입니다.",
    away: "자리비움(분)",
    internal: "내선통화(분)",
    unreachable: "연결끊김(분)",
    total: "합계(분)",
    timeline: "상태 구간",
    from: "시작",
    to: "끝",
    state: "상태",
    reason: "사유",
    cause: "바뀐 이유",
    waiting: "이날 고객이 대기한 시간: {m}분",
    none: "기록이 없습니다.",
  },
  en: {
    title: "Agent's day",
    agent: "Agent",
    date: "Date",
    show: "Show",
    pick: "Pick an agent to see the day's state bands and why each began.",
    leakTitle: "Capacity leak (away while callers waited)",
    leakNote: "Minutes an agent was away, in an internal call or unreachable while at least one caller waited in a queue.",
    away: "Away (min)",
    internal: "Internal calls (min)",
    unreachable: "Unreachable (min)",
    total: "Total (min)",
    timeline: "State bands",
    from: "From",
    to: "To",
    state: "State",
    reason: "Reason",
    cause: "Cause",
    waiting: "Callers waited {m} min this day",
    none: "Nothing recorded.",
  },
} as const;

/** Colours of the bands (the dashboard's state colours are per page). */
const COLOUR: Record<string, string> = {
  ready: "#2e7d32", away: "#f9a825", "wrap-up": "#6a1b9a", dialing: "#0277bd", ringing: "#00838f", "on-call": "#1565c0",
  unreachable: "#c62828", "logged-out": "#9e9e9e",
};

const hm = (lang: string, timeZone: string, at: number) =>
  new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone }).format(at);

/**
 * An agent's day as a timeline (issue 17): a bar of state bands (hover: times, reason, cause), the
 * same bands as a table, and every agent's capacity leak for the day, each linked to their timeline.
 */
export function AgentDayPage(props: AgentDayPageProps) {
  const { frame, timeZone } = props;
  const lang = frame.lang === "ko" ? "ko" : "en";
  const x = TEXT[lang];
  const s = opsText(frame.lang);
  const base = `/admin/services/${frame.service.serviceId}/history/agent-day`;
  const link = (loginId: string) => `${base}?${new URLSearchParams({ agent: loginId, date: props.date })}`;
  const span = props.day ? Math.max(1, props.day.to - props.day.from) : 1;
  return (
    <OpsLayout frame={frame} area="history/agent-day" title={x.title}>
      <form method="get" action={base} class="filters card">
        <label>
          {x.agent}{" "}
          <select name="agent" data-testid="agent-pick">
            <option value="">—</option>
            {props.agents.map((a) => (
              <option value={a.loginId} selected={a.loginId === props.loginId}>{`${a.name} (${a.loginId})`}</option>
            ))}
          </select>
        </label>{" "}
        <label>
          {x.date} <input type="date" name="date" value={props.date} />
        </label>{" "}
        <button type="submit">{x.show}</button>
      </form>
      {props.error ? <p class="error" role="alert">{props.error}</p> : null}
      {props.day ? (
        <section class="card" data-testid="agent-timeline">
          <h2>{`${x.timeline} · ${props.loginId}`}</h2>
          <p class="muted">{x.waiting.replace("{m}", String(props.day.waitingMinutes))}</p>
          <div class="timeline-bar" style="display:flex;height:1.6rem;border:1px solid #ccc;border-radius:4px;overflow:hidden" aria-hidden="true">
            {props.day.bands.map((b) => (
              <div
                data-state={b.state}
                title={`${hm(lang, timeZone, b.from)}–${hm(lang, timeZone, b.to)} ${opsLabel(s, "state", b.state)}${b.reason ? ` (${b.reason})` : ""}${b.cause ? ` · ${b.cause}` : ""}`}
                style={`flex:0 0 ${(((b.to - b.from) / span) * 100).toFixed(3)}%;background:${COLOUR[b.state] ?? "#607d8b"}`}
              ></div>
            ))}
          </div>
          <div class="table-wrap">
            <table data-testid="bands">
              <thead><tr><th>{x.from}</th><th>{x.to}</th><th>{x.state}</th><th>{x.reason}</th><th>{x.cause}</th></tr></thead>
              <tbody>
                {props.day.bands.map((b) => (
                  <tr data-state={b.state}>
                    <td data-label={x.from}>{hm(lang, timeZone, b.from)}</td>
                    <td data-label={x.to}>{hm(lang, timeZone, b.to)}</td>
                    <td data-label={x.state}><span style={`color:${COLOUR[b.state] ?? "inherit"}`}>■</span> {opsLabel(s, "state", b.state)}</td>
                    <td data-label={x.reason}>{b.reason ?? ""}</td>
                    <td data-label={x.cause} class="mono">{b.cause ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : (
        <p class="muted">{x.pick}</p>
      )}
      <section class="card" data-testid="capacity-leak">
        <h2>{x.leakTitle}</h2>
        <p class="muted">{x.leakNote}</p>
        <div class="table-wrap">
          <table>
            <thead><tr><th>{x.agent}</th><th>{x.away}</th><th>{x.internal}</th><th>{x.unreachable}</th><th>{x.total}</th></tr></thead>
            <tbody>
              {props.leaks.length === 0 ? <tr><td colspan={5}>{x.none}</td></tr> : null}
              {props.leaks.map((l) => (
                <tr data-agent={l.loginId}>
                  <td data-label={x.agent}><a href={link(l.loginId)}>{l.loginId}</a></td>
                  <td data-label={x.away}>{l.awayMinutes}</td>
                  <td data-label={x.internal}>{l.internalMinutes}</td>
                  <td data-label={x.unreachable}>{l.unreachableMinutes}</td>
                  <td data-label={x.total}><strong>{l.totalMinutes}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </OpsLayout>
  );
}
