/**
 * What the prompt pages need from the media layer (M6), which web cannot import: main.ts wires it
 * to media's `synthesize()` / `PromptLibrary.save()` as `WebDeps.promptAudio`. Without it the
 * pages keep the texts and say that speech is not available.
 */
export interface PromptAudio {
  /** True when text-to-speech (espeak-ng) is installed. */
  ttsAvailable(): boolean;
  /** A WAV of `text` spoken in `language`, for the preview button; undefined without TTS. */
  preview(text: string, language: "ko" | "en"): Promise<Uint8Array | undefined>;
  /** Speak `text` and store it as the service's prompt `id` ("greeting", "custom:info-2" …). */
  saveTts(serviceId: string, id: string, text: string, language: "ko" | "en"): Promise<void>;
  /** Convert an uploaded WAV/MP3 and store it as the service's prompt `id`; throws on unreadable audio. */
  saveUpload(serviceId: string, id: string, bytes: Uint8Array, mime: string): Promise<void>;
  /** What callers hear now for the prompt `id` as a WAV (the service's own, else the default); optional. */
  current?(serviceId: string, id: string, language: "ko" | "en"): Promise<Uint8Array | undefined>;
}
