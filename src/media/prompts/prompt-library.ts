import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "../../lib/index.ts";
import type { Logger } from "../../lib/index.ts";
import { BufferSource, holdMusicPcm, KOREAN_BUSY, KOREAN_CONGESTION, KOREAN_RINGBACK, SilenceSource, ToneSource } from "../player/index.ts";
import type { PcmSource, ToneSpec } from "../player/index.ts";
import { readPcmWav } from "../recorder/index.ts";
import { convertToLineFormat, lineWav } from "./line-format.ts";
import { DEFAULT_PROMPT_IDS } from "./prompt-types.ts";
import type { DefaultPromptFiles, MediaPromptRef, PromptLanguage } from "./prompt-types.ts";

export interface PromptLibraryOptions {
  /** `CC_DATA_DIR`: a service's prompts live in `<dataDir>/prompts/<serviceId>/<id>.wav`. */
  dataDir: string;
  /**
   * The shipped prompts (embedded files of `public/prompts/index.ts` in the executable).
   * Default: `public/prompts/<lang>/<id>.wav` of the source tree (`bun run`, tests).
   */
  defaults?: DefaultPromptFiles;
  ringback?: ToneSpec;
  logger?: Logger;
}

const SOURCE_TREE_PROMPTS = join(import.meta.dir, "../../../public/prompts");

function sourceTreeDefaults(): DefaultPromptFiles {
  const files: DefaultPromptFiles = { ko: {}, en: {} };
  for (const lang of ["ko", "en"] as const) for (const id of DEFAULT_PROMPT_IDS) files[lang][id] = join(SOURCE_TREE_PROMPTS, lang, `${id}.wav`);
  return files;
}

/** File name of a prompt id: `custom:xyz` → `custom-xyz.wav`; anything outside [\w-] is refused (no path tricks). */
export function promptFileName(id: string): string | undefined {
  const name = id.replace(/^custom:/, "custom-");
  return /^[\w-]{1,64}$/.test(name) ? `${name}.wav` : undefined;
}

/**
 * Resolves what to play to 8 kHz mono PCM (SPEC M2, M6, M7): a service's own prompt file wins over the
 * default of its language; decoded audio is cached (tens of KB per prompt) until `invalidate()`.
 */
export class PromptLibrary {
  private readonly cache = new Map<string, Promise<Int16Array | undefined>>();
  private readonly defaults: DefaultPromptFiles;
  private readonly log: Logger;

  constructor(private readonly options: PromptLibraryOptions) {
    this.defaults = options.defaults ?? sourceTreeDefaults();
    this.log = (options.logger ?? silentLogger).child("prompts");
  }

  /** Where a service's prompt is stored. */
  servicePath(serviceId: string, id: string): string | undefined {
    const file = promptFileName(id);
    if (!file || !/^[A-Za-z0-9_-]{1,64}$/.test(serviceId)) return undefined;
    return join(this.options.dataDir, "prompts", serviceId, file);
  }

  /** The PCM of a prompt: the service's file, else the default for the language (en for unknown ids). */
  async pcm(id: string, language: PromptLanguage, serviceId?: string): Promise<Int16Array | undefined> {
    if (serviceId) {
      const own = this.servicePath(serviceId, id);
      if (own) {
        const pcm = await this.load(own);
        if (pcm) return pcm;
      }
    }
    const path = (this.defaults[language] as Record<string, string | undefined>)[id];
    return path ? this.load(path) : undefined;
  }

  /**
   * A ready-to-play source for a reference (what `CallLeg.play` needs): prompts (optionally looped), ringback
   * and hold tones (endless), silence. A missing prompt plays 200 ms of silence and logs a warning.
   */
  async source(ref: MediaPromptRef, options: { loop?: boolean } = {}): Promise<PcmSource> {
    switch (ref.kind) {
      case "silence":
        return new SilenceSource(ref.ms);
      case "tone":
        if (ref.tone === "hold") return new BufferSource(holdMusicPcm(), true);
        if (ref.tone === "busy") return new ToneSource(KOREAN_BUSY);
        if (ref.tone === "congestion") return new ToneSource(KOREAN_CONGESTION);
        return new ToneSource(this.options.ringback ?? KOREAN_RINGBACK);
      case "prompt": {
        const pcm = await this.pcm(ref.id, ref.language, ref.serviceId);
        if (!pcm) {
          this.log.warn({ id: ref.id, language: ref.language, serviceId: ref.serviceId }, "prompt missing");
          return new SilenceSource(200);
        }
        return new BufferSource(pcm, options.loop ?? false);
      }
    }
  }

  /** Convert an upload or TTS result and store it as the service's prompt (atomic rename), then drop the cache. */
  async save(serviceId: string, id: string, audio: Int16Array | { bytes: Uint8Array; mime: string }): Promise<string> {
    const path = this.servicePath(serviceId, id);
    if (!path) throw new RangeError(`bad prompt id "${id}" or service "${serviceId}"`);
    const pcm = audio instanceof Int16Array ? audio : await convertToLineFormat(audio.bytes, audio.mime);
    mkdirSync(join(this.options.dataDir, "prompts", serviceId), { recursive: true });
    writeFileSync(`${path}.tmp`, lineWav(pcm));
    renameSync(`${path}.tmp`, path);
    this.cache.delete(path);
    return path;
  }

  /** Forget cached audio (all, or one file). */
  invalidate(path?: string): void {
    if (path) this.cache.delete(path);
    else this.cache.clear();
  }

  private load(path: string): Promise<Int16Array | undefined> {
    let p = this.cache.get(path);
    if (!p) {
      p = this.read(path);
      this.cache.set(path, p);
    }
    return p;
  }

  private async read(path: string): Promise<Int16Array | undefined> {
    const file = Bun.file(path);
    if (!(await file.exists())) {
      this.cache.delete(path);
      return undefined;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const wav = readPcmWav(bytes);
    if (wav && wav.sampleRate === 8000 && wav.channels === 1) return wav.samples;
    try {
      return await convertToLineFormat(bytes, "audio/wav");
    } catch (err) {
      this.log.warn({ path, err: String(err) }, "unreadable prompt file");
      return undefined;
    }
  }
}
