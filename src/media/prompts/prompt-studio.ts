import { lineWav } from "./line-format.ts";
import type { PromptLibrary } from "./prompt-library.ts";
import { synthesize, ttsAvailable } from "./synthesize.ts";
import type { PromptLanguage } from "./prompt-types.ts";

/**
 * What the admin prompt pages need (G3, G4, M6): speak a text for the preview button, store a
 * spoken text or an upload as a service's prompt. Speech needs espeak-ng on the host.
 */
export function createPromptStudio(library: PromptLibrary) {
  return {
    ttsAvailable,
    async preview(text: string, language: PromptLanguage): Promise<Uint8Array | undefined> {
      const pcm = await synthesize(text, language);
      return pcm && lineWav(pcm);
    },
    async saveTts(serviceId: string, id: string, text: string, language: PromptLanguage): Promise<void> {
      const pcm = await synthesize(text, language);
      if (!pcm) throw new Error("text-to-speech is not available on this host");
      await library.save(serviceId, id, pcm);
    },
    async saveUpload(serviceId: string, id: string, bytes: Uint8Array, mime: string): Promise<void> {
      await library.save(serviceId, id, { bytes, mime });
    },
    /** What callers hear now (the service's prompt, else the shipped default) as a WAV, for the pages' player. */
    async current(serviceId: string, id: string, language: PromptLanguage): Promise<Uint8Array | undefined> {
      const pcm = await library.pcm(id, language, serviceId);
      return pcm && lineWav(pcm);
    },
  };
}
