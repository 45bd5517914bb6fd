import type { CallAggregate, LocalBuckets } from "../../store/index.ts";
import type { StatsInterval, StatsRow } from "./statistics.ts";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Transitions looked up per range, at most (a zone changes offset about twice a year). */
const MAX_TRANSITIONS = 2_000;

const offsetAt = (ms: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;

/**
 * Local-time buckets (hours, or days for day/week/month) of a zone over [from, to) with a margin of
 * two days each side: the zone's UTC offsets and the instants they change, so SQL can bucket an
 * instant with `(ms + offset) / unit` and no calendar arithmetic per row.
 */
export function localBuckets(interval: StatsInterval, timeZone: string, from: number, to: number): LocalBuckets {
  const start = from - 2 * DAY_MS;
  const end = to + 2 * DAY_MS;
  const until: number[] = [];
  const offsets = [offsetAt(start, timeZone)];
  let z: Temporal.ZonedDateTime | null = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  for (let i = 0; i < MAX_TRANSITIONS; i++) {
    z = z.getTimeZoneTransition("next");
    if (!z || z.epochMilliseconds >= end) break;
    until.push(z.epochMilliseconds);
    offsets.push(z.offsetNanoseconds / 1e6);
  }
  const b: LocalBuckets = { unitMs: interval === "hour" ? HOUR_MS : DAY_MS, until, offsets };
  // Weeks and months are merged in SQL (a row per key and week or month, not per day).
  if (interval === "week") b.weeks = true;
  if (interval === "month") {
    const first = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone).toPlainDate().with({ day: 1 });
    const last = Temporal.Instant.fromEpochMilliseconds(end).toZonedDateTimeISO(timeZone).toPlainDate();
    const starts: number[] = [];
    for (let d = first; Temporal.PlainDate.compare(d, last) <= 0 && starts.length < MAX_TRANSITIONS; d = d.add({ months: 1 })) {
      starts.push(Date.UTC(d.year, d.month - 1, 1) / DAY_MS);
    }
    b.monthStarts = starts;
  }
  return b;
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The period label (as {@link periodOf}) of a local bucket made by {@link localBuckets}. */
export function bucketLabel(bucket: number, interval: StatsInterval): string {
  switch (interval) {
    case "hour":
      return `${isoDay(Math.floor(bucket / 24))}T${String(((bucket % 24) + 24) % 24).padStart(2, "0")}`;
    case "day":
      return isoDay(bucket);
    case "week":
      // Day 0 (1970-01-01) was a Thursday: Monday is 3 days before.
      return isoDay(bucket - ((((bucket + 3) % 7) + 7) % 7));
    case "month":
      return isoDay(bucket).slice(0, 7);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** The sums of `CallAggregate` that add up when rows of one key and period are merged (waitMax takes the max). */
const ADDED = [
  "offered", "answered", "answeredWithinSl", "abandoned", "shortAbandoned", "callbacks",
  "waitSum", "waitCount", "talkSum", "wrapUpSum", "wrapUpCount", "outbound",
] as const satisfies readonly (keyof CallAggregate)[];

/** Statistics rows (S1) from SQL sums, merged per key and period, sorted as {@link statistics} sorts. */
export function statsFromSums(sums: readonly CallAggregate[], interval?: StatsInterval): StatsRow[] {
  const merged = new Map<string, CallAggregate & { period: string | null }>();
  for (const s of sums) {
    const period = interval && s.bucket !== null ? bucketLabel(s.bucket, interval) : null;
    const id = JSON.stringify([s.key, period]);
    const m = merged.get(id);
    if (!m) {
      merged.set(id, { ...s, period });
      continue;
    }
    for (const k of ADDED) m[k] += s[k];
    if (s.waitMax !== null && (m.waitMax === null || s.waitMax > m.waitMax)) m.waitMax = s.waitMax;
  }
  return [...merged.values()]
    .map(
      (m): StatsRow => ({
        key: m.key, period: m.period, offered: m.offered, answered: m.answered, answeredWithinSl: m.answeredWithinSl,
        abandoned: m.abandoned, shortAbandoned: m.shortAbandoned, callbacks: m.callbacks,
        answerRate: ratio(m.answered, m.offered), serviceLevel: ratio(m.answeredWithinSl, m.answered),
        answerRateWithinSl: ratio(m.answeredWithinSl, m.offered),
        avgWaitSeconds: m.waitCount ? m.waitSum / m.waitCount : null, maxWaitSeconds: m.waitCount ? m.waitMax : null,
        avgTalkSeconds: m.answered ? m.talkSum / m.answered : null,
        avgWrapUpSeconds: m.wrapUpCount ? m.wrapUpSum / m.wrapUpCount : null, outbound: m.outbound,
      }),
    )
    .sort((a, b) => (a.period ?? "").localeCompare(b.period ?? "") || (a.key ?? "").localeCompare(b.key ?? ""));
}
