import encodeQR from "@paulmillr/qr";

/**
 * A QR code of `text` as one compact SVG path (a phone's camera or a desk phone reads it), made
 * on the server so no script or CDN is needed. The library encodes; runs of dark modules in a row
 * become one rectangle each, which keeps a provisioning URL's code near 2 KB instead of 24 KB.
 */
export function qrSvg(text: string, label: string): string {
  const rows = encodeQR(text, "raw", { ecc: "medium", border: 2 });
  const size = rows.length;
  let d = "";
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < row.length && row[end + 1]) end++;
      d += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`;
      x = end;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" class="qr" role="img" aria-label="${escapeAttr(label)}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}

const escapeAttr = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
