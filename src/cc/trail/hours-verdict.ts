import { holidayOn, localTime, type Flow } from "../ivr/index.ts";
import type { TrailSteps } from "./trail-steps.ts";

/**
 * The hours verdict of an instant with the rule that decided it (C2, C3): the holiday of the day,
 * or the day's range the time fell in, or the day's ranges when it fell in none. Same decision as
 * ivr's `openState`.
 */
export function hoursVerdict(flow: Pick<Flow, "hours" | "holidays">, epochMs: number, timeZone: string): TrailSteps["hours"] {
  const t = localTime(epochMs, timeZone);
  const local = `${t.date} ${t.weekday} ${t.hhmm}`;
  const h = holidayOn(t.date, flow.holidays);
  if (h) return { verdict: "closed-holiday", local, rule: { kind: "holiday", date: h.date, name: h.name, repeat: h.repeat } };
  const ranges = flow.hours[t.weekday] ?? [];
  const hit = ranges.find((r) => r.start <= t.hhmm && t.hhmm < r.end);
  if (hit) return { verdict: "open", local, rule: { kind: "range", weekday: t.weekday, start: hit.start, end: hit.end } };
  return { verdict: "closed-hours", local, rule: { kind: "no-range", weekday: t.weekday, ranges: ranges.map((r) => `${r.start}-${r.end}`) } };
}
