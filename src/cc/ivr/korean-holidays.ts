import * as official from "@hyunbinseo/holidays-kr/all";
import KoreanLunarCalendar from "korean-lunar-calendar";
import type { Holiday } from "./flow-schema.ts";

type Preset = Readonly<Record<string, readonly string[]>>;

/** Official gazette data by year (2018–2027 in the bundled package). */
const OFFICIAL: Record<number, Preset> = Object.fromEntries(
  Object.entries(official).map(([k, v]) => [Number(k.slice(1)), v as Preset]),
);

const pad = (n: number) => String(n).padStart(2, "0");

function lunarToSolar(year: number, month: number, day: number): string | undefined {
  const cal = new KoreanLunarCalendar();
  if (!cal.setLunarDate(year, month, day, false)) return undefined;
  const s = cal.getSolarCalendar();
  return `${s.year}-${pad(s.month)}-${pad(s.day)}`;
}

function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** Fixed-date national holidays (solar). */
const SOLAR: [string, string][] = [
  ["01-01", "1월 1일"],
  ["03-01", "3ㆍ1절"],
  ["05-05", "어린이날"],
  ["06-06", "현충일"],
  ["08-15", "광복절"],
  ["10-03", "개천절"],
  ["10-09", "한글날"],
  ["12-25", "기독탄신일"],
];

/** Estimate a later year's holidays from the solar dates and the lunar calendar (no substitutes). */
function estimate(year: number): Holiday[] {
  const out: Holiday[] = SOLAR.map(([md, name]) => ({ date: `${year}-${md}`, name, kind: "national", repeat: "once", estimated: true }));
  const seollal = lunarToSolar(year, 1, 1);
  const chuseok = lunarToSolar(year, 8, 15);
  const buddha = lunarToSolar(year, 4, 8);
  for (const [center, name] of [[seollal, "설날"], [chuseok, "추석"]] as const) {
    if (!center) continue;
    out.push({ date: addDays(center, -1), name: `${name} 전날`, kind: "national", repeat: "once", estimated: true });
    out.push({ date: center, name, kind: "national", repeat: "once", estimated: true });
    out.push({ date: addDays(center, 1), name: `${name} 다음 날`, kind: "national", repeat: "once", estimated: true });
  }
  if (buddha) out.push({ date: buddha, name: "부처님 오신 날", kind: "national", repeat: "once", estimated: true });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Korean public holidays of a year as flow holidays (C3), kind "national", repeat "once": from the
 * official data when the year is covered, otherwise estimated from the lunar calendar and marked
 * `estimated` (substitute holidays and election days are then missing).
 */
export function koreanHolidays(year: number): Holiday[] {
  const preset = OFFICIAL[year];
  if (!preset) return estimate(year);
  return Object.entries(preset).map(([date, names]) => ({ date, name: names.join(", "), kind: "national", repeat: "once" }));
}

/** Merge loaded holidays into a list, keeping existing entries for the same date. */
export function mergeHolidays(existing: readonly Holiday[], loaded: readonly Holiday[]): Holiday[] {
  const dates = new Set(existing.map((h) => h.date));
  return [...existing, ...loaded.filter((h) => !dates.has(h.date))].sort((a, b) => a.date.localeCompare(b.date));
}
