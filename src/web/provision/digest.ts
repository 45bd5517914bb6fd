import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Digest algorithms offered, strongest first (RFC 7616 §3.7: one challenge per algorithm). */
export type DigestAlgorithm = "SHA-256" | "MD5";

const HASH: Record<DigestAlgorithm, "sha256" | "md5"> = { "SHA-256": "sha256", MD5: "md5" };
const h = (alg: DigestAlgorithm, s: string) => new Bun.CryptoHasher(HASH[alg]).update(s).digest("hex");

/** Parse `Digest a="b", c=d` into its parameters (RFC 7616 §3.4). */
export function parseDigest(header: string | undefined): Record<string, string> | undefined {
  if (!header || !/^digest\s/i.test(header)) return undefined;
  const out: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi;
  for (const m of header.slice(7).matchAll(re)) out[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  return out;
}

/**
 * Stateless HTTP digest authentication (RFC 7616, qop=auth): nonces are an HMAC-signed issue time,
 * valid for `ttlMs`; the server keeps only HA1 = H(username:realm:password).
 */
export class DigestAuth {
  private readonly key = randomBytes(32);

  constructor(
    readonly realm: string,
    private readonly now: () => number,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  private sign(ts: string): string {
    return createHmac("sha256", this.key).update(ts).digest("base64url").slice(0, 22);
  }

  /** The `WWW-Authenticate` values of a 401: SHA-256 first, then MD5 for older phones. */
  challenges(stale = false): string[] {
    const ts = String(this.now());
    const nonce = Buffer.from(`${ts}:${this.sign(ts)}`).toString("base64url");
    return (["SHA-256", "MD5"] as const).map(
      (alg) => `Digest realm="${this.realm}", qop="auth", algorithm=${alg}, nonce="${nonce}"${stale ? ", stale=true" : ""}`,
    );
  }

  private nonceState(nonce: string): "ok" | "stale" | "bad" {
    const [ts = "", sig = ""] = Buffer.from(nonce, "base64url").toString().split(":");
    const want = this.sign(ts);
    if (sig.length !== want.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(want))) return "bad";
    return this.now() - Number(ts) > this.ttlMs ? "stale" : "ok";
  }

  /**
   * Check an `Authorization` header for `method`; `ha1` gives the stored HA1 for a username and
   * algorithm (undefined = unknown user). Returns the username, "stale", or undefined.
   */
  verify(
    header: string | undefined,
    method: string,
    ha1: (username: string, algorithm: DigestAlgorithm) => string | undefined,
  ): string | "stale" | undefined {
    const p = parseDigest(header);
    if (!p?.username || !p.nonce || !p.uri || !p.response || p.realm !== this.realm) return undefined;
    const alg: DigestAlgorithm = (p.algorithm ?? "MD5").toUpperCase() === "SHA-256" ? "SHA-256" : "MD5";
    if (p.algorithm && !/^(md5|sha-256)$/i.test(p.algorithm)) return undefined;
    const state = this.nonceState(p.nonce);
    if (state === "bad") return undefined;
    const secret = ha1(p.username, alg);
    if (!secret) return undefined;
    const ha2 = h(alg, `${method}:${p.uri}`);
    const expected =
      p.qop === "auth" ? h(alg, `${secret}:${p.nonce}:${p.nc ?? ""}:${p.cnonce ?? ""}:auth:${ha2}`) : h(alg, `${secret}:${p.nonce}:${ha2}`);
    if (expected.length !== p.response.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(p.response.toLowerCase()))) {
      return undefined;
    }
    return state === "stale" ? "stale" : p.username;
  }
}

/** Build an `Authorization` header as a phone would (tests and tools). */
export function digestAuthorization(o: {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  uri: string;
  method: string;
  algorithm: DigestAlgorithm;
}): string {
  const ha1 = h(o.algorithm, `${o.username}:${o.realm}:${o.password}`);
  const cnonce = randomBytes(8).toString("hex");
  const nc = "00000001";
  const response = h(o.algorithm, `${ha1}:${o.nonce}:${nc}:${cnonce}:auth:${h(o.algorithm, `${o.method}:${o.uri}`)}`);
  return `Digest username="${o.username}", realm="${o.realm}", nonce="${o.nonce}", uri="${o.uri}", algorithm=${o.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}
