/**
 * A caller's place in a queue (C5–C8):
 *
 *   waiting ──offer──▶ offering ──agent answers──▶ connected
 *      ▲                  │
 *      └── no answer ─────┘
 *   waiting | offering ──caller hangs up──▶ abandoned
 *   waiting | offering ──callback key─────▶ callback
 *   waiting | offering ──error / shutdown─▶ failed
 */
export type QueueEntryState = "waiting" | "offering" | "connected" | "abandoned" | "callback" | "failed";

/** States a caller is still in the queue. */
export const IN_QUEUE: readonly QueueEntryState[] = ["waiting", "offering"];

/** The allowed transitions. */
export const TRANSITIONS: Record<QueueEntryState, readonly QueueEntryState[]> = {
  waiting: ["offering", "abandoned", "callback", "failed"],
  offering: ["waiting", "connected", "abandoned", "callback", "failed"],
  connected: [],
  abandoned: [],
  callback: [],
  failed: [],
};
