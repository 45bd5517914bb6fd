import { alaw, mulaw } from "alawmulaw";

/**
 * G.711 (ITU-T G.711) PCMU (µ-law, RTP payload type 0) and PCMA (A-law, payload type 8), RFC 3551 §4.5.14,
 * for 8 kHz mono 16-bit PCM. Table driven: 256-entry decode tables and 64 Ki-entry encode tables built once
 * from `alawmulaw` (bit-exact with sox), so a 160-sample frame costs 160 array loads.
 */
export type G711Codec = "PCMU" | "PCMA";

/** Static RTP payload types of RFC 3551 Table 4. */
export const PAYLOAD_TYPE = { PCMU: 0, PCMA: 8, G722: 9 } as const;

/** Samples in one 20 ms frame at 8 kHz (RFC 3551 §4.5.14: default packetization 20 ms). */
export const FRAME_SAMPLES = 160;

function buildDecode(decode: (s: number) => number): Int16Array {
  const t = new Int16Array(256);
  for (let i = 0; i < 256; i++) t[i] = decode(i);
  return t;
}

function buildEncode(encode: (s: number) => number): Uint8Array {
  const t = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = encode((i << 16) >> 16);
  return t;
}

const DECODE_U = buildDecode(mulaw.decodeSample);
const DECODE_A = buildDecode(alaw.decodeSample);
const ENCODE_U = buildEncode(mulaw.encodeSample);
const ENCODE_A = buildEncode(alaw.encodeSample);

/** Byte-to-byte transcoding tables (PCMA → PCMU and back) for a bridge whose legs chose different codecs. */
export const ALAW_TO_ULAW = new Uint8Array(256).map((_, i) => ENCODE_U[DECODE_A[i]! & 0xffff]!);
export const ULAW_TO_ALAW = new Uint8Array(256).map((_, i) => ENCODE_A[DECODE_U[i]! & 0xffff]!);

/** Encode PCM into `out` (allocated when omitted); returns the encoded bytes. */
export function encodeG711(codec: G711Codec, pcm: Int16Array, out = new Uint8Array(pcm.length)): Uint8Array {
  const table = codec === "PCMU" ? ENCODE_U : ENCODE_A;
  const n = pcm.length;
  for (let i = 0; i < n; i++) out[i] = table[pcm[i]! & 0xffff]!;
  return out;
}

/** Decode G.711 bytes into `out` (allocated when omitted); returns the PCM samples. */
export function decodeG711(codec: G711Codec, bytes: Uint8Array, out = new Int16Array(bytes.length)): Int16Array {
  const table = codec === "PCMU" ? DECODE_U : DECODE_A;
  const n = bytes.length;
  for (let i = 0; i < n; i++) out[i] = table[bytes[i]!]!;
  return out;
}

/** The 256-entry decode table of a law (for loops that decode straight out of a received packet). */
export function decodeTable(codec: G711Codec): Int16Array {
  return codec === "PCMU" ? DECODE_U : DECODE_A;
}

/** The codec of a static payload type, or undefined (RFC 3551 Table 4). */
export function codecOfPayloadType(pt: number): G711Codec | undefined {
  return pt === 0 ? "PCMU" : pt === 8 ? "PCMA" : undefined;
}

/**
 * Transcode `length` bytes at `offset` in `data` from one G.711 law to the other into `out` (a plain copy when
 * the laws are equal); returns the bytes written. Reads the source where it lies, so a received datagram is
 * never viewed or changed (other listeners of the packet see the original).
 */
export function transcodeG711(from: G711Codec, to: G711Codec, data: Uint8Array, offset: number, length: number, out: Uint8Array): number {
  const n = Math.min(length, out.length);
  if (from === to) {
    for (let i = 0; i < n; i++) out[i] = data[offset + i]!;
    return n;
  }
  const table = from === "PCMA" ? ALAW_TO_ULAW : ULAW_TO_ALAW;
  for (let i = 0; i < n; i++) out[i] = table[data[offset + i]!]!;
  return n;
}
