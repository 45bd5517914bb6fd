import type { Lang } from "../messages.ts";
import { sizeText } from "../org/backups-text.ts";

const TEXT = {
  ko: {
    warn: "녹취 저장 공간의 {share}%를 쓰고 있습니다 ({used} / {budget}). 곧 새 통화가 녹취되지 않습니다.",
    over: "녹취 저장 공간({budget})이 가득 찼습니다. 통화는 연결되지만 새 통화는 녹취되지 않습니다.",
    fix: "오래된 녹취의 보관 기간을 줄이거나 CC_RECORDINGS_BUDGET을 늘리세요.",
  },
  en: {
    warn: "Recordings use {share}% of their disk budget ({used} of {budget}); new calls will soon go unrecorded.",
    over: "The recordings' disk budget ({budget}) is spent: calls still connect but new calls are not recorded.",
    fix: "Shorten the services' recording retention or raise CC_RECORDINGS_BUDGET.",
  },
};

/** The dashboard's warning when recordings near or pass their disk budget (X6, issue 11). */
export function RecordingsBudgetWarning(props: { lang: Lang; usedBytes: number; budgetBytes: number; over: boolean }) {
  const t = TEXT[props.lang === "ko" ? "ko" : "en"];
  const fill = (s: string) =>
    s.replace("{share}", String(Math.floor((props.usedBytes / props.budgetBytes) * 100))).replace("{used}", sizeText(props.usedBytes)).replace("{budget}", sizeText(props.budgetBytes));
  return (
    <section class="notice warn" id="recordings-budget" role="alert">
      <p>{fill(props.over ? t.over : t.warn)}</p>
      <p class="muted">{t.fix}</p>
    </section>
  );
}
