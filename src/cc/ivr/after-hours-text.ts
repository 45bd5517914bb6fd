import { WEEKDAYS, type Weekday } from "./flow-schema.ts";

type Ranges = Array<{ start: string; end: string }>;

const KO_DAYS: Record<Weekday, string> = { mon: "월요일", tue: "화요일", wed: "수요일", thu: "목요일", fri: "금요일", sat: "토요일", sun: "일요일" };
const EN_DAYS: Record<Weekday, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const KO_HOURS = ["열두", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "열한", "열두"];
const KO_DIGITS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];

/**
 * The after-hours message of C2, made from the business hours: days with the same ranges are
 * grouped ("Monday to Friday"). Korean times are written out in Hangul, as text-to-speech needs.
 */
export function afterHoursText(hours: Record<Weekday, Ranges>, language: "ko" | "en"): string {
  const groups = groupDays(hours);
  if (language === "ko") {
    const parts = groups.map((g) => `${dayRange(g.days, KO_DAYS, "부터", "까지")} ${g.ranges.map((r) => `${koTime(r.start)}부터 ${koTime(r.end)}까지`).join(", ")}`);
    const body = parts.length > 0 ? ` 상담시간은 ${parts.join(", ")}입니다.` : "";
    return `지금은 상담시간이 아닙니다.${body} 상담시간에 다시 전화해 주십시오. 감사합니다.`;
  }
  const parts = groups.map((g) => `${dayRange(g.days, EN_DAYS, "to", "")} ${g.ranges.map((r) => `${enTime(r.start)} to ${enTime(r.end)}`).join(" and ")}`);
  const list = parts.join("; ");
  const body = parts.length > 0 ? ` Our hours are ${list}${list.endsWith(".") ? "" : "."}` : "";
  return `We are closed now.${body} Please call again during our hours. Thank you.`;
}

function groupDays(hours: Record<Weekday, Ranges>): Array<{ days: Weekday[]; ranges: Ranges }> {
  const groups: Array<{ days: Weekday[]; ranges: Ranges; key: string }> = [];
  for (const day of WEEKDAYS) {
    const ranges = hours[day] ?? [];
    if (ranges.length === 0) continue;
    const key = JSON.stringify(ranges);
    const last = groups.at(-1);
    const adjacent = last && WEEKDAYS.indexOf(last.days.at(-1)!) === WEEKDAYS.indexOf(day) - 1;
    if (last && adjacent && last.key === key) last.days.push(day);
    else groups.push({ days: [day], ranges, key });
  }
  return groups;
}

function dayRange(days: Weekday[], names: Record<Weekday, string>, from: string, to: string): string {
  if (days.length === 1) return names[days[0]!];
  const [first, last] = [names[days[0]!], names[days.at(-1)!]];
  return to ? `${first}${from} ${last}${to}` : `${first} ${from} ${last}`;
}

function koTime(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  if (h === 24 || (h === 0 && m === 0)) return "자정";
  const half = h < 12 ? "오전" : "오후";
  const minutes = m > 0 ? ` ${koNumber(m)} 분` : "";
  return `${half} ${KO_HOURS[h % 12 === 0 ? 12 : h % 12]} 시${minutes}`;
}

/** 1–59 in Sino-Korean (삼십, 사십오). */
function koNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? KO_DIGITS[tens] : ""}${tens > 0 ? "십" : ""}${KO_DIGITS[ones]}`;
}

function enTime(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  if (h === 24 || (h === 0 && m === 0)) return "midnight";
  if (h === 12 && m === 0) return "noon";
  const suffix = h < 12 ? "a.m." : "p.m.";
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m > 0 ? `:${String(m).padStart(2, "0")}` : ""} ${suffix}`;
}
