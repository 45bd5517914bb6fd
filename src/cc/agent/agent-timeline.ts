import type { Repos } from "../../store/index.ts";

/** One stretch of an agent's day in one state (issue 17): from, to (ms), with the reason and the cause that began it. */
export interface StateBand {
  state: string;
  reason: string | null;
  cause: string | null;
  from: number;
  to: number;
}

/**
 * Capacity leak (issue 17): minutes an agent spent away, in internal calls or unreachable while at
 * least one caller of the service was waiting in a queue.
 */
export interface CapacityLeak {
  loginId: string;
  awayMinutes: number;
  internalMinutes: number;
  unreachableMinutes: number;
  totalMinutes: number;
}

/** An agent's day: the bands of their states with causes, and their capacity leak. */
export interface AgentDay {
  serviceId: string;
  loginId: string;
  /** The local day, YYYY-MM-DD in the service's time zone. */
  date: string;
  from: number;
  to: number;
  bands: StateBand[];
  leak: CapacityLeak;
  /** Minutes at least one caller waited that day. */
  waitingMinutes: number;
}

type Span = [number, number];

/** [from, to) of a local day in a time zone. */
export function localDayRange(date: string, timeZone: string): { from: number; to: number } {
  const d = Temporal.PlainDate.from(date);
  const from = d.toZonedDateTime({ timeZone }).epochMilliseconds;
  const to = d.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  return { from, to };
}

/** Today's local date in a time zone. */
export function localDate(now: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** The state bands of one agent in [from, to) (clipped to now): the state they were in at `from`, then every change. */
export function stateBands(repos: Repos, serviceId: string, loginId: string, from: number, to: number): StateBand[] {
  const first = repos.agentStateLog.lastBefore(serviceId, loginId, from);
  const changes = repos.agentStateLog.forAgent(serviceId, loginId, from, to);
  const bands: StateBand[] = [];
  let cur: Omit<StateBand, "to"> = first
    ? { state: first.state, reason: first.reason, cause: first.cause ?? null, from }
    : { state: "logged-out", reason: null, cause: null, from };
  for (const c of changes) {
    if (c.at > cur.from) bands.push({ ...cur, to: c.at });
    cur = { state: c.state, reason: c.reason, cause: c.cause ?? null, from: Math.max(c.at, from) };
  }
  bands.push({ ...cur, to: Math.max(to, cur.from) }); // the state the range ends in, even if it just began
  return bands;
}

/** The union of the spans when at least one caller of the service waited in a queue in [from, to). */
export function waitingSpans(repos: Repos, serviceId: string, from: number, to: number): Span[] {
  // Calls that began up to a day before may still have waited inside the range.
  const spans: Span[] = repos.calls
    .list(serviceId, from - 86_400_000, to)
    .filter((c) => c.direction === "inbound" && c.queuedAt !== null)
    .map((c): Span => [Math.max(from, c.queuedAt!), Math.min(to, c.answeredAt ?? c.endedAt ?? to)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** Milliseconds of `span` covered by the sorted, disjoint `union`. */
function overlap(span: Span, union: readonly Span[]): number {
  let ms = 0;
  for (const [a, b] of union) {
    if (a >= span[1]) break;
    ms += Math.max(0, Math.min(b, span[1]) - Math.max(a, span[0]));
  }
  return ms;
}

const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

/** The internal calls (answered) an agent took part in, as spans in [from, to). */
function internalSpans(repos: Repos, serviceId: string, extension: string, from: number, to: number, now: number): Span[] {
  return repos.calls
    .list(serviceId, from - 86_400_000, to)
    .filter((c) => c.direction === "internal" && c.answeredAt !== null && (c.from === extension || c.to === extension))
    .map((c): Span => [Math.max(from, c.answeredAt!), Math.min(to, c.endedAt ?? now)])
    .filter(([a, b]) => b > a);
}

/** One agent's capacity leak in [from, to) against the service's waiting spans. */
export function agentLeak(repos: Repos, serviceId: string, loginId: string, bands: readonly StateBand[], waiting: readonly Span[], range: Span, now: number): CapacityLeak {
  let away = 0;
  let unreachable = 0;
  for (const b of bands) {
    if (b.state === "away") away += overlap([b.from, b.to], waiting);
    else if (b.state === "unreachable") unreachable += overlap([b.from, b.to], waiting);
  }
  const ext = repos.agents.get(serviceId, loginId)?.extension;
  let internal = 0;
  if (ext) for (const s of internalSpans(repos, serviceId, ext, range[0], range[1], now)) internal += overlap(s, waiting);
  return {
    loginId,
    awayMinutes: minutes(away),
    internalMinutes: minutes(internal),
    unreachableMinutes: minutes(unreachable),
    totalMinutes: minutes(away + internal + unreachable),
  };
}

/** An agent's local day (issue 17): state bands with their causes and the capacity leak. */
export function agentDay(repos: Repos, o: { serviceId: string; loginId: string; date: string; timeZone: string; now: number }): AgentDay {
  const { from, to: dayEnd } = localDayRange(o.date, o.timeZone);
  const to = Math.max(from, Math.min(dayEnd, o.now + 1)); // a change made just now belongs to the day
  const bands = stateBands(repos, o.serviceId, o.loginId, from, to);
  const waiting = waitingSpans(repos, o.serviceId, from, to);
  const leak = agentLeak(repos, o.serviceId, o.loginId, bands, waiting, [from, to], o.now);
  const waitingMinutes = minutes(waiting.reduce((n, [a, b]) => n + b - a, 0));
  return { serviceId: o.serviceId, loginId: o.loginId, date: o.date, from, to: dayEnd, bands, leak, waitingMinutes };
}

/** Every agent's capacity leak on a local day, largest first. */
export function capacityLeaks(repos: Repos, o: { serviceId: string; date: string; timeZone: string; now: number }): CapacityLeak[] {
  const { from, to: dayEnd } = localDayRange(o.date, o.timeZone);
  const to = Math.max(from, Math.min(dayEnd, o.now + 1)); // a change made just now belongs to the day
  const waiting = waitingSpans(repos, o.serviceId, from, to);
  return repos.agents
    .list(o.serviceId)
    .map((a) => agentLeak(repos, o.serviceId, a.loginId, stateBands(repos, o.serviceId, a.loginId, from, to), waiting, [from, to], o.now))
    .sort((x, y) => y.totalMinutes - x.totalMinutes || x.loginId.localeCompare(y.loginId));
}
