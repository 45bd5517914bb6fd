import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { expectedWavSizes, parseWavHeader, WAV_HEAD_BYTES } from "../../lib/index.ts";

/** Canonical 44-byte PCM WAV header (RIFF/WAVE, `fmt ` PCM format 1, then `data`). */
export function wavHeader(dataBytes: number, sampleRate = 8000, channels = 2, bits = 16): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (h[at + i] = c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, (sampleRate * channels * bits) / 8, true);
  v.setUint16(32, (channels * bits) / 8, true);
  v.setUint16(34, bits, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  return h;
}

/**
 * A WAV file written as it goes (SPEC M5): the header's sizes are rewritten after every append, so a crash
 * leaves a file that plays up to the last batch; `repairWav` fixes the rest at start-up.
 */
export class WavAppender {
  private readonly fd: number;
  /** The header as written; both sizes are rewritten with one write of bytes 4–43 (one syscall, not two). */
  private readonly header: Uint8Array;
  private readonly headerView: DataView;
  private bytes = 0;
  private closed = false;

  constructor(
    readonly path: string,
    sampleRate = 8000,
    channels = 2,
  ) {
    this.header = wavHeader(0, sampleRate, channels);
    this.headerView = new DataView(this.header.buffer);
    this.fd = openSync(path, "w");
    writeSync(this.fd, this.header, 0, 44, 0);
  }

  /** Bytes of audio written. */
  get dataBytes(): number {
    return this.bytes;
  }

  append(samples: Int16Array): void {
    if (this.closed || samples.length === 0) return;
    const view = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    const n = writeSync(this.fd, view, 0, view.length, 44 + this.bytes);
    // A short write is how a full disk often shows first: the header keeps the last whole batch.
    if (n !== view.length) throw new Error(`short write to ${this.path} (${n} of ${view.length} bytes): disk full?`);
    this.bytes += view.length;
    this.updateSizes();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.updateSizes();
    } finally {
      closeSync(this.fd);
    }
  }

  private updateSizes(): void {
    this.headerView.setUint32(4, 36 + this.bytes, true);
    this.headerView.setUint32(40, this.bytes, true);
    writeSync(this.fd, this.header, 4, 40, 4);
  }
}

/**
 * Make a WAV cut short by a crash playable (SPEC M5): set the RIFF and `data` sizes from the file length and drop
 * a trailing partial sample frame. Returns the audio duration in ms, or undefined when the file is not a PCM WAV.
 */
export function repairWav(path: string): { repaired: boolean; durationMs: number } | undefined {
  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, WAV_HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
    const layout = parseWavHeader(head);
    if (typeof layout === "string") return undefined;
    const want = expectedWavSizes(layout, size);
    const repaired = layout.declaredData !== want.data || layout.declaredRiff !== want.riff || size !== want.fileSize;
    if (repaired) {
      if (size !== want.fileSize) ftruncateSync(fd, want.fileSize);
      const b = new Uint8Array(4);
      const bv = new DataView(b.buffer);
      bv.setUint32(0, want.riff, true);
      writeSync(fd, b, 0, 4, 4);
      bv.setUint32(0, want.data, true);
      writeSync(fd, b, 0, 4, layout.dataSizeAt);
    }
    return { repaired, durationMs: (want.data / layout.byteRate) * 1000 };
  } finally {
    closeSync(fd);
  }
}
