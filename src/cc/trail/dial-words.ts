import type { CapFigure, DialOrigin, FarResult, Presentation, TrailSteps, TrunkRoom } from "./trail-steps.ts";

/**
 * The outbound and internal steps of a trail in plain words, Korean and English (issue 17 point 3):
 * who dialled from where, the rule and caps that let the number out, the caller ID, each trunk tried
 * with its answer, the far end's result; an internal call's extension, agent and phone.
 * `hhmm` gives an instant's local time (HH:MM).
 */
type Lang = "ko" | "en";
const pick = (lang: Lang, ko: string, en: string) => (lang === "ko" ? ko : en);

const ORIGIN: Record<DialOrigin, [string, string]> = {
  console: ["상담원 콘솔", "the agent console"],
  api: ["REST API", "the REST API"],
  desk: ["내선 전화기", "the desk phone"],
  callback: ["자동 콜백", "an automatic callback"],
  member: ["관리 화면", "the admin pages"],
  cli: ["명령줄", "the command line"],
  system: ["시스템", "the appliance"],
};

export function dialWords(d: TrailSteps["dial"], lang: Lang): string {
  const [ko, en] = ORIGIN[d.origin] ?? [d.origin, d.origin];
  const cb = d.callbackId !== undefined ? pick(lang, ` (콜백 #${d.callbackId})`, ` (callback #${d.callbackId})`) : "";
  const number = d.dialled === d.sent ? d.sent : pick(lang, `"${d.dialled}" → ${d.sent}(으)로 전송`, `"${d.dialled}" sent as ${d.sent}`);
  return pick(lang, `${d.loginId}(내선 ${d.extension})이(가) ${ko}에서 발신: ${number}${cb}`, `Dialled by ${d.loginId} (extension ${d.extension}) from ${en}: ${number}${cb}`);
}

const KIND: Record<TrailSteps["rule"]["kind"], [string, string]> = {
  domestic: ["국내 번호", "domestic number"],
  international: ["국제 번호", "international number"],
  premium: ["060 유료 정보 번호", "premium-rate (060) number"],
};
const WHY_ALLOWED: Record<TrailSteps["rule"]["kind"], [string, string]> = {
  domestic: ["", ""],
  international: [" (서비스가 국제 발신 허용)", " (the service allows international calls)"],
  premium: [" (서비스가 유료 번호 발신 허용)", " (the service allows premium-rate numbers)"],
};
const REFUSAL: Record<string, [string, string]> = {
  international: ["국제 발신 허용 안 함", "international calls are not allowed"],
  premiumNumber: ["유료 번호 발신 허용 안 함", "premium-rate numbers are not allowed"],
  afterHours: ["운영 시간 외 발신 허용 안 함", "the service is closed and calls out after hours are not allowed"],
};

export function ruleWords(d: TrailSteps["rule"], lang: Lang): string {
  const i = lang === "ko" ? 0 : 1;
  const kind = KIND[d.kind][i];
  if (d.verdict === "refused") {
    const why = REFUSAL[d.refusal ?? ""]?.[i] ?? d.refusal ?? "";
    return pick(lang, `발신 규칙: ${kind} — 거부 (${why})`, `Outbound rule: ${kind} — refused (${why})`);
  }
  const closed = d.closed ? pick(lang, "; 지금은 운영 시간 외이나 시간 외 발신 허용", "; the service is closed now, but calls out after hours are allowed") : "";
  return pick(lang, `발신 규칙: ${kind} — 허용${WHY_ALLOWED[d.kind][0]}${closed}`, `Outbound rule: ${kind} — allowed${WHY_ALLOWED[d.kind][1]}${closed}`);
}

function figureWords(f: CapFigure, lang: Lang, name: (id: string) => string): string {
  const who = f.scope === "trunk" ? pick(lang, `트렁크 "${name(f.id)}"`, `trunk "${name(f.id)}"`) : pick(lang, `내선 ${f.id}`, `extension ${f.id}`);
  const reached = f.used >= f.minutes ? pick(lang, " — 한도 도달", " — cap reached") : "";
  return f.window === "hour"
    ? pick(lang, `${who}: 최근 1시간 ${f.minutes}분 중 ${f.used}분${reached}`, `${who}: ${f.used} of ${f.minutes} min in the last hour${reached}`)
    : pick(lang, `${who}: 최근 24시간 ${f.minutes}분 중 ${f.used}분${reached}`, `${who}: ${f.used} of ${f.minutes} min in the last 24 h${reached}`);
}

function roomWords(t: TrunkRoom, lang: Lang): string {
  const head = pick(lang, `트렁크 "${t.name}"`, `trunk "${t.name}"`);
  if (t.capped) return pick(lang, `${head}: 분 한도 도달 → 제외`, `${head}: minute cap reached → left out`);
  if (t.maxCalls === 0) return pick(lang, `${head}: 동시 통화 ${t.calls}건 (제한 없음)`, `${head}: ${t.calls} calls at once (no cap)`);
  const full = t.calls >= t.maxCalls ? pick(lang, " — 가득 참", " — full") : "";
  return pick(lang, `${head}: 동시 통화 ${t.maxCalls}건 중 ${t.calls}건${full}`, `${head}: ${t.calls} of ${t.maxCalls} calls at once${full}`);
}

export function capsWords(d: TrailSteps["caps"], lang: Lang): string {
  const names = new Map(d.trunks.map((t) => [t.trunkId, t.name]));
  const parts = [...d.figures.map((f) => figureWords(f, lang, (id) => names.get(id) ?? id)), ...d.trunks.map((t) => roomWords(t, lang))];
  const none = !d.figures.length && d.trunks.every((t) => t.maxCalls === 0 && !t.capped);
  if (none) return pick(lang, `한도 확인: 설정된 분·동시 통화 한도 없음`, `Caps checked: no minute or calls-at-once cap set`);
  return pick(lang, `한도 확인: ${parts.join("; ")}`, `Caps checked: ${parts.join("; ")}`);
}

export function callerIdWords(d: TrailSteps["callerId"], lang: Lang): string {
  return d.source === "caller-id"
    ? pick(lang, `발신번호 ${d.number}: 서비스 발신번호`, `Caller ID ${d.number}: the service's caller ID`)
    : pick(lang, `발신번호 ${d.number}: 서비스 대표번호 (발신번호 미설정)`, `Caller ID ${d.number}: the service's number (no caller ID set)`);
}

function presentationWords(p: Presentation, lang: Lang): string {
  const from = p.from === "account" ? pick(lang, `From 계정 ${p.account ?? ""}`, `From account ${p.account ?? ""}`)
    : p.from === "anonymous" ? pick(lang, "From 익명(발신번호 숨김)", "From anonymous (withheld)")
    : pick(lang, "From 발신번호", "From the caller ID");
  return p.pai ? pick(lang, `${from}, P-Asserted-Identity 포함`, `${from}, with P-Asserted-Identity`) : from;
}

const CAUSE: Record<string, [string, string]> = {
  timeout: ["제한 시간 내 응답 없음", "no answer in time"],
  failed: ["전송 실패", "could not be reached"],
  cancel: ["취소됨", "cancelled"],
  busy: ["통화 중", "busy"],
  rejected: ["거절", "refused"],
};

export function trunkWords(d: TrailSteps["trunk"], lang: Lang): string {
  const i = lang === "ko" ? 0 : 1;
  const skipped = d.skipped?.length
    ? pick(lang, ` (동시 통화 한도로 건너뜀: ${d.skipped.map((s) => `"${s}"`).join(", ")})`, ` (skipped at their cap of calls at once: ${d.skipped.map((s) => `"${s}"`).join(", ")})`)
    : "";
  const head = pick(lang, `트렁크 ${d.n} "${d.name}"${skipped} [${presentationWords(d.presentation, lang)}]`, `Trunk ${d.n} "${d.name}"${skipped} [${presentationWords(d.presentation, lang)}]`);
  const steps: string[] = [];
  if (d.auth) steps.push(pick(lang, `${d.auth.status} 인증 요구에 트렁크 계정 ${d.auth.account}(으)로 응답`, `${d.auth.status} answered with the trunk's account ${d.auth.account}`));
  if (d.earlyMedia) steps.push(pick(lang, "조기 미디어(183) 상담원에게 전달", "early media (183) relayed to the agent"));
  const answer = d.status !== undefined
    ? pick(lang, `${d.status} 응답`, `answered ${d.status}`)
    : CAUSE[d.cause]?.[i] ?? d.cause;
  const after = pick(lang, ` (${d.seconds}초)`, ` after ${d.seconds} s`);
  if (d.outcome === "answered") steps.push(pick(lang, `${d.status ?? 200} 응답 — 연결${after}`, `answered ${d.status ?? 200}${after}`));
  else if (d.outcome === "next") steps.push(pick(lang, `${answer} → 다음 트렁크`, `${answer} → next trunk`));
  else steps.push(`${answer}${after}`);
  return `${head}: ${steps.join(" → ")}`;
}

export function noTrunkWords(d: TrailSteps["noTrunk"], lang: Lang): string {
  const skipped = d.skipped.map((s) => `"${s}"`).join(", ");
  return d.skipped.length
    ? pick(lang, `시도할 트렁크 없음 (동시 통화 한도: ${skipped})`, `No trunk left to try (at their cap of calls at once: ${skipped})`)
    : pick(lang, "시도할 트렁크가 더 없음", "No trunk left to try");
}

const FAR: Record<FarResult, [string, string]> = {
  answered: ["상대방 응답", "The far end answered"],
  busy: ["상대방 통화 중", "The far end is busy"],
  "no-answer": ["상대방 응답 없음", "The far end did not answer"],
  rejected: ["상대방이 거절", "The far end refused the call"],
  unreachable: ["상대방에 연결할 수 없음", "The far end could not be reached"],
  "agent-hung-up": ["상대방 벨이 울리는 중 상담원이 끊음", "The agent hung up while the far end rang"],
  "agent-unanswered": ["상담원 전화기가 응답하지 않아 발신하지 않음", "The agent's phone did not answer, so the number was not dialled"],
};

export function farWords(d: TrailSteps["far"], lang: Lang): string {
  const [ko, en] = FAR[d.result] ?? [d.result, d.result];
  const status = d.status !== undefined ? ` (${d.status})` : "";
  const after = d.result === "agent-unanswered" ? "" : pick(lang, `, ${d.seconds}초`, `, after ${d.seconds} s`);
  return pick(lang, `${ko}${status}${after}`, `${en}${status}${after}`);
}

const STATE: Record<string, [string, string]> = {
  ready: ["대기", "ready"],
  "on-call": ["통화 중", "on a call"],
  ringing: ["벨 울리는 중", "ringing"],
  dialing: ["발신 중", "dialling out"],
  "wrap-up": ["후처리 중", "in wrap-up"],
  "logged-out": ["로그아웃", "logged out"],
  unreachable: ["연결 불가", "unreachable"],
  away: ["자리 비움", "away"],
};

export function internalWords(d: TrailSteps["internal"], lang: Lang, hhmm: (ms: number) => string): string {
  const i = lang === "ko" ? 0 : 1;
  const from = d.fromAgent ? `${d.from}(${d.fromAgent})` : d.from;
  const head = pick(lang, `내선 통화 ${from} → ${d.to}`, `Internal call from ${d.fromAgent ? `${d.from} (${d.fromAgent})` : d.from} to ${d.to}`);
  let who: string;
  if (!d.agent) who = pick(lang, `${d.to}은(는) 상담원에게 배정되지 않은 내선`, `${d.to} belongs to no agent`);
  else {
    const state = STATE[d.state ?? ""]?.[i] ?? d.state ?? "?";
    const reason = d.reason ? ` (${d.reason})` : "";
    const since = d.since !== undefined && d.state !== "ready" ? pick(lang, ` ${hhmm(d.since)}부터`, ` since ${hhmm(d.since)}`) : "";
    const cause = d.cause ? pick(lang, ` (원인: ${d.cause})`, ` (cause: ${d.cause})`) : "";
    who = pick(lang, `${d.to}은(는) ${d.agent}, ${state}${reason}${since}${cause}`, `${d.to} is ${d.agent}, ${state}${reason}${since}${cause}`);
  }
  const phone = d.registered
    ? pick(lang, "전화기 등록됨", "phone registered")
    : d.expiredAt !== undefined
      ? pick(lang, `전화기 미등록 (${hhmm(d.expiredAt)}부터)`, `phone unregistered since ${hhmm(d.expiredAt)}`)
      : pick(lang, "전화기 미등록 (등록 없음)", "phone unregistered (no registration)");
  const status = d.status !== undefined && !d.answered ? ` → ${d.status}` : "";
  return `${head}: ${who}, ${phone}${status}`;
}
