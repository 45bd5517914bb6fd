import type { AgentStatus } from "../agent/index.ts";
import type { AgentFact, FactGroup } from "./trail-steps.ts";


/**
 * One queue member as the ACD sees them now (issue 17 point 3): why they are skipped and the fact
 * behind it — the state, its reason and since when, a wrap-up's end, an unreachable device's cause.
 * `offered`: the round rings them (a ready agent not offered was left by the strategy).
 * `wrapUntil`: when the agent's wrap-up after a call ends by itself (a wrap-up the agent chose has none).
 */
export function agentFact(loginId: string, s: AgentStatus | undefined, offered: boolean, wrapUntil?: number): AgentFact {
  if (!s) return { loginId, verdict: "skipped", state: "unknown" };
  const verdict = offered ? "offered" : s.state === "ready" ? "not-chosen" : "skipped";
  const fact: AgentFact = { loginId, verdict, state: s.state, since: s.since };
  if (s.reason) fact.reason = s.reason;
  // The cause is kept where it is the fact (a device gone, issue 17 point 1); other states say enough.
  const cause: unknown = s.state === "unreachable" || s.reason === "unreachable" ? (s as { cause?: unknown }).cause : undefined;
  if (typeof cause === "string" && cause) fact.cause = cause;
  else if (cause && typeof cause === "object") {
    const c = cause as { text?: unknown; kind?: unknown; detail?: unknown };
    const text = [c.text, c.kind, c.detail].find((x): x is string => typeof x === "string" && x !== "");
    if (text) fact.cause = text;
  }
  // The agent's own deadline (kept across restarts, issue 17 point 1) wins over the ACD's note.
  const until = s.until ?? wrapUntil;
  if (s.state === "wrap-up" && typeof until === "number") fact.until = until;
  return fact;
}

/** Ready agents the strategy left are named up to this many in a round (the rest counted). */
export const NOT_CHOSEN_NAMED = 10;

/** A round lists skipped agents one by one up to this many; beyond, they are grouped by state and reason. */
export const ROUND_LISTED = 50;
/** Names kept per group. */
export const GROUP_NAMED = 5;

/**
 * Split a round's facts: the agents kept one by one, and the ready ones the strategy left (counted,
 * first few named). In a queue of more than {@link ROUND_LISTED} skipped agents they are grouped by
 * state and reason (count, first names, earliest since, soonest wrap-up end), so a 500-agent queue
 * writes a row of a few groups, not 500 facts.
 */
export function compactFacts(facts: readonly AgentFact[]): { agents: AgentFact[]; notChosen?: { count: number; ids: string[] }; groups?: FactGroup[] } {
  const kept = facts.filter((f) => f.verdict !== "not-chosen");
  const left = facts.filter((f) => f.verdict === "not-chosen");
  const notChosen = left.length ? { notChosen: { count: left.length, ids: left.slice(0, NOT_CHOSEN_NAMED).map((f) => f.loginId) } } : {};
  if (kept.length <= ROUND_LISTED) return { agents: kept, ...notChosen };
  const groups = new Map<string, FactGroup>();
  const agents: AgentFact[] = [];
  for (const f of kept) {
    if (f.verdict === "offered") {
      agents.push(f);
      continue;
    }
    const key = `${f.state}|${f.reason ?? ""}`;
    const g = groups.get(key) ?? { state: f.state, ...(f.reason ? { reason: f.reason } : {}), count: 0, ids: [] };
    g.count++;
    if (g.ids.length < GROUP_NAMED) g.ids.push(f.loginId);
    if (f.since !== undefined) g.since = Math.min(g.since ?? f.since, f.since);
    if (f.until !== undefined) g.until = Math.min(g.until ?? f.until, f.until);
    groups.set(key, g);
  }
  return { agents, ...notChosen, groups: [...groups.values()] };
}

/** A short key of a round's facts: a round is written only when it differs from the last one. */
export function roundSignature(offered: readonly string[], facts: readonly AgentFact[]): string {
  let sig = `${offered.join(",")}|`;
  let left = 0;
  for (const f of facts) {
    if (f.verdict === "not-chosen") left++;
    else sig += `${f.loginId}:${f.verdict}:${f.state}:${f.reason ?? ""}:${f.since ?? ""};`;
  }
  return `${sig}|${left}`;
}
