import { WEEKDAYS, type Flow, type Holiday } from "./flow-schema.ts";

/** The local calendar date and time of an instant in a time zone (Temporal, X7). */
export function localTime(epochMs: number, timeZone: string): { date: string; weekday: (typeof WEEKDAYS)[number]; hhmm: string } {
  const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${z.year}-${pad(z.month)}-${pad(z.day)}`,
    weekday: WEEKDAYS[z.dayOfWeek - 1]!,
    hhmm: `${pad(z.hour)}:${pad(z.minute)}`,
  };
}

/** The holiday falling on a local date ("YYYY-MM-DD"), yearly ones matched on month and day (C3). */
export function holidayOn(date: string, holidays: readonly Holiday[]): Holiday | undefined {
  return holidays.find((h) => (h.repeat === "yearly" ? h.date.slice(5) === date.slice(5) : h.date === date));
}

/** Why the service is closed, or "open". */
export type OpenState = "open" | "closed-hours" | "closed-holiday";

/**
 * Is the service open at `epochMs` in its time zone? Closed on holidays (C3), otherwise open when
 * the local time falls in one of the day's ranges [start, end) (C2).
 */
export function openState(flow: Pick<Flow, "hours" | "holidays">, epochMs: number, timeZone: string): OpenState {
  const t = localTime(epochMs, timeZone);
  if (holidayOn(t.date, flow.holidays)) return "closed-holiday";
  const ranges = flow.hours[t.weekday] ?? [];
  return ranges.some((r) => r.start <= t.hhmm && t.hhmm < r.end) ? "open" : "closed-hours";
}
