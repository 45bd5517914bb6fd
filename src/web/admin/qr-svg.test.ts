import { describe, expect, it } from "bun:test";
import decodeQR from "@paulmillr/qr/decode.js";
import { qrSvg } from "./qr-svg.ts";

/** Paint the SVG's path back into pixels (8 per module) and read it like a camera would. */
function readSvg(svg: string): string {
  const size = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  const scale = 8;
  const px = size * scale;
  const data = new Uint8Array(px * px * 3).fill(255);
  for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let yy = y * scale; yy < (y + 1) * scale; yy++) {
      for (let xx = x * scale; xx < (x + w) * scale; xx++) data.fill(0, (yy * px + xx) * 3, (yy * px + xx) * 3 + 3);
    }
  }
  return decodeQR({ width: px, height: px, data });
}

describe("QR code of a provisioning URL (issue 9, G2)", () => {
  it("MUST encode the URL so that a reader gets it back exactly", () => {
    const url = "https://cc.example.com:8443/agent/?service=demo&loginId=walker";
    const svg = qrSvg(url, "QR <code>");
    expect(readSvg(svg)).toBe(url);
    expect(svg).toContain('aria-label="QR &lt;code&gt;"');
    expect(svg.length).toBeLessThan(6000);
    expect(svg).not.toContain("style=");
  });
});
