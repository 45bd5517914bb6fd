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
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const part of splitOutsideQuotes(value.slice(m[0].length), ",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  const username = params.get("username");
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  const uri = params.get("uri");
  const response = params.get("response");
  if (username === undefined || realm === undefined || !nonce || !uri || !response) return undefined;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: (params.get("algorithm") ?? "MD5").toUpperCase(),
    cnonce: params.get("cnonce"),
    qop: params.get("qop")?.toLowerCase(),
    nc: params.get("nc"),
    opaque: params.get("opaque"),
  };
}

/** A `WWW-Authenticate` / `Proxy-Authenticate` value offering qop=auth. */
export function formatChallenge(realm: string, nonce: string, algorithm: "MD5" | "SHA-256", stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=${algorithm}, qop="auth"${stale ? ", stale=true" : ""}`;
}
