import { decodeTable, encodeG711, transcodeG711, type G711Codec } from "./g711.ts";
import { G722Decoder, G722Encoder } from "./g722.ts";

/**
 * The audio codecs of plain RTP legs (M1): G.711 µ-law and A-law, and G.722 (payload type 9, RTP clock 8000 —
 * RFC 3551 §4.5.2 — so 160 bytes and 160 timestamp units per 20 ms frame, like G.711). WebRTC legs use G.711 only.
 */
export type AudioCodec = G711Codec | "G722";

/** The codec of a static payload type we speak, or undefined (RFC 3551 Table 4). */
export function audioCodecOfPayloadType(pt: number): AudioCodec | undefined {
  return pt === 0 ? "PCMU" : pt === 8 ? "PCMA" : pt === 9 ? "G722" : undefined;
}

/**
 * Encodes 8 kHz line audio (a prompt, a tone, a decoded party) for one stream: G.711 by table, G.722 with its
 * adaptive state (one encoder per stream, made afresh when the stream switches to G.722).
 */
export class LineEncoder {
  private g722?: G722Encoder;

  encode(codec: AudioCodec, pcm: Int16Array, out: Uint8Array<ArrayBuffer>): Uint8Array {
    if (codec !== "G722") {
      this.g722 = undefined;
      return encodeG711(codec, pcm, out.subarray(0, pcm.length));
    }
    this.g722 ??= new G722Encoder();
    return out.subarray(0, this.g722.encodeNarrow(pcm, out));
  }
}

/** Decodes a stream's payloads to 8 kHz line audio (the recording); G.722 keeps its adaptive state. */
export class LineDecoder {
  private g722?: G722Decoder;

  /** Decode `length` bytes at `offset` into `out`; returns the sample count. */
  decode(codec: AudioCodec, data: Uint8Array, offset: number, length: number, out: Int16Array): number {
    if (codec === "G722") return (this.g722 ??= new G722Decoder()).decodeNarrow(data, offset, length, out);
    this.g722 = undefined;
    const table = decodeTable(codec);
    const n = Math.min(length, out.length);
    for (let i = 0; i < n; i++) out[i] = table[data[offset + i]!]!;
    return n;
  }
}

/**
 * One direction of a bridge whose legs chose different codecs: G.711 law to law by table, anything with G.722
 * through 8 kHz PCM (G.722's lower sub-band). Reads the source where it lies; returns the bytes written to `out`.
 */
export class Transcoder {
  private readonly decoder = new LineDecoder();
  private readonly encoder = new LineEncoder();
  private readonly pcm = new Int16Array(1500);
  private readonly bytes = new Uint8Array(1500);

  transcode(from: AudioCodec, to: AudioCodec, data: Uint8Array, offset: number, length: number, out: Uint8Array): number {
    if (from !== "G722" && to !== "G722") return transcodeG711(from, to, data, offset, length, out);
    if (from === to) {
      const n = Math.min(length, out.length);
      for (let i = 0; i < n; i++) out[i] = data[offset + i]!;
      return n;
    }
    const n = this.decoder.decode(from, data, offset, Math.min(length, out.length), this.pcm);
    const encoded = this.encoder.encode(to, this.pcm.subarray(0, n), this.bytes);
    out.set(encoded);
    return encoded.length;
  }
}
