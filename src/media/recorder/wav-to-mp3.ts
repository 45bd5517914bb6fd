import { Mp3Encoder } from "@breezystack/lamejs";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repairWav } from "./wav-file.ts";

/** Parse a 16-bit PCM WAV: sample rate, channels and the interleaved samples. */
export function readPcmWav(bytes: Uint8Array): { sampleRate: number; channels: number; samples: Int16Array } | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 44 || tag(0) !== "RIFF" || tag(8) !== "WAVE") return undefined;
  let at = 12;
  let fmt: { sampleRate: number; channels: number; bits: number; format: number } | undefined;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const len = v.getUint32(at + 4, true);
    if (id === "fmt ") {
      fmt = { format: v.getUint16(at + 8, true), channels: v.getUint16(at + 10, true), sampleRate: v.getUint32(at + 12, true), bits: v.getUint16(at + 22, true) };
    } else if (id === "data" && fmt && fmt.bits === 16 && (fmt.format === 1 || fmt.format === 0xfffe)) {
      const end = Math.min(bytes.length, at + 8 + len);
      const start = bytes.byteOffset + at + 8;
      const count = Math.floor((end - at - 8) / 2);
      const samples = start % 2 === 0 ? new Int16Array(bytes.buffer, start, count) : new Int16Array(bytes.slice(at + 8, at + 8 + count * 2).buffer);
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, samples };
    }
    at += 8 + len + (len & 1);
  }
  return undefined;
}

/**
 * Encode a recording (16-bit PCM WAV, mono or stereo) as MP3 for download (SPEC M5, H2 녹취다운), with
 * `@breezystack/lamejs` (LGPL-3.0). 8 kHz input gives MPEG-2.5 Layer III at `kbps` (default 32).
 */
export function wavToMp3(path: string, kbps = 32): Uint8Array {
  const wav = readPcmWav(new Uint8Array(readFileSync(path)));
  if (!wav) throw new Error(`not a 16-bit PCM WAV: ${path}`);
  const { channels, sampleRate, samples } = wav;
  const enc = new Mp3Encoder(Math.min(channels, 2), sampleRate, kbps);
  const frames = Math.floor(samples.length / channels);
  const chunks: Uint8Array[] = [];
  const block = 1152 * 8;
  const left = new Int16Array(block);
  const right = new Int16Array(block);
  for (let start = 0; start < frames; start += block) {
    const n = Math.min(block, frames - start);
    for (let i = 0; i < n; i++) {
      left[i] = samples[(start + i) * channels]!;
      right[i] = samples[(start + i) * channels + (channels > 1 ? 1 : 0)]!;
    }
    const out = channels > 1 ? enc.encodeBuffer(left.subarray(0, n), right.subarray(0, n)) : enc.encodeBuffer(left.subarray(0, n));
    if (out.length) chunks.push(new Uint8Array(out));
  }
  const tail = enc.flush();
  if (tail.length) chunks.push(new Uint8Array(tail));
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const mp3 = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    mp3.set(c, at);
    at += c.length;
  }
  return mp3;
}

/** Run `repairWav` over every `.wav` under a directory (start-up, SPEC M5); returns the paths it fixed. */
export function repairRecordings(dir: string): string[] {
  const fixed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return fixed;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fixed.push(...repairRecordings(path));
    else if (name.toLowerCase().endsWith(".wav") && repairWav(path)?.repaired) fixed.push(path);
  }
  return fixed;
}
