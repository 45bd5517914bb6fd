import type { Lang } from "../messages.ts";

/** Words of the figure definitions, drill-down and reconcile views (issue 17 point 4). */
const KO = {
  "fd.title": "지표 정의",
  "fd.intro": "각 지표는 아래 정의 하나로 계산되며, 숫자를 누르면 그 숫자에 포함된 통화 목록이 열립니다.",
  "fd.drill": "통화 목록",
  "fd.count": "{n}건",
  "fd.scope.service": "서비스 전체",
  "fd.scope.queue": "큐",
  "fd.scope.agent": "상담원",
  "fd.scope.type": "상담유형",
  "fd.scope.none": "(없음)",
  "fd.range": "{from} ~ {to}",
  "fd.badFigure": "알 수 없는 지표입니다: {figure}",
  "fd.talkTime": "통화시간 합계(초)",
  "fd.talkTime.def": "상담원별 통화시간 합계(초): 그 상담원이 연결되어 있던 구간(레그)만 셉니다. 호전환된 통화는 통화한 상담원들 사이에 나뉩니다.",
  "rc.title": "숫자 대사(어제)",
  "rc.ok": "{day}: 모니터링·통계·CSV·통화이력이 모두 일치합니다 ({n}개 항목 비교).",
  "rc.bad": "{day}: {n}개 항목이 일치하지 않습니다.",
  "rc.none": "아직 점검 결과가 없습니다 (매일 02시 자동 점검).",
  "rc.run": "지금 점검",
  "rc.source": "출처",
  "rc.figure": "지표",
  "rc.scope": "범위",
  "rc.value": "표시값",
  "rc.expected": "통화 기준",
  "cn.title": "카나리 통화",
  "cn.ok": "{at}: 모든 대표번호 경로 정상 ({n}개 단계 확인).",
  "cn.bad": "{at}: 실패 — 번호 {number}, 단계 {step}: {detail}",
  "cn.none": "아직 카나리 통화 결과가 없습니다.",
  "cn.run": "지금 점검",
  "cn.code.unreadable": "이 서비스의 안내멘트 파일을 읽을 수 없습니다(고객에게는 기본 멘트가 나갑니다)",
  "cn.code.silent": "안내멘트가 들리지 않습니다(무음)",
  "cn.code.hours-mismatch": "상담시간 판정이 설정과 다릅니다",
  "cn.code.wrong-route": "메뉴 번호가 지정된 큐로 연결되지 않습니다",
  "cn.code.no-agents": "큐에 배정된 상담원이 없습니다",
  "cn.code.error": "점검 중 오류가 났습니다",
} as const;

export type FigureTextKey = keyof typeof KO;

const EN: Record<FigureTextKey, string> = {
  "fd.title": "Definitions of the figures",
  "fd.intro": "Each figure is computed by the one definition below; click a number to list the calls it counts.",
  "fd.drill": "Calls",
  "fd.count": "{n} calls",
  "fd.scope.service": "Whole service",
  "fd.scope.queue": "Queue",
  "fd.scope.agent": "Agent",
  "fd.scope.type": "Consultation type",
  "fd.scope.none": "(none)",
  "fd.range": "{from} to {to}",
  "fd.badFigure": "Unknown figure: {figure}",
  "fd.talkTime": "Talk time (s)",
  "fd.talkTime.def": "Talk time by agent (s): only the legs the agent was connected on; a transferred call's talk is split between the agents who spoke.",
  "rc.title": "Numbers reconciled (yesterday)",
  "rc.ok": "{day}: dashboard, statistics, CSV and call history agree ({n} figures compared).",
  "rc.bad": "{day}: {n} figures disagree.",
  "rc.none": "No check yet (it runs every night at 02:00).",
  "rc.run": "Check now",
  "rc.source": "Source",
  "rc.figure": "Figure",
  "rc.scope": "Scope",
  "rc.value": "Shown",
  "rc.expected": "Calls counted",
  "cn.title": "Canary call",
  "cn.ok": "{at}: every service number's path works ({n} steps checked).",
  "cn.bad": "{at}: failed — number {number}, step {step}: {detail}",
  "cn.none": "No canary call yet.",
  "cn.run": "Check now",
  "cn.code.unreadable": "the service's prompt file cannot be decoded (callers hear the default)",
  "cn.code.silent": "the prompt is not audible (silence)",
  "cn.code.hours-mismatch": "the hours verdict differs from the configuration",
  "cn.code.wrong-route": "the menu key does not reach its queue",
  "cn.code.no-agents": "the queue has no agents",
  "cn.code.error": "the walk failed",
};

export type FigureText = (key: FigureTextKey, vars?: Record<string, string | number>) => string;

/** The figure views' words in a language. */
export function figureText(lang: Lang): FigureText {
  const table: Record<FigureTextKey, string> = lang === "ko" ? KO : EN;
  return (key, vars) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? `{${k}}`));
}
