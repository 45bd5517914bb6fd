import { MPEGDecoder, MPEGDecoderWebWorker } from "mpg123-decoder";
import { WaveFile } from "wavefile";
import { wavHeader } from "../recorder/index.ts";
import { resampleTo8k } from "./resample.ts";

/** @internal */
// Referenced so that `bun build --compile` keeps it: the package is marked side-effect free, yet its index
// touches this export, and a tree-shaken build fails at start-up with "MPEGDecoderWebWorker is not defined".
export const keepMpegWorker = MPEGDecoderWebWorker;

/** Media types accepted for prompt uploads (SPEC M2). */
export type UploadMime = "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/mpeg" | "audio/mp3";

/** An upload we cannot turn into audio (HTTP 415 at the API). */
export class AudioFormatError extends Error {
  readonly status = 415;
  constructor(reason: string) {
    super(reason);
    this.name = "AudioFormatError";
  }
}

/** Mix channels down and resample to 8 kHz mono 16-bit (the line format of G.711, RFC 3551 §4.5.14). */
function toLine(channels: Float64Array[] | Float32Array[], sampleRate: number, scale: number): Int16Array {
  const n = channels[0]?.length ?? 0;
  const mono = new Float64Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) mono[i]! += ch[i]! / channels.length;
  if (scale !== 1) for (let i = 0; i < n; i++) mono[i]! /= scale;
  const f = resampleTo8k(mono, sampleRate);
  const out = new Int16Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(f[i]! * 32767)));
  return out;
}

/** De-interleave little-endian PCM (8/16/24/32-bit integer, 32/64-bit float) into channels scaled to −1…1. */
function deinterleave(bytes: Uint8Array, channels: number, bits: number, float: boolean): Float64Array[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bits / 8;
  const frames = Math.floor(bytes.length / (size * channels));
  const out = Array.from({ length: channels }, () => new Float64Array(frames));
  for (let f = 0, at = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++, at += size) {
      let x: number;
      if (float) x = bits === 64 ? v.getFloat64(at, true) : v.getFloat32(at, true);
      else if (bits === 16) x = v.getInt16(at, true) / 32768;
      else if (bits === 8) x = (bytes[at]! - 128) / 128;
      else if (bits === 24) x = (((bytes[at + 2]! << 24) | (bytes[at + 1]! << 16) | (bytes[at]! << 8)) >> 8) / 8388608;
      else x = v.getInt32(at, true) / 2147483648;
      out[c]![f] = x;
    }
  }
  return out;
}

function fromWav(bytes: Uint8Array): Int16Array {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (err) {
    throw new AudioFormatError(`unreadable WAV: ${String(err)}`);
  }
  const fmt = { ...(wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number; subformat?: number[] }) };
  let format = fmt.audioFormat === 0xfffe ? (fmt.subformat?.[0] ?? 1) : fmt.audioFormat;
  let bits = fmt.bitsPerSample;
  if (format === 6 || format === 7 || format === 17) {
    // A-law, µ-law, IMA ADPCM: let wavefile expand them to 16-bit PCM first.
    if (format === 6) wav.fromALaw();
    else if (format === 7) wav.fromMuLaw();
    else wav.fromIMAADPCM();
    format = 1;
    bits = 16;
  }
  if ((format !== 1 && format !== 3) || ![8, 16, 24, 32, 64].includes(bits)) throw new AudioFormatError(`unsupported WAV format ${format}/${bits}`);
  const data = (wav.data as { samples: Uint8Array }).samples;
  return toLine(deinterleave(data, fmt.numChannels, bits, format === 3), fmt.sampleRate, 1);
}

async function fromMp3(bytes: Uint8Array): Promise<Int16Array> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const r = decoder.decode(bytes);
    if (r.samplesDecoded === 0) throw new AudioFormatError("no MPEG audio frames");
    return toLine(r.channelData, r.sampleRate, 1);
  } finally {
    decoder.free();
  }
}

/**
 * Convert an uploaded prompt to the line format (8 kHz mono 16-bit PCM), SPEC M2: WAV of any rate, channels and
 * sample format (PCM 8–32 bit, float, A-law, µ-law, IMA ADPCM) via `wavefile`; MP3 via the `mpg123-decoder`
 * WebAssembly build (embedded in the JS, so it works inside the compiled executable without sox).
 */
export async function convertToLineFormat(input: Uint8Array, mime: string): Promise<Int16Array> {
  const isMp3 = /mpeg|mp3/i.test(mime) || (input[0] === 0x49 && input[1] === 0x44 && input[2] === 0x33);
  const isWav = input[0] === 0x52 && input[1] === 0x49 && input[2] === 0x46 && input[3] === 0x46;
  if (isWav) return fromWav(input);
  if (isMp3) return fromMp3(input);
  throw new AudioFormatError(`unsupported audio type ${mime}`);
}

/** 8 kHz mono 16-bit PCM as a WAV file (how prompts are stored under the data directory). */
export function lineWav(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength);
  out.set(wavHeader(pcm.byteLength, 8000, 1), 0);
  out.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), 44);
  return out;
}
