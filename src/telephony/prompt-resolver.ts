import { BufferSource, KOREAN_RINGBACK, SilenceSource, ToneSource, holdMusicPcm, type PcmSource } from "../media/index.ts";
import type { PromptRef } from "./call-leg.ts";
import type { PromptResolver } from "./sip-call-leg.ts";

/** Where prompt audio comes from: 8 kHz mono PCM of a prompt id (the service's own or the default). */
export interface PromptAudio {
  pcm(id: string, language: "ko" | "en", serviceId?: string): Promise<Int16Array>;
}

/** Turns PromptRefs into sources: tones and silence made here, prompts from the library (M2, M6, M7). */
export function createPromptResolver(audio: PromptAudio): PromptResolver {
  let hold: Int16Array | undefined;
  return async (prompt: PromptRef, loop: boolean): Promise<PcmSource> => {
    switch (prompt.kind) {
      case "silence":
        return new SilenceSource(prompt.ms);
      case "tone":
        if (prompt.tone === "ringback") return new ToneSource(KOREAN_RINGBACK);
        hold ??= holdMusicPcm();
        return new BufferSource(hold, loop);
      case "prompt":
        return new BufferSource(await audio.pcm(prompt.id, prompt.language, prompt.serviceId), loop);
    }
  };
}
