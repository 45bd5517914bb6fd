import { deflateSync } from "node:zlib";

/** CRC-32 of PNG chunks (ISO 3309, as PNG §5.5 asks). */
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * The console's app icon as a PNG of `size` px (PWA install needs 192 and 512): a blue square with
 * a white headset-like ring and dot, drawn in code so no image file has to be shipped.
 */
export function consoleIcon(size: number): Uint8Array {
  const rows = new Uint8Array(size * (size * 4 + 1));
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) / size;
      const ring = d > 0.24 && d < 0.31 && y + 0.5 < c + size * 0.08;
      const dot = d < 0.12;
      const [r, g, b] = ring || dot ? [255, 255, 255] : [29, 78, 216];
      rows.set([r, g, b, 255], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = new Uint8Array(13);
  const h = new DataView(header.buffer);
  h.setUint32(0, size);
  h.setUint32(4, size);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no interlace
  const sig = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [sig, chunk("IHDR", header), chunk("IDAT", new Uint8Array(deflateSync(rows))), chunk("IEND", new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
