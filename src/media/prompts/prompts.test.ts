import { afterAll, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WaveFile } from "wavefile";
import { BufferSource, ToneSource } from "../player/index.ts";
import { wavToMp3 } from "../recorder/index.ts";
import { AudioFormatError, convertToLineFormat, lineWav } from "./line-format.ts";
import { PromptLibrary, promptFileName } from "./prompt-library.ts";
import { resampleTo8k } from "./resample.ts";
import { DEFAULT_PROMPT_IDS } from "./prompt-types.ts";
import { synthesize, ttsAvailable } from "./synthesize.ts";

const dataDir = mkdtempSync(join(tmpdir(), "prompts-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sine = (n: number, rate: number, hz: number) => new Float64Array(n).map((_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

/** Zero crossings per second ≈ 2 × frequency. */
function dominantHz(pcm: Int16Array): number {
  let z = 0;
  for (let i = 1; i < pcm.length; i++) if ((pcm[i - 1]! < 0) !== (pcm[i]! < 0)) z++;
  return z / 2 / (pcm.length / 8000);
}

describe("Prompts (M2, M6)", () => {
  it("M6: MUST ship every default prompt in Korean and English as short 8 kHz mono audio", async () => {
    const lib = new PromptLibrary({ dataDir });
    for (const language of ["ko", "en"] as const) {
      for (const id of DEFAULT_PROMPT_IDS) {
        const pcm = await lib.pcm(id, language);
        expect(pcm, `${language}/${id}`).toBeDefined();
        expect(pcm!.length / 8000).toBeGreaterThan(1);
        expect(pcm!.length / 8000).toBeLessThan(10);
      }
    }
    expect(await lib.pcm("greeting", "ko")).toBe((await lib.pcm("greeting", "ko"))!); // cached
  });

  it("M6: a service's own prompt MUST win over the default; unknown prompts play silence", async () => {
    const lib = new PromptLibrary({ dataDir });
    const path = await lib.save("acme", "greeting", new Int16Array(8000).fill(1234));
    expect(path).toBe(join(dataDir, "prompts", "acme", "greeting.wav"));
    expect((await lib.pcm("greeting", "ko", "acme"))![0]).toBe(1234);
    expect((await lib.pcm("greeting", "ko", "other"))![0]).not.toBe(1234);
    await lib.save("acme", "custom:holiday", new Int16Array(800).fill(7));
    expect((await lib.pcm("custom:holiday", "en", "acme"))!.length).toBe(800);
    expect(await lib.source({ kind: "prompt", id: "custom:none", language: "en" })).not.toBeInstanceOf(BufferSource);
    expect(await lib.source({ kind: "tone", tone: "ringback" })).toBeInstanceOf(ToneSource);
    expect(await lib.source({ kind: "tone", tone: "hold" })).toBeInstanceOf(BufferSource);
    expect(promptFileName("../etc/passwd")).toBeUndefined();
    expect(lib.servicePath("../x", "greeting")).toBeUndefined();
  });

  it("M2: MUST convert uploaded WAV of any rate and channels, and MP3, to 8 kHz mono", async () => {
    const wav = new WaveFile();
    wav.fromScratch(2, 44100, "16", [sine(44100, 44100, 1000).map((v) => v * 32767), sine(44100, 44100, 1000).map((v) => v * 32767)]);
    const pcm = await convertToLineFormat(wav.toBuffer(), "audio/wav");
    expect(Math.abs(pcm.length - 8000)).toBeLessThan(10);
    expect(Math.abs(dominantHz(pcm) - 1000)).toBeLessThan(20);
    const f32 = new WaveFile();
    f32.fromScratch(1, 16000, "32f", sine(16000, 16000, 500));
    expect(Math.abs(dominantHz(await convertToLineFormat(f32.toBuffer(), "audio/x-wav")) - 500)).toBeLessThan(15);
    const mp3Path = join(dataDir, "tone.wav");
    writeFileSync(mp3Path, lineWav(new Int16Array(16000).map((_, i) => Math.round(9000 * Math.sin((2 * Math.PI * 440 * i) / 8000)))));
    const fromMp3 = await convertToLineFormat(wavToMp3(mp3Path), "audio/mpeg");
    expect(fromMp3.length).toBeGreaterThan(15000);
    expect(Math.abs(dominantHz(fromMp3.subarray(2000, 14000)) - 440)).toBeLessThan(15);
    expect(convertToLineFormat(new Uint8Array([1, 2, 3]), "text/plain")).rejects.toBeInstanceOf(AudioFormatError);
  });

  it("M2: resampling MUST low-pass: a 6 kHz tone at 44.1 kHz must not alias into the 8 kHz line signal", () => {
    const pass = resampleTo8k(sine(44100, 44100, 1000), 44100);
    const stop = resampleTo8k(sine(44100, 44100, 6000), 44100);
    const rms = (x: Float64Array) => Math.sqrt(x.subarray(100, -100).reduce((s, v) => s + v * v, 0) / (x.length - 200));
    expect(pass.length).toBe(8000);
    expect(rms(pass)).toBeGreaterThan(0.3);
    expect(rms(stop)).toBeLessThan(0.01);
  });

  it("M6: MUST synthesize Korean and English with espeak-ng when installed", async () => {
    if (!ttsAvailable()) {
      expect(await synthesize("hello", "en")).toBeUndefined();
      return;
    }
    const ko = await synthesize("안녕하십니까. 일 번을 눌러 주십시오.", "ko");
    const en = await synthesize("Press one.", "en");
    expect(ko!.length / 8000).toBeGreaterThan(1);
    expect(en!.length / 8000).toBeGreaterThan(0.4);
    expect(Math.max(...en!)).toBeGreaterThan(3000);
  });

  it("M6: a broken service file MUST fall back to the default", async () => {
    const lib = new PromptLibrary({ dataDir });
    mkdirSync(join(dataDir, "prompts", "broken"), { recursive: true });
    writeFileSync(join(dataDir, "prompts", "broken", "menu.wav"), "not a wav");
    expect((await lib.pcm("menu", "en", "broken"))!.length).toBeGreaterThan(8000);
  });
});
