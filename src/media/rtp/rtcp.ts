/**
 * RTCP sender reports (RFC 3550 §6.4.1) with the SDES CNAME every compound packet needs (§6.1).
 * Pure wire format: no I/O.
 */
export interface SenderReport {
  ssrc: number;
  /** Wall-clock time of the report, ms since the Unix epoch. */
  wallMs: number;
  rtpTimestamp: number;
  packets: number;
  octets: number;
  cname: string;
}

const NTP_UNIX_OFFSET = 2_208_988_800;

/** A compound RTCP packet: SR (no report blocks) + SDES with one CNAME item. */
export function buildSenderReport(r: SenderReport): Uint8Array {
  const cname = new TextEncoder().encode(r.cname.slice(0, 255));
  const sdesChunk = 4 + 2 + cname.length + 1; // SSRC, type+length, text, END
  const sdesLength = 4 + Math.ceil(sdesChunk / 4) * 4;
  const out = new Uint8Array(28 + sdesLength);
  const v = new DataView(out.buffer);
  out[0] = 0x80; // V=2, P=0, RC=0
  out[1] = 200; // SR
  v.setUint16(2, 28 / 4 - 1);
  v.setUint32(4, r.ssrc >>> 0);
  const seconds = Math.floor(r.wallMs / 1000);
  v.setUint32(8, (seconds + NTP_UNIX_OFFSET) >>> 0);
  v.setUint32(12, Math.floor(((r.wallMs % 1000) / 1000) * 0x1_0000_0000) >>> 0);
  v.setUint32(16, r.rtpTimestamp >>> 0);
  v.setUint32(20, r.packets >>> 0);
  v.setUint32(24, r.octets >>> 0);
  out[28] = 0x81; // V=2, SC=1
  out[29] = 202; // SDES
  v.setUint16(30, sdesLength / 4 - 1);
  v.setUint32(32, r.ssrc >>> 0);
  out[36] = 1; // CNAME
  out[37] = cname.length;
  out.set(cname, 38);
  // The END item and the padding are the zero bytes left after the text.
  return out;
}

/** Type and sender SSRC of the first packet of a compound RTCP packet, or undefined. */
export function parseRtcpHeader(buf: Uint8Array): { type: number; ssrc: number } | undefined {
  if (buf.length < 8 || buf[0]! >> 6 !== 2) return undefined;
  const type = buf[1]!;
  if (type < 200 || type > 206) return undefined;
  return { type, ssrc: new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(4) };
}
