import { z } from "zod";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** TTS text of a prompt (M6): 1–200 characters. */
export const promptTextSchema = z.object({
  // Issue 9: symbols alone speak as nothing; a letter or a digit is needed.
  text: z.string().trim().min(1, "required").max(200, "tooLong").regex(/[\p{L}\p{N}]/u, "noSpeech"),
});

/** An uploaded prompt (G3, G4): WAV or MP3 up to 10 MB. */
export const promptUploadSchema = z.object({
  name: z.string().min(1, "required").transform((n) => n.slice(0, 100)),
  bytes: z.instanceof(Uint8Array).refine((b) => b.length > 0, "required").refine((b) => b.length <= 10 * 1024 * 1024, "tooLong"),
  mime: z.enum(["audio/wav", "audio/mpeg"], "format"),
});
export type PromptUpload = z.input<typeof promptUploadSchema>;

const languageOf = (language: string): "ko" | "en" => (language === "ko" ? "ko" : "en");

/** The service's prompts (G3, G4, C6, M6): a text spoken by TTS, or an uploaded recording. */
export class PromptAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Keep a prompt's text and speak it when TTS is available. */
  async setText(actor: Actor, serviceId: string, prompt: string, input: { text: string }): Promise<void> {
    const { text } = parseInput(promptTextSchema, input);
    this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = this.ctx.repos.promptTexts.get(serviceId, prompt);
      this.storeText(serviceId, prompt, text);
      return { serviceId, action: "update", target: `prompts/${prompt} (text)`, before, after: { prompt, source: "tts", text }, result: undefined };
    });
    await this.speak(serviceId, prompt, text);
  }

  /** Convert and keep an uploaded recording; unreadable audio stores nothing ("format"). */
  async upload(actor: Actor, serviceId: string, prompt: string, input: PromptUpload): Promise<void> {
    const v = parseInput(promptUploadSchema, input);
    serviceOf(this.ctx, serviceId);
    const store = this.ctx.hooks.prompts;
    if (!store) throw refuse("file", "format");
    try {
      await store.saveUpload(serviceId, prompt, v.bytes, v.mime);
    } catch {
      throw refuse("file", "format");
    }
    this.ctx.changes.commit(actor, () => {
      const before = this.ctx.repos.promptTexts.get(serviceId, prompt);
      const after = { prompt, source: "upload" as const, text: before?.text ?? "", file: v.name };
      this.ctx.repos.promptTexts.put(serviceId, after, this.ctx.clock.now());
      return { serviceId, action: "update", target: `prompts/${prompt} (upload ${v.name})`, before, after, result: undefined };
    });
  }

  /** Inside another operation's transaction: the prompt's text, spoken afterwards by `speak`. */
  storeText(serviceId: string, prompt: string, text: string): void {
    this.ctx.repos.promptTexts.put(serviceId, { prompt, source: "tts", text }, this.ctx.clock.now());
  }

  /** Speak a stored text into the prompt's audio (M6); nothing without TTS. */
  async speak(serviceId: string, prompt: string, text: string): Promise<void> {
    const store = this.ctx.hooks.prompts;
    if (!store?.ttsAvailable()) return;
    const service = serviceOf(this.ctx, serviceId);
    await store.saveTts(serviceId, prompt, text, languageOf(service.language));
  }
}
