import { backOverSpace, partEnd, skipSpace, splitOutsideQuotes, unquote } from "../message/index.ts";

/** Parameters of a `Digest ...` Authorization / Proxy-Authorization value (RFC 3261 §25.1, RFC 7616). */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string;
  cnonce?: string;
  qop?: string;
  nc?: string;
  opaque?: string;
}

/** Parse a Digest credentials header; undefined when it is not Digest or lacks required fields. */
export function parseDigestCredentials(value: string | undefined): DigestCredentials | undefined {
  if (!value) return undefined;
  const m = DIGEST_RE.exec(value);
  if (!m) return undefined;
  const fields: Fields = {};
  // An ASCII value (every phone's) is read in place: no string per parameter but its value (issue 12:
  // the split, trims and unquoting made ≈ 50 strings per authenticated request). Otherwise the general path.
  if (isAscii(value)) readInPlace(value, m[0].length, fields);
  else readParts(value.slice(m[0].length), fields);
  const { username, realm, nonce, uri, response, algorithm, cnonce, qop, nc, opaque } = fields;
  if (username === undefined || realm === undefined || !nonce || !uri || !response) return undefined;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: (algorithm ?? "MD5").toUpperCase(),
    cnonce,
    qop: qop?.toLowerCase(),
    nc,
    opaque,
  };
}

/** The parameters read, a later duplicate winning. */
type Fields = Partial<Record<(typeof NAMES)[number], string>>;

const NAMES = ["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "qop", "nc", "opaque"] as const;

/** Each `name=value` part (split on commas outside quotes and <…>, trimmed, empty ones skipped). */
function readParts(rest: string, fields: Fields): void {
  for (const part of splitOutsideQuotes(rest, ",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = knownName(part.slice(0, eq).trim().toLowerCase());
    if (name !== undefined) fields[name] = unquote(part.slice(eq + 1).trim());
  }
}

/** {@link readParts} over `value` from `start`, with indices instead of substrings. */
function readInPlace(value: string, start: number, fields: Fields): void {
  for (let from = start; ; ) {
    const to = partEnd(value, from, 44 /* , */);
    readPart(value, from, to, fields);
    if (to >= value.length) return;
    from = to + 1;
  }
}

function readPart(value: string, from: number, to: number, fields: Fields): void {
  from = skipSpace(value, from, to);
  to = backOverSpace(value, from, to);
  const eq = value.indexOf("=", from);
  if (eq <= from || eq >= to) return;
  const name = nameAt(value, from, backOverSpace(value, from, eq));
  if (name === undefined) return;
  const vs = skipSpace(value, eq + 1, to);
  if (to - vs >= 2 && value.charCodeAt(vs) === 34 && value.charCodeAt(to - 1) === 34) {
    const inner = value.slice(vs + 1, to - 1);
    fields[name] = inner.indexOf("\\") < 0 ? inner : inner.replace(/\\(.)/g, "$1");
  } else fields[name] = value.slice(vs, to);
}

/** The known parameter named by `value[from, to)`, compared without case; undefined for any other. */
function nameAt(value: string, from: number, to: number): (typeof NAMES)[number] | undefined {
  for (const name of NAMES) {
    if (name.length !== to - from) continue;
    let i = 0;
    while (i < name.length && (value.charCodeAt(from + i) | 0x20) === name.charCodeAt(i)) i++;
    if (i === name.length) return name;
  }
  return undefined;
}

function knownName(name: string): (typeof NAMES)[number] | undefined {
  return (NAMES as readonly string[]).includes(name) ? (name as (typeof NAMES)[number]) : undefined;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 127) return false;
  return true;
}

const DIGEST_RE = /^\s*Digest\s+/i;

/** A `WWW-Authenticate` / `Proxy-Authenticate` value offering qop=auth. */
export function formatChallenge(realm: string, nonce: string, algorithm: "MD5" | "SHA-256", stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ", stale=true" : ""}`;
}
