import { holidayOn, localTime, openState, type Flow, type OpenState } from "../ivr/index.ts";

/** Days looked ahead for an opening; a service closed all year has none. */
const HORIZON_DAYS = 400;

/**
 * The first instant at or after `epochMs` when the service is open (C2, C3): `epochMs` itself when
 * open now, else the start of the next business-hours range on a day that is not a holiday;
 * undefined when the service never opens within {@link HORIZON_DAYS}.
 */
export function nextOpening(flow: Pick<Flow, "hours" | "holidays">, epochMs: number, timeZone: string): number | undefined {
  if (openState(flow, epochMs, timeZone) === "open") return epochMs;
  const today = Temporal.PlainDate.from(localTime(epochMs, timeZone).date);
  for (let d = 0; d < HORIZON_DAYS; d++) {
    const date = today.add({ days: d });
    const t = localTime(date.toZonedDateTime({ timeZone, plainTime: "12:00" }).epochMilliseconds, timeZone);
    if (holidayOn(t.date, flow.holidays)) continue;
    const starts = (flow.hours[t.weekday] ?? []).map((r) => r.start).sort();
    for (const start of starts) {
      const at = date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(start) }).epochMilliseconds;
      if (at > epochMs) return at;
    }
  }
  return undefined;
}

/** Why a callback waits now: the service is closed by its hours or for a holiday; undefined when open. */
export function closedNow(flow: Pick<Flow, "hours" | "holidays">, epochMs: number, timeZone: string): Exclude<OpenState, "open"> | undefined {
  const s = openState(flow, epochMs, timeZone);
  return s === "open" ? undefined : s;
}
