import { parseParams } from "./split.ts";
import { isIPv6 } from "./ip.ts";
import { SipParseError } from "./types.ts";

/** One Via element (RFC 3261 §20.42, RFC 3581 rport). */
export interface Via {
  protocol: string;
  transport: string;
  host: string;
  port?: number;
  params: Map<string, string | null>;
}

/** Magic cookie that marks an RFC 3261 branch (§8.1.1.7). */
export const BRANCH_COOKIE = "z9hG4bK";

/** Shape of one Via element: protocol, transport, host (IPv6 in brackets), port, parameters. */
export const VIA_RE = /^\s*(SIP\s*\/\s*2\.0)\s*\/\s*([A-Za-z0-9-]+)\s+(\[[0-9a-fA-F:.]+\]|[^\s:;]+)(?:\s*:\s*(\d{1,5}))?\s*(;.*)?$/s;

/** Parse one Via element (`SIP/2.0/UDP host:port;params`); throws SipParseError. */
export function parseVia(value: string): Via {
  return compactVia(value) ?? parseViaByRegex(value);
}

/** Characters of an RFC 3261 token; of a host name or IPv4 address. */
const TOKEN_CHAR = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.!%*_+`'~");
const HOST_CHAR = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._");
const TRANSPORT_CHAR = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/**
 * A Via in the form nearly every phone and proxy sends — `SIP/2.0/UDP host:port;name=value;flag`, no
 * whitespace beyond the one space, a name or IPv4 host, token parameters — read in one scan (issue 12:
 * every message's top Via is parsed and checked; the regex took ≈ 1 µs). Anything else is undefined and
 * goes to the full grammar; whatever this accepts, the full grammar accepts with the same result.
 */
export function compactVia(v: string): Via | undefined {
  // charCodeAt is never called past the end: its NaN there makes the JIT throw away this function's fast code.
  const n = v.length;
  if (!v.startsWith("SIP/2.0/")) return undefined;
  let i = 8;
  while (i < n && TRANSPORT_CHAR[v.charCodeAt(i)] === 1) i++;
  if (i === 8 || i === n || v.charCodeAt(i) !== 32) return undefined;
  const transport = v.slice(8, i).toUpperCase();
  const hostStart = ++i;
  while (i < n && HOST_CHAR[v.charCodeAt(i)] === 1) i++;
  if (i === hostStart) return undefined;
  const host = v.slice(hostStart, i);
  let port: number | undefined;
  if (i < n && v.charCodeAt(i) === 58 /* : */) {
    const portStart = ++i;
    let p = 0;
    while (i < n) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) break;
      p = p * 10 + (c - 48);
      i++;
    }
    if (i === portStart || i - portStart > 5 || p > 65535) return undefined;
    port = p;
  }
  const params = new Map<string, string | null>();
  while (i < n) {
    if (v.charCodeAt(i) !== 59 /* ; */) return undefined;
    const nameStart = ++i;
    while (i < n && TOKEN_CHAR[v.charCodeAt(i)] === 1) i++;
    if (i === nameStart) return undefined;
    const name = v.slice(nameStart, i).toLowerCase();
    if (i === n || v.charCodeAt(i) !== 61 /* = */) {
      params.set(name, null);
      continue;
    }
    const valueStart = ++i;
    while (i < n && TOKEN_CHAR[v.charCodeAt(i)] === 1) i++;
    if (i === valueStart) return undefined;
    params.set(name, v.slice(valueStart, i));
  }
  return { protocol: "SIP/2.0", transport, host, port, params };
}

function parseViaByRegex(value: string): Via {
  const m = VIA_RE.exec(value);
  if (!m) throw new SipParseError(`bad Via: ${value}`);
  const port = m[4] !== undefined ? Number(m[4]) : undefined;
  if (port !== undefined && port > 65535) throw new SipParseError(`bad Via port: ${value}`);
  let host = m[3]!;
  if (host.startsWith("[")) {
    host = host.slice(1, -1);
    if (!isIPv6(host)) throw new SipParseError(`bad IPv6 reference in Via: ${value}`);
  }
  return {
    protocol: "SIP/2.0",
    transport: m[2]!.toUpperCase(),
    host,
    port,
    params: m[5] ? parseParams(m[5].slice(1)) : new Map(),
  };
}

export function formatVia(via: Via): string {
  const host = via.host.includes(":") ? `[${via.host}]` : via.host;
  let out = `SIP/2.0/${via.transport} ${host}${via.port !== undefined ? `:${via.port}` : ""}`;
  for (const [k, v] of via.params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

// The last top Via parsed: the receive path reads it twice (received/rport, then the transaction
// key), so the second read is free. Callers treat the result as read-only (copy before changing).
let lastTop: string | undefined;
let lastVia: Via | undefined;

/** The top Via of a message, parsed (read-only); undefined when absent or malformed. */
export function topVia(headers: { get(name: string): string | undefined }): Via | undefined {
  const top = headers.get("via");
  if (!top) return undefined;
  if (top === lastTop) return lastVia;
  try {
    const via = parseVia(top);
    lastTop = top;
    lastVia = via;
    return via;
  } catch {
    return undefined;
  }
}

/** Note `via` as the parse of the top Via `value` just written (the next {@link topVia} of it is free). */
export function rememberTopVia(value: string, via: Via): void {
  lastTop = value;
  lastVia = via;
}
