/** An address range: the network as a bigint, its prefix length and address family width. */
interface Range {
  bits: 32 | 128;
  network: bigint;
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: string[] = [];
  if (v4) {
    const n = parseV4(v4[1]!);
    if (n === undefined) return undefined;
    tail = [((n >> 16n) & 0xffffn).toString(16), (n & 0xffffn).toString(16)];
    text = text.slice(0, -v4[1]!.length) + "0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (v4) groups.splice(6, 2, ...tail);
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** Parse an address (IPv4, IPv6, IPv4-mapped IPv6 as IPv4) into its family and value. */
export function parseAddress(s: string): { bits: 32 | 128; value: bigint } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  if (mapped) return parseAddress(mapped[1]!);
  const v4 = parseV4(s);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = s.includes(":") ? parseV6(s.replace(/%.*$/, "")) : undefined;
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

/** Parse "203.0.113.0/24", "2001:db8::/32" or a single address (a /32 or /128). */
export function parseCidr(s: string): Range | undefined {
  const [addr, len, extra] = s.trim().split("/");
  if (extra !== undefined || !addr) return undefined;
  const a = parseAddress(addr);
  if (!a) return undefined;
  const prefix = len === undefined ? a.bits : /^\d{1,3}$/.test(len) ? Number(len) : -1;
  if (prefix < 0 || prefix > a.bits) return undefined;
  const shift = BigInt(a.bits - prefix);
  return { bits: a.bits, network: (a.value >> shift) << shift, prefix };
}

/** True when `address` lies in any of `cidrs` (G10). Unparseable addresses match nothing. */
export function inRanges(address: string, cidrs: readonly string[]): boolean {
  const a = parseAddress(address);
  if (!a) return false;
  return cidrs.some((c) => {
    const r = parseCidr(c);
    if (!r || r.bits !== a.bits) return false;
    const shift = BigInt(r.bits - r.prefix);
    return (a.value >> shift) << shift === r.network;
  });
}
