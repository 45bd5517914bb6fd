/** Call detail records and legs (C11): their types, columns and the lookups' filters and sorts. */

/**
 * How a call ended (C11); "ivr" = ended in the ARS without reaching a queue. An outbound call that was not
 * answered says why: the far end was busy, did not answer, rejected it, or could not be reached (C9).
 */
export type CallResult =
  | "answered" | "abandoned" | "callback" | "after-hours" | "failed" | "interrupted" | "ivr"
  | "busy" | "no-answer" | "rejected" | "unreachable";

/** A call detail record (C11): one caller's call through ARS, queue and agent. Times in ms. */
export interface CallRecord {
  callId: string;
  serviceId: string;
  direction: "inbound" | "outbound" | "internal";
  from: string;
  to: string;
  sipCallId: string | null;
  startedAt: number;
  queueId: string | null;
  queuedAt: number | null;
  /** First offer to an agent. */
  offeredAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  /** Login id of the agent who answered. */
  agent: string | null;
  hangupBy: "caller" | "agent" | "system" | null;
  result: CallResult | null;
  recordingPath: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  /** Consultation type (G7), set with the notes. */
  type: string | null;
  /**
   * Seconds the agent who answered spent in wrap-up (후처리, A6) after the call: 0 when the agent
   * went straight to the next state; null until the agent leaves wrap-up, and for unanswered calls.
   */
  wrapUpSeconds: number | null;
  /** The agent's inquiry/action notes (문의/조치내용, A6), up to 1024 characters; null until saved (always read). */
  notes?: string | null;
  /**
   * Why the call ended (C11), beside `hangupBy` (who): the SIP cause of its end — "bye", "cancel",
   * "timeout", "no-ack", "media-loss", "shutdown", "rejected" … ; null while open (always read).
   */
  endReason?: string | null;
}

/** A new call record; `wrapUpSeconds` and `notes` are only known later and default to null. */
export type NewCallRecord = Omit<CallRecord, "wrapUpSeconds" | "notes" | "endReason"> & { wrapUpSeconds?: number | null; notes?: string | null };

/** One leg of a call: the caller's, or one offer to an agent (C11). */
export interface CallLegRecord {
  legId: string;
  callId: string;
  role: "caller" | "agent";
  /** Number or extension of the party. */
  party: string;
  agent: string | null;
  createdAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endBy: string | null;
  endCause: string | null;
}

export const CALL_COLS: Record<keyof CallRecord, string> = {
  callId: "call_id",
  serviceId: "service_id",
  direction: "direction",
  from: "from_number",
  to: "to_number",
  sipCallId: "sip_call_id",
  startedAt: "started_at",
  queueId: "queue_id",
  queuedAt: "queued_at",
  offeredAt: "offered_at",
  answeredAt: "answered_at",
  endedAt: "ended_at",
  agent: "agent_login",
  hangupBy: "hangup_by",
  result: "result",
  recordingPath: "recording_path",
  waitSeconds: "wait_seconds",
  talkSeconds: "talk_seconds",
  type: "type",
  wrapUpSeconds: "wrap_up_seconds",
  notes: "notes",
  endReason: "end_reason",
};

export const LEG_COLS: Record<keyof CallLegRecord, string> = {
  legId: "leg_id",
  callId: "call_id",
  role: "role",
  party: "party",
  agent: "agent_login",
  createdAt: "created_at",
  answeredAt: "answered_at",
  endedAt: "ended_at",
  endBy: "end_by",
  endCause: "end_cause",
};

/**
 * Filters of the call lookups (H1, H2, API): calls started in [from, to) (ms); `number` and
 * `agentPart` match part of the value, the others the whole value.
 */
export interface CallFilter {
  from: number;
  to: number;
  /** Part of the calling or called number. */
  number?: string;
  /** Login id of the agent who answered. */
  agent?: string;
  /** Part of the login id of the agent who answered. */
  agentPart?: string;
  queueId?: string;
  result?: string;
  direction?: string;
  type?: string;
  /** Only calls an agent answered (consultations, H2). */
  answeredByAgent?: boolean;
  /** A8: leave out internal calls; only calls no agent answered. */
  external?: boolean; unanswered?: boolean;
}

/** Columns the lookups sort by; "number" is the other party's number (to when outbound, else from). */
export const CALL_SORTS = ["time", "direction", "from", "to", "queue", "agent", "result", "wait", "talk", "number", "type"] as const;
export type CallSort = (typeof CALL_SORTS)[number];

export const SORT_SQL: Record<CallSort, { expr: string; nullable: boolean }> = {
  time: { expr: "started_at", nullable: false },
  direction: { expr: "direction", nullable: false },
  from: { expr: "from_number", nullable: false },
  to: { expr: "to_number", nullable: false },
  queue: { expr: "queue_id", nullable: true },
  agent: { expr: "agent_login", nullable: true },
  result: { expr: "result", nullable: true },
  wait: { expr: "wait_seconds", nullable: true },
  talk: { expr: "talk_seconds", nullable: true },
  number: { expr: "(CASE WHEN direction = 'outbound' THEN to_number ELSE from_number END)", nullable: false },
  type: { expr: "type", nullable: true },
};

/** `col AS "key"` for each column of a row mapping. */
export const selectCols = (cols: Record<string, string>): string =>
  Object.entries(cols)
    .map(([k, c]) => `${c} AS "${k}"`)
    .join(", ");
