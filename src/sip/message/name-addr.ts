import { parseParams, unquote } from "./split.ts";
import { SipParseError } from "./types.ts";
import { parseUri } from "./uri.ts";

/** A From/To/Contact/Route value: `"Name" <uri>;params` or `uri;params` (RFC 3261 §20.10). */
export interface NameAddr {
  displayName?: string;
  uri: string;
  params: Map<string, string | null>;
}

/** Parse a name-addr or addr-spec with header parameters. */
export function parseNameAddr(value: string): NameAddr {
  const text = value.trim();
  const lt = findUnquoted(text, "<");
  if (lt >= 0) {
    const gt = text.indexOf(">", lt);
    if (gt < 0) throw new SipParseError(`unterminated <: ${value}`);
    const display = text.slice(0, lt).trim();
    if (display.startsWith('"') && !display.endsWith('"')) throw new SipParseError(`bad display name: ${value}`);
    const rest = text.slice(gt + 1).trim();
    if (rest && !rest.startsWith(";")) throw new SipParseError(`garbage after >: ${value}`);
    return {
      displayName: display ? unquote(display) : undefined,
      uri: text.slice(lt + 1, gt).trim(),
      params: rest ? parseParams(rest.slice(1)) : new Map(),
    };
  }
  // addr-spec: parameters after ';' belong to the header, not the URI (RFC 3261 §20).
  if (text.startsWith('"')) throw new SipParseError(`display name without <uri>: ${value}`);
  const semi = text.indexOf(";");
  const uri = (semi < 0 ? text : text.slice(0, semi)).trim();
  if (!uri || /\s/.test(uri)) throw new SipParseError(`bad address: ${value}`);
  return { uri, params: semi < 0 ? new Map() : parseParams(text.slice(semi + 1)) };
}

function findUnquoted(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ch) return i;
  }
  return -1;
}

/** Wire form of a name-addr (always with angle brackets). */
export function formatNameAddr(addr: NameAddr): string {
  const display = addr.displayName !== undefined ? `"${addr.displayName.replace(/(["\\])/g, "\\$1")}" ` : "";
  let params = "";
  for (const [k, v] of addr.params) params += v === null ? `;${k}` : `;${k}=${v}`;
  return `${display}<${addr.uri}>${params}`;
}

/** The tag parameter of a From or To value. */
export function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const tag = parseNameAddr(value).params.get("tag");
  return tag ?? undefined;
}

/** The user part of a URI or of a name-addr/addr-spec header value; "" when there is none or it is malformed. */
export function userOf(value: string | undefined): string {
  if (!value) return "";
  try {
    return parseUri(value.includes("<") ? parseNameAddr(value).uri : value).user ?? "";
  } catch {
    return "";
  }
}
