import type { PromptRef } from "../../telephony/index.ts";

/** What a held party hears (M7): the service's hold music. */
export const HOLD_MUSIC: PromptRef = { kind: "tone", tone: "hold" };
/** What a caller hears while an agent's phone rings (M7). */
export const RINGBACK: PromptRef = { kind: "tone", tone: "ringback" };
/** The far end is busy (C9). */
export const BUSY_TONE: PromptRef = { kind: "tone", tone: "busy" };
/** The far end did not answer, refused or could not be reached (C9). */
export const CONGESTION_TONE: PromptRef = { kind: "tone", tone: "congestion" };
