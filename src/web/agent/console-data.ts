import type { CallView, ChartView, DaySeries, FiguresView, PastCall, StateView, WrapUpView } from "../../../views/index.ts";
import type { Agent, CallRecord, Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";

/** What the console reads for its views (reads only; changes go through deps.admin). */
const now = (deps: WebDeps) => (deps.now ?? Date.now)();

/** Local midnight of the day of `ms`, and of the day before (ms). */
export function dayStarts(ms: number, timeZone: string): { today: number; yesterday: number } {
  const d = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).startOfDay();
  return { today: d.epochMilliseconds, yesterday: d.subtract({ days: 1 }).epochMilliseconds };
}

/** The agent's live state (the state machine when calls run, else the stored state). */
export function stateOf(deps: WebDeps, a: Agent): StateView {
  const at = now(deps);
  if (deps.cc) {
    const s = deps.cc.agentState(a.serviceId, a.loginId);
    return { state: s.state, reason: s.reason, since: s.since, now: at, cause: s.cause ?? null };
  }
  const row = deps.repos.agentStatus.get(a.serviceId, a.loginId);
  return { state: row?.state ?? "logged-out", reason: row?.reason ?? null, since: row?.since ?? a.createdAt, now: at };
}

/** The names of the service's consultation types by id (as calls store them). */
export const typeNames = (deps: WebDeps, serviceId: string): Record<string, string> =>
  Object.fromEntries(deps.repos.consultationTypes.list(serviceId).map((t) => [String(t.id), t.name]));

/** The customer's number of a call: the called number when outbound, else the caller. */
export const customerOf = (c: Pick<CallRecord, "direction" | "from" | "to">): string => (c.direction === "outbound" ? c.to : c.from);

/** The customer's last calls (A3), newest first. */
export function lastCalls(deps: WebDeps, serviceId: string, number: string, exceptCallId?: string, limit = 5): PastCall[] {
  if (!number || !deps.cc) return [];
  const at = now(deps);
  const types = typeNames(deps, serviceId);
  return deps.cc
    .searchCalls(serviceId, { from: at - 365 * 86_400_000, to: at + 1, number, external: true }, { sort: "time", dir: "desc", limit: limit + 1 })
    .filter((c) => c.callId !== exceptCallId && customerOf(c) === number)
    .slice(0, limit)
    .map((c) => ({
      callId: c.callId, startedAt: c.startedAt, direction: c.direction, result: c.result, agent: c.agent,
      typeName: c.type === null ? null : (types[c.type] ?? c.type), notes: c.notes ?? null,
    }));
}

/** The G9 screen-pop URL for a caller when the agent turned screen-pop on (http and https only). */
export function screenPopUrl(deps: WebDeps, a: Agent, caller: string | null): string | undefined {
  if (!caller || !deps.repos.agentConsole.prefs(a.serviceId, a.loginId).screenPop) return undefined;
  const template = deps.repos.workSettings.get(a.serviceId).screenPopUrl;
  if (!/^https?:\/\//i.test(template)) return undefined;
  return template.replaceAll("{caller}", encodeURIComponent(caller));
}

/**
 * The call ringing at the agent or going on now (A3): for ringing, the queue's latest offer to the
 * agent names the call; during a call, the agent's open call record.
 */
export function callOf(deps: WebDeps, a: Agent, state: string): CallView | undefined {
  if (state !== "ringing" && state !== "on-call" && state !== "dialing") return undefined;
  const at = now(deps);
  let record: CallRecord | undefined;
  if (state === "ringing") {
    const offer = deps.repos.queueEvents
      .list(a.serviceId, at - 10 * 60_000, at + 1)
      .filter((e) => e.event === "offer" && e.agent === a.loginId)
      .at(-1);
    record = offer ? deps.repos.calls.get(offer.callId) : undefined;
  } else if (deps.cc) {
    record = deps.cc
      .searchCalls(a.serviceId, { from: at - 12 * 3_600_000, to: at + 1, agent: a.loginId }, { sort: "time", dir: "desc", limit: 3 })
      .find((c) => c.endedAt === null);
  }
  const number = record ? customerOf(record) : null;
  return {
    phase: state,
    number,
    outbound: state === "dialing" || record?.direction === "outbound",
    callId: record?.callId,
    lastCalls: number && record?.direction !== "internal" ? lastCalls(deps, a.serviceId, number, record?.callId) : [],
    popupUrl: state === "ringing" ? screenPopUrl(deps, a, number) : undefined,
    transferTo: state === "on-call" ? readyAgents(deps, a) : [],
  };
}

/** The service's other agents who are ready now: where a call can be transferred (C10). */
function readyAgents(deps: WebDeps, a: Agent): { loginId: string; name: string }[] {
  if (!deps.cc) return [];
  const ready = new Set(deps.cc.agentStates(a.serviceId).filter((s) => s.state === "ready").map((s) => s.loginId));
  return deps.repos.agents.list(a.serviceId).filter((x) => x.loginId !== a.loginId && ready.has(x.loginId)).map((x) => ({ loginId: x.loginId, name: x.name }));
}

/** The call whose wrap-up the agent is in (A6): the agent's last answered call, ended as the wrap-up began. */
export function wrapUpCall(deps: WebDeps, a: Agent, v: StateView): CallRecord | undefined {
  if (v.state !== "wrap-up" || !deps.cc) return undefined;
  const last = deps.cc
    .searchCalls(a.serviceId, { from: v.since - 86_400_000, to: v.now + 1, agent: a.loginId, answeredByAgent: true }, { sort: "time", dir: "desc", limit: 1 })
    .at(0);
  return last && last.endedAt !== null && last.endedAt >= v.since - 5000 ? last : undefined;
}

/** The wrap-up form of a call with what is saved (or what was just typed). */
export function wrapUpView(deps: WebDeps, call: CallRecord, mode: WrapUpView["mode"], typed?: { typeId: string; notes: string }): WrapUpView {
  const types = deps.repos.consultationTypes.list(call.serviceId).filter((t) => !t.retired || String(t.id) === call.type);
  return {
    call: { callId: call.callId, startedAt: call.startedAt, number: customerOf(call), direction: call.direction, talkSeconds: call.talkSeconds },
    types: types.map((t) => ({ id: t.id, name: t.name })),
    typeId: typed?.typeId ?? call.type ?? "",
    notes: typed?.notes ?? call.notes ?? "",
    mode,
  };
}

/** Customers waiting, today's answer rate and the agent's own figures today (A7). */
export function figuresOf(deps: WebDeps, a: Agent, service: Service): FiguresView {
  const empty: FiguresView = {
    waiting: 0, longestWaitSeconds: 0, offered: 0, answered: 0, answerRate: null,
    mine: { offered: 0, answered: 0, answerRate: null, avgTalkSeconds: null, outbound: 0 },
  };
  const cc = deps.cc;
  if (!cc) return empty;
  const at = now(deps);
  const live = cc.live(a.serviceId);
  const mine = cc.stats(a.serviceId, "agent", dayStarts(at, service.timezone).today, at + 1).find((r) => r.key === a.loginId);
  return {
    waiting: live.waiting.reduce((n, w) => n + w.waiting, 0),
    longestWaitSeconds: Math.floor(Math.max(0, ...live.waiting.map((w) => w.longestWaitMs)) / 1000),
    offered: live.service.offered,
    answered: live.service.answered,
    answerRate: live.service.answerRate,
    mine: mine
      ? { offered: mine.offered, answered: mine.answered, answerRate: mine.answerRate, avgTalkSeconds: mine.avgTalkSeconds, outbound: mine.outbound }
      : empty.mine,
  };
}

const blank = (): DaySeries => ({
  offered: new Array<number>(24).fill(0), answered: new Array<number>(24).fill(0),
  avgWait: new Array<number | null>(24).fill(null), maxWait: new Array<number | null>(24).fill(null),
});

/** Yesterday's and today's offered and answered calls and average and longest wait per local hour, and both days together (A7). */
export function chartOf(deps: WebDeps, service: Service): ChartView {
  const out: ChartView = { yesterday: blank(), today: blank(), both: blank() };
  if (!deps.cc) return out;
  const at = now(deps);
  const days = dayStarts(at, service.timezone);
  const todayLabel = Temporal.Instant.fromEpochMilliseconds(days.today).toZonedDateTimeISO(service.timezone).toPlainDate().toString();
  for (const r of deps.cc.stats(service.serviceId, "service", days.yesterday, at + 1, "hour")) {
    if (!r.period) continue;
    const hour = Number(r.period.slice(11, 13));
    const day = r.period.startsWith(todayLabel) ? out.today : out.yesterday;
    day.offered[hour]! += r.offered;
    day.answered[hour]! += r.answered;
    day.avgWait[hour] = r.avgWaitSeconds;
    day.maxWait[hour] = r.maxWaitSeconds;
  }
  for (let h = 0; h < 24; h++) {
    const y = out.yesterday;
    const t = out.today;
    out.both.offered[h] = y.offered[h]! + t.offered[h]!;
    out.both.answered[h] = y.answered[h]! + t.answered[h]!;
    const waits = [[y.avgWait[h], y.offered[h]!], [t.avgWait[h], t.offered[h]!]].filter((x): x is [number, number] => x[0] !== null && x[0] !== undefined);
    const weight = waits.reduce((n, [, w]) => n + w, 0);
    out.both.avgWait[h] = waits.length ? (weight ? waits.reduce((n, [v, w]) => n + v * w, 0) / weight : waits[0]![0]) : null;
    const maxes = [y.maxWait[h], t.maxWait[h]].filter((x): x is number => x !== null && x !== undefined);
    out.both.maxWait[h] = maxes.length ? Math.max(...maxes) : null;
  }
  return out;
}

/** The number the agent dialled last (A4 redial), from the last 90 days' outbound calls; null when none. */
export function lastDialled(deps: WebDeps, a: Agent): string | null {
  if (!deps.cc) return null;
  const at = now(deps);
  const [last] = deps.cc.searchCalls(a.serviceId, { from: at - 90 * 86_400_000, to: at + 1, agent: a.loginId, direction: "outbound" }, { sort: "time", dir: "desc", limit: 1 });
  return last?.to || null;
}
