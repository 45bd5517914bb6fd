import type { Lang } from "../messages.ts";

/** One outbound minute cap that refused calls lately (issue 16 point 6), from the audit log. */
export interface CapAlert {
  at: number;
  scope: "trunk" | "extension";
  /** The trunk's id or the agent's login id. */
  id: string;
  window: "hour" | "day";
  minutes: number;
  used: number;
}

const TEXT = {
  ko: {
    title: "발신 한도 도달",
    trunk: "회선 {id}",
    extension: "내선(상담원) {id}",
    hour: "최근 1시간 {minutes}분",
    day: "최근 24시간 {minutes}분",
    line: "{who}: {cap} 한도에 이르러 {time}에 발신을 거부했습니다 (사용 {used}분).",
    fix: "한도는 회선 페이지와 서비스의 발신 규칙에서 바꿉니다. 뜻밖의 통화라면 요금 사기(무단 발신)를 의심하세요.",
  },
  en: {
    title: "Outbound cap reached",
    trunk: "Trunk {id}",
    extension: "Extension (agent) {id}",
    hour: "{minutes} min per last hour",
    day: "{minutes} min per last 24 hours",
    line: "{who}: reached its cap of {cap}; a call out was refused at {time} ({used} min used).",
    fix: "Change the caps on the trunk page and in the service's outbound rules. Unexpected calls may be toll fraud.",
  },
};

/** The dashboard's alert: caps that refused outbound calls in the last 24 hours (issue 16 point 6). */
export function OutboundCapAlert(props: { lang: Lang; timeZone: string; alerts: CapAlert[] }) {
  if (!props.alerts.length) return null;
  const t = TEXT[props.lang === "ko" ? "ko" : "en"];
  const time = (at: number) =>
    new Date(at).toLocaleString(props.lang === "ko" ? "ko-KR" : "en-GB", { timeZone: props.timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  return (
    <section class="notice warn" id="outbound-cap-alert" role="alert">
      <h2>{t.title}</h2>
      <ul>
        {props.alerts.map((a) => (
          <li data-scope={a.scope} data-id={a.id} data-window={a.window}>
            {t.line
              .replace("{who}", t[a.scope].replace("{id}", a.id))
              .replace("{cap}", t[a.window].replace("{minutes}", String(a.minutes)))
              .replace("{time}", time(a.at))
              .replace("{used}", String(a.used))}
          </li>
        ))}
      </ul>
      <p class="muted">{t.fix}</p>
    </section>
  );
}
