import { splitOutsideQuotes, unquote } from "../message/index.ts";

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
  // One pass into locals (a later duplicate wins, as before); no Map per request.
  let username: string | undefined, realm: string | undefined, nonce: string | undefined, uri: string | undefined;
  let response: string | undefined, algorithm: string | undefined, cnonce: string | undefined;
  let qop: string | undefined, nc: string | undefined, opaque: string | undefined;
  for (const part of splitOutsideQuotes(value.slice(m[0].length), ",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const v = unquote(part.slice(eq + 1).trim());
    switch (part.slice(0, eq).trim().toLowerCase()) {
      case "username": username = v; break;
      case "realm": realm = v; break;
      case "nonce": nonce = v; break;
      case "uri": uri = v; break;
      case "response": response = v; break;
      case "algorithm": algorithm = v; break;
      case "cnonce": cnonce = v; break;
      case "qop": qop = v; break;
      case "nc": nc = v; break;
      case "opaque": opaque = v; break;
    }
  }
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

const DIGEST_RE = /^\s*Digest\s+/i;

/** A `WWW-Authenticate` / `Proxy-Authenticate` value offering qop=auth. */
export function formatChallenge(realm: string, nonce: string, algorithm: "MD5" | "SHA-256", stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ", stale=true" : ""}`;
}
