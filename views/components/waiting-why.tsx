/** A waiting caller and why they still wait (cc's explanation in plain words; views do not import cc). */
export interface WaitingWhyView {
  callId: string;
  from: string;
  queueId: string;
  waitingSeconds: number;
  offered: string[];
  /** Every member of the queue now and why they do not take this caller. */
  why: string[];
}

const T = {
  ko: { title: "왜 아직 기다리나요?", waited: "대기", s: "초", ringing: "연결 시도 중", noAgents: "이 대기열에 상담원이 없습니다.", trail: "경로" },
  en: { title: "Why is this caller still waiting?", waited: "waiting", s: "s", ringing: "ringing", noAgents: "This queue has no agents.", trail: "trail" },
} as const;

/** The dashboard's answer to "why is this caller still waiting?" for each waiting caller (issue 17 point 3). */
export function WaitingWhy(props: { lang: "ko" | "en"; rows: readonly WaitingWhyView[]; queueNames: Record<string, string>; callUrl?: (callId: string) => string }) {
  const t = T[props.lang];
  if (!props.rows.length) return null;
  return (
    <div data-testid="waiting-why">
      <h3>{t.title}</h3>
      <ul class="waiting-why">
        {props.rows.map((w) => (
          <li data-call={w.callId}>
            <strong class="mono">{w.from}</strong> · {props.queueNames[w.queueId] ?? w.queueId} · {t.waited} {w.waitingSeconds}{t.s}
            {w.offered.length ? ` · ${t.ringing}: ${w.offered.join(", ")}` : ""}
            {props.callUrl ? <> · <a href={props.callUrl(w.callId)}>{t.trail}</a></> : null}
            <ul>
              {w.why.length ? w.why.map((line) => <li>{line}</li>) : <li>{t.noAgents}</li>}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
