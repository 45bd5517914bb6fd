/**
 * The steps of a call's decision trail (issue 17 point 3): the facts the domain knew when it
 * decided, in order. Stored as JSON in call_trail (migration 025); rendered in plain words by
 * trail-words.ts for the call page, the dashboard, the console and the API.
 */
import type { IvrKeyTarget } from "../ivr/index.ts";

/** Why the service was open or closed, and the rule that decided it (C2, C3). */
export type HoursRule =
  | { kind: "range"; weekday: string; start: string; end: string }
  | { kind: "holiday"; date: string; name: string; repeat: string }
  | { kind: "no-range"; weekday: string; ranges: string[] };

/** One agent of the queue as the ACD saw them in a round (C5). */
export interface AgentFact {
  loginId: string;
  /** offered: rung now; not-chosen: ready but the strategy picked another; skipped: not ready. */
  verdict: "offered" | "not-chosen" | "skipped";
  state: string;
  reason?: string | null;
  /** When the state began (ms). */
  since?: number;
  /** When a wrap-up ends by itself (ms). */
  until?: number;
  /** Why an agent is unreachable (a SIP event, issue 17 point 1) when the state carries one. */
  cause?: string;
}

/**
 * Skipped agents of one state and reason, in a queue too large to list one by one: how many, the
 * first few, the earliest since and the soonest end of a wrap-up.
 */
export interface FactGroup {
  state: string;
  reason?: string | null;
  count: number;
  ids: string[];
  since?: number;
  until?: number;
}

/** Where a menu key led (C4), as the IVR reports it. */
export type KeyTarget = IvrKeyTarget;

/** What happened to one offer (C5). */
export type OfferOutcome = "answered" | "no-answer" | "rejected" | "busy" | "unreachable" | "not-registered" | "withdrawn";

/** Every step kind and its detail. */
export interface TrailSteps {
  number: { number: string; serviceId: string; serviceName: string };
  hours: { verdict: "open" | "closed-hours" | "closed-holiday"; local: string; rule: HoursRule };
  key: { key: string | null; to: KeyTarget };
  queue: { queueId: string; queueName: string; callback: boolean; key?: string };
  /**
   * An offer round: every member not offered and not ready with the fact, those offered; ready agents
   * the strategy left are counted (the first few named) — a queue of 500 ready agents stays one small row.
   */
  round: { n: number; strategy: string; offered: string[]; agents: AgentFact[]; notChosen?: { count: number; ids: string[] }; groups?: FactGroup[] };
  offer: { loginId: string; outcome: OfferOutcome; seconds: number; then?: string; cause?: string };
  callback: { kind: "offered" | "requested" | "refused-withheld"; callbackId?: string };
  end: { result: string | null; hangupBy: string | null; reason?: string | null };
}

export type TrailStep = keyof TrailSteps;

/** One step as read back. */
export interface TrailEntry<S extends TrailStep = TrailStep> {
  seq: number;
  at: number;
  step: S;
  detail: TrailSteps[S];
}
