import { randomToken } from "../../lib/index.ts";
import { splitOutsideQuotes, unquote } from "../message/index.ts";

/** A parsed `WWW-Authenticate` / `Proxy-Authenticate` Digest challenge. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: string;
  qop?: string;
  opaque?: string;
}

export function parseDigestChallenge(value: string): DigestChallenge | undefined {
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const part of splitOutsideQuotes(value.slice(m[0].length), ",")) {
    const eq = part.indexOf("=");
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  if (realm === undefined || !nonce) return undefined;
  return { realm, nonce, algorithm: (params.get("algorithm") ?? "MD5").toUpperCase(), qop: params.get("qop"), opaque: params.get("opaque") };
}

/**
 * The Authorization value answering a challenge (RFC 3261 §22.2, RFC 8760): used when the
 * appliance registers to a carrier or is challenged by one. Picks qop=auth when offered.
 */
export function answerChallenge(challenge: DigestChallenge, method: string, uri: string, username: string, password: string, nc = 1): string {
  const algo = challenge.algorithm === "SHA-256" ? "sha256" : "md5";
  const h = (s: string) => new Bun.CryptoHasher(algo).update(s).digest("hex");
  const ha1 = h(`${username}:${challenge.realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  const qopAuth = challenge.qop?.split(",").map((q) => q.trim()).includes("auth");
  const cnonce = randomToken(16);
  const ncHex = nc.toString(16).padStart(8, "0");
  const response = qopAuth ? h(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${ha2}`) : h(`${ha1}:${challenge.nonce}:${ha2}`);
  let value = `Digest username="${username}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", response="${response}", algorithm=${challenge.algorithm}`;
  if (qopAuth) value += `, qop=auth, nc=${ncHex}, cnonce="${cnonce}"`;
  if (challenge.opaque !== undefined) value += `, opaque="${challenge.opaque}"`;
  return value;
}
