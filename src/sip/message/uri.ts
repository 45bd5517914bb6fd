import { parseParams } from "./split.ts";
import { isIPv6 } from "./ip.ts";
import { SipParseError } from "./types.ts";

/** A SIP, SIPS or TEL URI (RFC 3261 §19.1, RFC 3966); read-only, as parses are shared. */
export interface SipUri {
  readonly scheme: "sip" | "sips" | "tel";
  readonly user?: string;
  readonly password?: string;
  /** Host without brackets for IPv6. Empty for tel: URIs. */
  readonly host: string;
  readonly port?: number;
  readonly params: ReadonlyMap<string, string | null>;
  readonly headers: string;
}

const HOST_RE = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?\.?)$/;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*$/;

/** URIs parsed lately (bounded): a call's messages carry the same few URIs again and again (issue 12). */
const parsed = new Map<string, SipUri>();

/** Parse a URI; throws SipParseError when it is not a valid sip/sips/tel URI. The result is shared: never change it. */
export function parseUri(text: string): SipUri {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const uri = parseUriText(text);
  if (parsed.size >= 1024) parsed.clear();
  parsed.set(text, uri);
  return uri;
}

function parseUriText(text: string): SipUri {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new SipParseError(`bad URI: ${text.slice(0, 80)}`);
  const scheme = text.slice(0, colon).toLowerCase();
  // RFC 3261 §25.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). "<sip:...>" is not a scheme (RFC 4475 §3.1.2.7).
  if (!SCHEME_RE.test(scheme)) throw new SipParseError(`bad URI scheme: ${text.slice(0, 80)}`);
  const rest = text.slice(colon + 1);
  if (scheme === "tel") {
    const semi = rest.indexOf(";");
    const user = semi < 0 ? rest : rest.slice(0, semi);
    if (!/^[+0-9*#A-Fa-f().\-\s]+$/.test(user)) throw new SipParseError(`bad tel URI: ${text}`);
    return { scheme, user, host: "", params: semi < 0 ? new Map() : parseParams(rest.slice(semi + 1)), headers: "" };
  }
  if (scheme !== "sip" && scheme !== "sips") throw new SipParseError(`unsupported URI scheme: ${scheme}`, 416);
  if (/[\s<>"]/.test(rest)) throw new SipParseError(`bad characters in URI: ${text}`);
  // userinfo cannot hold a literal "@" (it must be escaped) but may hold "?", ";" and "/"
  // (RFC 3261 §25.1 user-unreserved, RFC 4475 §3.1.1.2), so split at the first "@" first.
  const at = rest.indexOf("@");
  let userinfo: string | undefined;
  let afterUser = rest;
  if (at >= 0) {
    userinfo = rest.slice(0, at);
    afterUser = rest.slice(at + 1);
  }
  const q = afterUser.indexOf("?");
  const hostpart = q < 0 ? afterUser : afterUser.slice(0, q);
  const headers = q < 0 ? "" : afterUser.slice(q + 1);
  const semi = hostpart.indexOf(";");
  const hostport = semi < 0 ? hostpart : hostpart.slice(0, semi);
  const params = semi < 0 ? new Map<string, string | null>() : parseParams(hostpart.slice(semi + 1));
  let host = hostport;
  let port: number | undefined;
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close < 0) throw new SipParseError(`bad IPv6 reference: ${text}`);
    host = hostport.slice(0, close + 1);
    const after = hostport.slice(close + 1);
    if (after) {
      if (!after.startsWith(":")) throw new SipParseError(`bad host: ${text}`);
      port = parsePort(after.slice(1), text);
    }
  } else {
    const pc = hostport.lastIndexOf(":");
    if (pc >= 0) {
      host = hostport.slice(0, pc);
      port = parsePort(hostport.slice(pc + 1), text);
    }
  }
  if (!HOST_RE.test(host)) throw new SipParseError(`bad host in URI: ${text}`);
  if (host.startsWith("[")) {
    host = host.slice(1, -1);
    // RFC 5118 §4.9: "2001:db8:::192.0.2.1" is not an IPv6 reference.
    if (!isIPv6(host)) throw new SipParseError(`bad IPv6 reference in URI: ${text}`);
  }
  let user: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    if (userinfo.length === 0) throw new SipParseError(`empty user in URI: ${text}`);
    const pw = userinfo.indexOf(":");
    user = pw < 0 ? userinfo : userinfo.slice(0, pw);
    password = pw < 0 ? undefined : userinfo.slice(pw + 1);
    user = safeDecode(user);
  }
  return { scheme, user, password, host: host.toLowerCase(), port, params, headers };
}

function parsePort(text: string, uri: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) throw new SipParseError(`bad port in URI: ${uri}`);
  const port = Number(text);
  if (port > 65535) throw new SipParseError(`port out of range in URI: ${uri}`);
  return port;
}

function safeDecode(text: string): string {
  if (text.indexOf("%") < 0) return text; // nothing escaped: decodeURIComponent would return it unchanged
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SipParseError(`bad escape in URI user: ${text}`);
  }
}

/** Wire form of a parsed URI. */
export function formatUri(uri: SipUri): string {
  if (uri.scheme === "tel") return `tel:${uri.user ?? ""}${formatParams(uri.params)}`;
  const host = uri.host.includes(":") ? `[${uri.host}]` : uri.host;
  const userinfo = uri.user !== undefined ? `${escapeUser(uri.user)}${uri.password !== undefined ? `:${uri.password}` : ""}@` : "";
  const port = uri.port !== undefined ? `:${uri.port}` : "";
  return `${uri.scheme}:${userinfo}${host}${port}${formatParams(uri.params)}${uri.headers ? `?${uri.headers}` : ""}`;
}

function escapeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) => encodeURIComponent(c));
}

export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = "";
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}
