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

/** Where an outbound call was asked for: the agent's console, the REST API, the desk phone, the automatic callback, another door. */
export type DialOrigin = "console" | "api" | "desk" | "callback" | "member" | "cli" | "system";

/** How an outbound call was asked for (its trail's first step): the door, and the number as typed (the number sent when absent). */
export interface DialHow {
  origin: DialOrigin;
  dialled?: string;
}

/** One minute cap as counted when the call was asked for (issue 16 point 6): minutes used of the cap. */
export interface CapFigure {
  scope: "trunk" | "extension";
  id: string;
  window: "hour" | "day";
  used: number;
  minutes: number;
}

/** A trunk of the service when the call was asked for: its calls now against its cap of concurrent calls, and whether a minute cap left it out. */
export interface TrunkRoom {
  trunkId: string;
  name: string;
  calls: number;
  /** 0: no cap. */
  maxCalls: number;
  /** A minute cap is reached: the call may not leave through it. */
  capped: boolean;
}

/** How a trunk presents the caller (T7): From the number, the carrier's account or anonymous; P-Asserted-Identity or not. */
export interface Presentation {
  from: "number" | "account" | "anonymous";
  account?: string;
  pai: boolean;
}

/** How the far end of an outbound call ended up (C9, C11), or the agent's side giving up first. */
export type FarResult = "answered" | "busy" | "no-answer" | "rejected" | "unreachable" | "agent-hung-up" | "agent-unanswered";

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
  /** Outbound (C9): who asked and from where, the number as dialled and as sent (cleaned), the callback it answers. */
  dial: { origin: DialOrigin; loginId: string; extension: string; dialled: string; sent: string; callbackId?: number };
  /**
   * The service's outbound rules that let the number through (issue 16 point 6): its kind (a refused number leaves
   * no record — the one door or the desk phone's 403 says why) and whether the service was closed but calls out after hours are allowed.
   */
  rule: { verdict: "allowed" | "refused"; kind: "domestic" | "international" | "premium"; closed: boolean; refusal?: "international" | "premiumNumber" | "afterHours" };
  /** The caps checked: minutes used of each cap (extension, trunks) and each trunk's calls against its concurrent cap. */
  caps: { figures: CapFigure[]; trunks: TrunkRoom[] };
  /** The caller ID sent and why: the service's caller ID, else its representative number. */
  callerId: { number: string; source: "caller-id" | "service-number" };
  /**
   * One attempt through a trunk, written when it settled: in order (`n`), those skipped before it at their concurrent
   * cap, how it presented the caller, a challenge answered with the trunk's account, early media, and its answer.
   */
  trunk: {
    n: number; trunkId: string; name: string; presentation: Presentation; skipped?: string[]; auth?: { status: number; account: string };
    earlyMedia?: boolean; status?: number; cause: string; outcome: "answered" | "next" | "failed"; seconds: number;
  };
  /** No trunk left to try (all tried, or the rest at their caps). */
  noTrunk: { skipped: string[] };
  /** The far end's result (or the agent's side ending first), with the status that said it. */
  far: { result: FarResult; status?: number; seconds: number };
  /**
   * An internal call (C11): the extension dialled, from whom, the agent it belongs to and their state then, and
   * whether a phone of it was registered (else since when not) — with the status the caller got when it failed.
   */
  internal: {
    from: string; fromAgent?: string; to: string; agent?: string; state?: string; reason?: string | null; since?: number;
    /** Why an unreachable agent's device is gone (a SIP event, issue 17 point 1: "sip: registration expired …"). */
    cause?: string;
    registered: boolean; expiredAt?: number; status?: number; answered: boolean;
  };
}

export type TrailStep = keyof TrailSteps;

/** One step as read back. */
export interface TrailEntry<S extends TrailStep = TrailStep> {
  seq: number;
  at: number;
  step: S;
  detail: TrailSteps[S];
}
