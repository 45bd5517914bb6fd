import { convertToLineFormat } from "./line-format.ts";
import type { PromptLanguage } from "./prompt-types.ts";

/** SPEC M6: prompt texts are at most 200 characters. */
export const MAX_TTS_CHARS = 200;

let available: boolean | undefined;

/** True when `espeak-ng` is on the PATH (checked once). */
export function ttsAvailable(): boolean {
  available ??= Bun.which("espeak-ng") !== null;
  return available;
}

/**
 * Text-to-speech through Debian's `espeak-ng` (SPEC M6), Korean (`-v ko`) or English (`-v en`), as 8 kHz mono PCM.
 * Returns undefined when espeak-ng is not installed (the page then asks for an upload). Text is passed as an
 * argument, never through a shell; numbers should already be written out in Hangul for Korean.
 */
export async function synthesize(text: string, language: PromptLanguage): Promise<Int16Array | undefined> {
  if (!ttsAvailable()) return undefined;
  const clean = text.replace(/\s+/g, " ").trim().slice(0, MAX_TTS_CHARS);
  if (!clean) return new Int16Array(0);
  const proc = Bun.spawn(["espeak-ng", "-v", language === "ko" ? "ko" : "en", "-s", "155", "--stdout", "--", clean], {
    stdout: "pipe",
    stderr: "ignore",
    stdin: "ignore",
  });
  const wav = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
  if ((await proc.exited) !== 0 || wav.length < 44) return undefined;
  // espeak-ng writes a streaming WAV whose size fields are 0xFFFFFFFF; fix them before parsing.
  const v = new DataView(wav.buffer);
  v.setUint32(4, wav.length - 8, true);
  if (String.fromCharCode(...wav.subarray(36, 40)) === "data") v.setUint32(40, wav.length - 44, true);
  return convertToLineFormat(wav, "audio/wav");
}
