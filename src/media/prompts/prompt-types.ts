/** The default prompts of SPEC M6 that ship inside the executable, in Korean and English. */
export const DEFAULT_PROMPT_IDS = [
  "greeting",
  "menu",
  "info-repeat",
  "after-hours",
  "connecting",
  "delay",
  "callback-offer",
  "callback-accepted",
  "invalid-input",
  "goodbye",
] as const;

export type DefaultPromptId = (typeof DEFAULT_PROMPT_IDS)[number];

export type PromptLanguage = "ko" | "en";

/**
 * What to play (structurally the same as telephony's `PromptRef`, which media cannot import):
 * a prompt by id (a service's own upload or TTS wins over the default), a tone, or silence.
 */
export type MediaPromptRef =
  | { kind: "prompt"; id: DefaultPromptId | `custom:${string}`; language: PromptLanguage; serviceId?: string }
  | { kind: "tone"; tone: "ringback" | "hold" | "busy" | "congestion" }
  | { kind: "silence"; ms: number };

/** Paths of the default prompt files by language and id (`public/prompts/index.ts` exports the embedded ones). */
export type DefaultPromptFiles = Record<PromptLanguage, Partial<Record<DefaultPromptId, string>>>;
