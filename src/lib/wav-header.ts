/**
 * The layout of a PCM WAV file's header (RIFF/WAVE, `fmt `, `data`), read from its first bytes with no
 * I/O: one parser for the recorder's crash repair (SPEC M5) and the command line's `check` (X5).
 */

/** Where a WAV's audio starts and what its header says about the sizes. */
export interface WavLayout {
  /** Byte offset of the first audio byte (just after the `data` chunk header). */
  dataStart: number;
  /** Byte offset of the `data` chunk's size field. */
  dataSizeAt: number;
  /** The `data` size the header declares. */
  declaredData: number;
  /** The RIFF size the header declares (file size − 8 when closed properly). */
  declaredRiff: number;
  blockAlign: number;
  byteRate: number;
}

/** A WAV's header against its file size: whole, left open by a crash (repairable), or not a WAV at all. */
export type WavHeaderCheck =
  | { state: "ok"; durationMs: number }
  | { state: "partial"; durationMs: number; reason: string }
  | { state: "invalid"; reason: string };

/** How many leading bytes {@link parseWavHeader} and {@link checkWavHeader} want to see. */
export const WAV_HEAD_BYTES = 4096;

const tag = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** Parse the chunks before the audio; a string says why this is not a PCM WAV we can read. */
export function parseWavHeader(head: Uint8Array): WavLayout | string {
  if (head.length < 44) return head.length === 0 ? "empty file" : "shorter than a WAV header";
  if (tag(head, 0) !== "RIFF" || tag(head, 8) !== "WAVE") return "not a RIFF/WAVE file";
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 12;
  let blockAlign = 0;
  let byteRate = 0;
  while (at + 8 <= head.length) {
    const id = tag(head, at);
    const len = v.getUint32(at + 4, true);
    if (id === "fmt ") {
      if (at + 24 > head.length) return "fmt chunk cut short";
      byteRate = v.getUint32(at + 16, true);
      blockAlign = v.getUint16(at + 20, true);
    }
    if (id === "data") {
      if (!blockAlign || !byteRate) return "no usable fmt chunk before the audio";
      return { dataStart: at + 8, dataSizeAt: at + 4, declaredData: len, declaredRiff: v.getUint32(4, true), blockAlign, byteRate };
    }
    at += 8 + len + (len & 1);
  }
  return "no data chunk";
}

/** The sizes a header should carry for a file of `fileSize` bytes (a trailing partial frame dropped). */
export function expectedWavSizes(layout: WavLayout, fileSize: number): { data: number; riff: number; fileSize: number } {
  const data = Math.max(0, Math.floor((fileSize - layout.dataStart) / layout.blockAlign) * layout.blockAlign);
  return { data, riff: layout.dataStart - 8 + data, fileSize: layout.dataStart + data };
}

/**
 * Check a WAV's header against its size (X5 `check`): `ok` when the RIFF and `data` sizes match the
 * file, `partial` when a crash left them behind the audio (the recorder's repair fixes that at
 * start-up), `invalid` when the file is not a PCM WAV at all.
 */
export function checkWavHeader(head: Uint8Array, fileSize: number): WavHeaderCheck {
  const layout = parseWavHeader(head);
  if (typeof layout === "string") return { state: "invalid", reason: layout };
  const want = expectedWavSizes(layout, fileSize);
  const durationMs = (want.data / layout.byteRate) * 1000;
  if (layout.declaredData === want.data && layout.declaredRiff === want.riff && fileSize === want.fileSize) return { state: "ok", durationMs };
  const reason =
    fileSize !== want.fileSize
      ? `ends in a partial sample frame (${fileSize - want.fileSize} bytes)`
      : `header says ${layout.declaredData} audio bytes, the file holds ${want.data}`;
  return { state: "partial", durationMs, reason };
}
