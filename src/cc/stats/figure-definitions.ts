/**
 * One written definition of every figure the dashboard and the statistics show (issue 17 point 4,
 * S1, D1–D4): its words in Korean and English, and the predicate that picks the calls it counts.
 * The pages show the words beside each figure, the drill-down lists the calls the predicate picks,
 * and the nightly self-check compares the sums of SQL (dashboard, statistics, CSV) with those rows.
 */
import type { CallRecord } from "../../store/index.ts";
import { SHORT_ABANDON_SECONDS } from "./statistics.ts";

/** Figures that count calls: each one a predicate over a call record. */
export const COUNT_FIGURES = [
  "offered", "answered", "answeredWithinSl", "abandoned", "shortAbandoned", "callbacks", "outbound",
  "totalInbound", "internalCalls", "callbackConversions",
] as const;
export type CountFigure = (typeof COUNT_FIGURES)[number];

/** Figures derived from counts or from the seconds of counted calls; they drill down to their base calls. */
export const DERIVED_FIGURES = [
  "answerRate", "serviceLevel", "answerRateWithinSl", "avgWait", "maxWait", "avgTalk", "avgWrapUp",
] as const;
export type DerivedFigure = (typeof DERIVED_FIGURES)[number];
export type Figure = CountFigure | DerivedFigure;

/** What a figure's predicate needs besides the call. */
export interface FigureContext {
  slSeconds: number;
  /** By agent: the agent offered the call (answered figures count only for the agent who answered). */
  agent?: string;
}

export interface FigureDefinition {
  id: Figure;
  ko: string;
  en: string;
  /** Count figures: the calls it counts. Derived ones: the count figure whose calls it is computed from. */
  base: CountFigure;
}

const queued = (c: CallRecord) => c.queueId !== null;
/** Answered (by this agent when by agent): an answer time or the result "answered". */
const isAnswered = (c: CallRecord, x: FigureContext) =>
  (c.result === "answered" || c.answeredAt !== null) && (x.agent === undefined || c.agent === x.agent);
/** Not answered; by agent only on the agent's own record (as the statistics count: an offer alone is no abandon). */
const unanswered = (c: CallRecord, x: FigureContext) =>
  queued(c) && (x.agent === undefined || c.agent === x.agent) && !(c.result === "answered" || c.answeredAt !== null);
const wait = (c: CallRecord) => c.waitSeconds ?? 0;

/** The predicates of the count figures (the SQL of call-aggregate.ts and call-rollup.ts sums the same). */
export const FIGURE_PREDICATES: Record<CountFigure, (c: CallRecord, x: FigureContext) => boolean> = {
  offered: (c) => queued(c),
  answered: (c, x) => queued(c) && isAnswered(c, x),
  answeredWithinSl: (c, x) => queued(c) && isAnswered(c, x) && wait(c) <= x.slSeconds,
  abandoned: (c, x) => unanswered(c, x) && c.result === "abandoned" && wait(c) >= SHORT_ABANDON_SECONDS,
  shortAbandoned: (c, x) => unanswered(c, x) && c.result === "abandoned" && wait(c) < SHORT_ABANDON_SECONDS,
  callbacks: (c, x) => unanswered(c, x) && c.result === "callback",
  outbound: (c, x) => c.direction === "outbound" && (x.agent === undefined || c.agent === x.agent),
  totalInbound: (c) => c.direction === "inbound" && c.result !== "rejected",
  internalCalls: (c) => c.direction === "internal",
  callbackConversions: (c) => c.result === "callback",
};

const d = (id: Figure, base: CountFigure, ko: string, en: string): FigureDefinition => ({ id, base, ko, en });

/** The words of every figure, Korean and English (shown as the figure's tooltip and in the definitions list). */
export const FIGURE_DEFINITIONS: Record<Figure, FigureDefinition> = {
  offered: d("offered", "offered", "큐에 들어온 통화(상담요청). 상담원별: 그 상담원에게 연결 시도된 통화(통화당 1회).",
    "Calls that entered a queue (consultation requests). By agent: calls offered to that agent (once per call)."),
  answered: d("answered", "answered", "큐에 들어와 상담원이 응답한 통화. 상담원별: 그 상담원이 응답한 통화만.",
    "Queued calls an agent answered. By agent: only the calls that agent answered."),
  answeredWithinSl: d("answeredWithinSl", "answeredWithinSl", "응답 통화 중 대기시간이 SL 기준(초) 이하인 통화.",
    "Answered calls whose wait was at or under the SL threshold (seconds)."),
  abandoned: d("abandoned", "abandoned", `응답 전에 고객이 끊은 통화(대기 ${SHORT_ABANDON_SECONDS}초 이상). 단기 포기는 제외.`,
    `Queued calls the caller hung up before an answer, after waiting ${SHORT_ABANDON_SECONDS} s or more (short abandons excluded).`),
  shortAbandoned: d("shortAbandoned", "shortAbandoned", `대기 ${SHORT_ABANDON_SECONDS}초 미만에 고객이 끊은 통화(포기와 따로 셈).`,
    `Queued calls the caller hung up within ${SHORT_ABANDON_SECONDS} s of waiting (counted apart from abandons).`),
  callbacks: d("callbacks", "callbacks", "대기 중 콜백을 예약하고 끊은 큐 통화.", "Queued calls that ended by leaving a callback request."),
  outbound: d("outbound", "outbound", "상담원이 건 외부 발신 통화(큐 없음). 상담원별: 건 상담원 기준.",
    "Outbound calls placed by agents (they have no queue). By agent: the agent who placed them."),
  totalInbound: d("totalInbound", "totalInbound", "그날 들어온 모든 인바운드 통화(ARS에서 끝난 통화 포함, 응답 전 거절된 INVITE 제외).",
    "Every inbound call of the day, those that ended in the ARS included (INVITEs refused before an answer excluded)."),
  internalCalls: d("internalCalls", "internalCalls", "내선 간 통화(응답 여부 무관).", "Calls between extensions, answered or not."),
  callbackConversions: d("callbackConversions", "callbackConversions", "콜백 예약으로 끝난 모든 통화.", "Every call that ended as a callback request."),
  answerRate: d("answerRate", "offered", "응답률 = 응답 ÷ 인입(상담요청).", "Answer rate = answered ÷ offered."),
  serviceLevel: d("serviceLevel", "answered", "서비스레벨(SL) = SL 기준 이내 응답 ÷ 응답.", "Service level (SL) = answered within the SL threshold ÷ answered."),
  answerRateWithinSl: d("answerRateWithinSl", "offered", "SL 내 응답률 = SL 기준 이내 응답 ÷ 인입.", "Answer rate within SL = answered within the threshold ÷ offered."),
  avgWait: d("avgWait", "offered", "평균 대기시간(초): 대기시간이 기록된 큐 통화의 평균.", "Average wait (s): mean wait of the queued calls that have one."),
  maxWait: d("maxWait", "offered", "최대 대기시간(초).", "Longest wait (s) of the queued calls."),
  avgTalk: d("avgTalk", "answered", "평균 통화시간(초): 응답 통화의 평균 통화시간(기록 없으면 0).",
    "Average talk time (s): mean talk time of the answered calls (0 when not recorded)."),
  avgWrapUp: d("avgWrapUp", "answered", "평균 후처리시간(초): 후처리를 마친 응답 통화의 평균.",
    "Average wrap-up (s): mean wrap-up of the answered calls whose agent has left wrap-up."),
};

/** Is this a figure id (from a URL)? */
export function isFigure(x: string): x is Figure {
  return Object.hasOwn(FIGURE_DEFINITIONS, x);
}

/** The words of a figure in a language. */
export function figureDefinition(f: Figure, lang: "ko" | "en"): string {
  return FIGURE_DEFINITIONS[f][lang];
}

/** The definitions as a Markdown table (public/docs/figures.md holds it; a test keeps the two the same). */
export function figureDefinitionsTable(lang: "ko" | "en"): string {
  const head = lang === "ko" ? "| 지표 | 정의 | 목록(드릴다운) 기준 |\n|---|---|---|" : "| figure | definition | drill-down lists |\n|---|---|---|";
  const rows = Object.values(FIGURE_DEFINITIONS).map((d) => `| \`${d.id}\` | ${d[lang]} | \`${d.base}\` |`);
  return [head, ...rows].join("\n");
}
