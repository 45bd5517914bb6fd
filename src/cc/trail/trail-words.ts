import { callerIdWords, capsWords, dialWords, farWords, internalWords, noTrunkWords, ruleWords, trunkWords } from "./dial-words.ts";
import type { AgentFact, HoursRule, KeyTarget, OfferOutcome, TrailEntry, TrailSteps } from "./trail-steps.ts";

/** A language of the pages (X7). */
export type TrailLanguage = "ko" | "en";

/** One step of a trail in plain words, with its local time (issue 17 point 3). */
export interface TrailLine {
  seq: number;
  at: number;
  /** Local time of the step, HH:MM:SS. */
  time: string;
  step: string;
  text: string;
  /** A round's agents, one line each. */
  agents?: string[];
}

const pad = (n: number) => String(n).padStart(2, "0");

/** HH:MM:SS of an instant in a time zone. */
export function clockTime(epochMs: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return `${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
}

const DAYS: Record<TrailLanguage, Record<string, string>> = {
  ko: { mon: "월", tue: "화", wed: "수", thu: "목", fri: "금", sat: "토", sun: "일" },
  en: { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" },
};

const AWAY: Record<TrailLanguage, Record<string, string>> = {
  ko: {
    break: "휴식", meal: "식사", training: "교육", reporting: "보고", meeting: "회의", coaching: "코칭", tickets: "티켓 처리",
    "no-answer": "응답 없음", unreachable: "연결 불가", login: "로그인 직후", "after-call": "통화 후", interrupted: "재시작으로 중단",
  },
  en: {
    break: "break", meal: "meal", training: "training", reporting: "reporting", meeting: "meeting", coaching: "coaching", tickets: "tickets",
    "no-answer": "no answer", unreachable: "unreachable", login: "just signed in", "after-call": "after a call", interrupted: "interrupted by a restart",
  },
};

function hoursRule(r: HoursRule, lang: TrailLanguage): string {
  const d = (w: string) => DAYS[lang][w] ?? w;
  if (r.kind === "holiday") {
    const yearly = r.repeat === "yearly";
    return lang === "ko" ? `휴일 ${r.date} "${r.name}"${yearly ? " (매년)" : ""}` : `holiday ${r.date} "${r.name}"${yearly ? " (every year)" : ""}`;
  }
  if (r.kind === "range") return lang === "ko" ? `${d(r.weekday)}요일 ${r.start}–${r.end} 운영 시간` : `${d(r.weekday)} hours ${r.start}–${r.end}`;
  const list = r.ranges.join(", ");
  if (lang === "ko") return list ? `${d(r.weekday)}요일 운영 시간(${list}) 밖` : `${d(r.weekday)}요일은 운영하지 않음`;
  return list ? `outside ${d(r.weekday)} hours (${list})` : `closed all ${d(r.weekday)}`;
}

function keyTarget(to: KeyTarget, lang: TrailLanguage, queueName: (id: string) => string): string {
  const ko = lang === "ko";
  switch (to.kind) {
    case "queue": return ko ? `대기열 "${queueName(to.queueId)}"(으)로` : `to queue "${queueName(to.queueId)}"`;
    case "info": return ko ? `안내 "${to.prompt}" 재생` : `played the message "${to.prompt}"`;
    case "repeat": return ko ? "안내 다시 듣기" : "heard the message again";
    case "start": return ko ? "처음으로" : "back to the start";
    case "invalid": return ko ? "없는 번호 → 다시 안내" : "not in the menu → asked again";
    case "timeout": return ko ? "입력 없음 → 다시 안내" : "no key pressed → asked again";
  }
}

/** Why one agent did not take the caller in a round, with the fact behind it. */
export function agentWords(f: AgentFact, lang: TrailLanguage, timeZone: string): string {
  const ko = lang === "ko";
  const at = (ms: number | undefined) => (ms === undefined ? "?" : clockTime(ms, timeZone).slice(0, 5));
  const cause = f.cause ? (ko ? ` (원인: ${f.cause})` : ` (cause: ${f.cause})`) : "";
  switch (f.verdict === "offered" ? "offered" : f.state) {
    case "offered": return ko ? `${f.loginId}: 연결 시도(벨 울림)` : `${f.loginId}: offered (rang)`;
    case "ready": return ko ? `${f.loginId}: 대기 중이나 분배 방식에 따라 다른 상담원 선택` : `${f.loginId}: ready, but the strategy picked another agent`;
    case "unknown": return ko ? `${f.loginId}: 상담원 정보 없음(삭제되었거나 로그인한 적 없음)` : `${f.loginId}: not a known agent (removed or never signed in)`;
    case "logged-out": return ko ? `${f.loginId}: 로그아웃 (${at(f.since)}부터)` : `${f.loginId}: logged out (since ${at(f.since)})`;
    case "on-call": return ko ? `${f.loginId}: 통화 중 (${at(f.since)}부터)` : `${f.loginId}: on a call since ${at(f.since)}`;
    case "ringing": return ko ? `${f.loginId}: 다른 고객 전화 벨 울리는 중 (${at(f.since)}부터)` : `${f.loginId}: ringing for another caller since ${at(f.since)}`;
    case "dialing": return ko ? `${f.loginId}: 발신 중 (${at(f.since)}부터)` : `${f.loginId}: dialling out since ${at(f.since)}`;
    case "wrap-up":
      if (f.until !== undefined) return ko ? `${f.loginId}: 후처리 중 (${at(f.until)}까지)` : `${f.loginId}: wrap-up until ${at(f.until)}`;
      return ko ? `${f.loginId}: 후처리 중 (${at(f.since)}부터, 상담원이 직접 해제)` : `${f.loginId}: wrap-up since ${at(f.since)} (until the agent leaves it)`;
    case "away": {
      const r = f.reason ?? "break";
      const why = AWAY[lang][r] ?? r;
      if (r === "unreachable") return ko ? `${f.loginId}: 전화기 연결 불가 (${at(f.since)}부터)${cause}` : `${f.loginId}: phone unreachable since ${at(f.since)}${cause}`;
      return ko ? `${f.loginId}: 자리 비움: ${why} (${at(f.since)}부터)` : `${f.loginId}: away: ${why} (since ${at(f.since)})`;
    }
    case "unreachable": return ko ? `${f.loginId}: 전화기 연결 불가 (${at(f.since)}부터)${cause}` : `${f.loginId}: phone unreachable since ${at(f.since)}${cause}`;
    default: return `${f.loginId}: ${f.state}${f.reason ? ` (${f.reason})` : ""} (${ko ? "부터" : "since"} ${at(f.since)})`;
  }
}

function offerWords(o: TrailSteps["offer"], lang: TrailLanguage, timeZone: string): string {
  const ko = lang === "ko";
  const expired = /^registration expired (\d+)$/.exec(o.cause ?? "");
  const since = expired ? clockTime(Number(expired[1]), timeZone).slice(0, 5) : undefined;
  const then = o.then?.startsWith("away:") ? o.then.slice(5) : undefined;
  const away = then ? (ko ? ` → 자리 비움(${AWAY.ko[then] ?? then})` : ` → away (${AWAY.en[then] ?? then})`) : "";
  const words: Record<OfferOutcome, [string, string]> = {
    answered: [`${o.loginId} 응답 (벨 ${o.seconds}초)`, `${o.loginId} answered after ${o.seconds} s`],
    "no-answer": [`${o.loginId}: 벨 ${o.seconds}초, 응답 없음`, `${o.loginId}: rang ${o.seconds} s, no answer`],
    rejected: [`${o.loginId}: 거절 (${o.seconds}초)`, `${o.loginId}: rejected after ${o.seconds} s`],
    busy: [`${o.loginId}: 통화 중 신호 (${o.seconds}초)`, `${o.loginId}: phone busy after ${o.seconds} s`],
    unreachable: [`${o.loginId}: 전화기에 연결할 수 없음${o.cause ? ` (${o.cause})` : ""}`, `${o.loginId}: phone could not be reached${o.cause ? ` (${o.cause})` : ""}`],
    "not-registered": since
      ? [`${o.loginId}: 전화기 미등록 (${since}에 등록 만료) → 연결 실패`, `${o.loginId}: phone unregistered since ${since} (registration expired) → offer failed`]
      : [`${o.loginId}: 전화기 미등록(등록 없음) → 연결 실패`, `${o.loginId}: phone unregistered (no registration) → offer failed`],
    withdrawn: [`${o.loginId}: 벨 취소 (${o.seconds}초, 다른 상담원 응답 또는 고객 종료)`, `${o.loginId}: ringing withdrawn after ${o.seconds} s (another agent answered or the caller left)`],
  };
  return words[o.outcome][ko ? 0 : 1] + away;
}

const RESULTS: Record<TrailLanguage, Record<string, string>> = {
  ko: {
    answered: "통화 완료", abandoned: "대기 중 포기", callback: "콜백 요청으로 종료", "after-hours": "운영 시간 외 안내 후 종료", failed: "실패",
    interrupted: "재시작으로 중단", ivr: "ARS에서 종료", rejected: "거부됨", busy: "상대방 통화 중", "no-answer": "응답 없음", unreachable: "연결 불가",
  },
  en: {
    answered: "call completed", abandoned: "caller gave up waiting", callback: "ended with a callback request", "after-hours": "after-hours message, then ended",
    failed: "failed", interrupted: "interrupted by a restart", ivr: "ended in the ARS", rejected: "refused", busy: "busy", "no-answer": "no answer",
    unreachable: "unreachable",
  },
};

/** One step in plain words. */
export function stepWords(e: TrailEntry, lang: TrailLanguage, timeZone: string, queueName: (id: string) => string = (id) => id): Omit<TrailLine, "seq" | "at" | "time" | "step"> {
  const ko = lang === "ko";
  switch (e.step) {
    case "number": {
      const d = e.detail as TrailSteps["number"];
      return { text: ko ? `${d.number} 번호로 걸려 옴 → 서비스 "${d.serviceName}"` : `Dialled ${d.number} → service "${d.serviceName}"` };
    }
    case "hours": {
      const d = e.detail as TrailSteps["hours"];
      const rule = hoursRule(d.rule, lang);
      const open = d.verdict === "open";
      return { text: ko ? `${open ? "운영 중" : "운영 안 함"} — ${rule} (현지 ${d.local})` : `${open ? "Open" : "Closed"} — ${rule} (local ${d.local})` };
    }
    case "key": {
      const d = e.detail as TrailSteps["key"];
      const k = d.key === null ? (ko ? "입력 없음" : "no key") : (ko ? `${d.key}번 누름` : `pressed ${d.key}`);
      return { text: `${k}: ${keyTarget(d.to, lang, queueName)}` };
    }
    case "queue": {
      const d = e.detail as TrailSteps["queue"];
      return { text: ko ? `대기열 "${d.queueName}" 진입${d.callback ? " (콜백 가능)" : ""}` : `Entered queue "${d.queueName}"${d.callback ? " (callback allowed)" : ""}` };
    }
    case "round": {
      const d = e.detail as TrailSteps["round"];
      const head = d.offered.length
        ? (ko ? `분배 ${d.n}회차: ${d.offered.join(", ")}에게 연결 시도` : `Offer round ${d.n}: offered to ${d.offered.join(", ")}`)
        : (ko ? `분배 ${d.n}회차: 받을 수 있는 상담원 없음` : `Offer round ${d.n}: no agent could take the call`);
      const agents = d.agents.map((f) => agentWords(f, lang, timeZone));
      for (const g of d.groups ?? []) {
        const more = g.count - g.ids.length;
        const names = g.ids.join(", ") + (more > 0 ? (ko ? ` 외 ${more}명` : ` and ${more} more`) : "");
        const one = agentWords({ loginId: names, verdict: "skipped", state: g.state, reason: g.reason, since: g.since, until: g.until }, lang, timeZone);
        agents.push(`${one} — ${ko ? `${g.count}명` : `${g.count} agents`}${g.since !== undefined ? (ko ? ", 가장 이른 시각 기준" : ", earliest shown") : ""}`);
      }
      if (d.notChosen?.count) {
        const more = d.notChosen.count - d.notChosen.ids.length;
        const names = d.notChosen.ids.join(", ") + (more > 0 ? (ko ? ` 외 ${more}명` : ` and ${more} more`) : "");
        agents.push(ko ? `${names}: 대기 중이나 분배 방식(${d.strategy})에 따라 선택되지 않음` : `${names}: ready, but the strategy (${d.strategy}) picked another agent`);
      }
      return { text: head, agents };
    }
    case "offer":
      return { text: offerWords(e.detail as TrailSteps["offer"], lang, timeZone) };
    case "callback": {
      const d = e.detail as TrailSteps["callback"];
      const t = { offered: ["콜백 안내함", "Callback offered"], requested: [`콜백 요청 (#${d.callbackId ?? "?"})`, `Callback requested (#${d.callbackId ?? "?"})`], "refused-withheld": ["콜백 거절: 발신번호 표시 제한", "Callback refused: the number was withheld"] }[d.kind];
      return { text: t[ko ? 0 : 1]! };
    }
    case "end": {
      const d = e.detail as TrailSteps["end"];
      const r = d.result ? (RESULTS[lang][d.result] ?? d.result) : "?";
      return { text: ko ? `종료: ${r}` : `End: ${r}` };
    }
    case "dial": return { text: dialWords(e.detail as TrailSteps["dial"], lang) };
    case "rule": return { text: ruleWords(e.detail as TrailSteps["rule"], lang) };
    case "caps": return { text: capsWords(e.detail as TrailSteps["caps"], lang) };
    case "callerId": return { text: callerIdWords(e.detail as TrailSteps["callerId"], lang) };
    case "trunk": return { text: trunkWords(e.detail as TrailSteps["trunk"], lang) };
    case "noTrunk": return { text: noTrunkWords(e.detail as TrailSteps["noTrunk"], lang) };
    case "far": return { text: farWords(e.detail as TrailSteps["far"], lang) };
    case "internal": return { text: internalWords(e.detail as TrailSteps["internal"], lang, (ms) => clockTime(ms, timeZone).slice(0, 5)) };
  }
}

/** A whole trail in plain words (Korean or English), times in the service's time zone. */
export function trailWords(entries: readonly TrailEntry[], lang: TrailLanguage, timeZone: string, queueName?: (id: string) => string): TrailLine[] {
  return entries.map((e) => ({ seq: e.seq, at: e.at, time: clockTime(e.at, timeZone), step: e.step, ...stepWords(e, lang, timeZone, queueName) }));
}
