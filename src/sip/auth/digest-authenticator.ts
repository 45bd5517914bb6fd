import type { Clock } from "../../lib/index.ts";
import { parseUri, type SipRequest } from "../message/index.ts";
import type { CredentialStore, SipCredentials, SipHa1 } from "./credential-store.ts";
import { formatChallenge, parseDigestCredentials } from "./digest-header.ts";
import { NonceKeeper } from "./nonce-keeper.ts";
import { safeEqual } from "./safe-equal.ts";

export type DigestAlgorithm = "MD5" | "SHA-256";

/** Outcome of checking a request's credentials. */
export type AuthResult =
  | { kind: "ok"; username: string }
  /** No usable credentials: challenge, not a failure. */
  | { kind: "challenge"; stale: boolean }
  /** Wrong password, unknown user, replayed or forged nonce: challenge again and count a failure. */
  | { kind: "failure"; username: string; why: "unknown-user" | "wrong-password" | "replay" | "invalid-nonce" | "blocked" | "realm" | "uri-mismatch" };

export interface DigestAuthenticatorOptions {
  realm: string;
  clock: Clock;
  credentials: CredentialStore;
  nonceLifetimeMs: number;
  /** Challenge order: the first is preferred by RFC 7616 clients. */
  algorithms?: DigestAlgorithm[];
}

/**
 * Digest authentication (RFC 3261 §22, RFC 8760 SHA-256, qop=auth). Unknown users are
 * checked against a dummy secret so they get exactly the answer a wrong password gets.
 */
export class DigestAuthenticator {
  private readonly nonces: NonceKeeper;
  private readonly algorithms: DigestAlgorithm[];
  private readonly dummy: SipCredentials = { username: "", ha1Md5: "0".repeat(32), ha1Sha256: "0".repeat(64), blocked: false };

  constructor(private readonly options: DigestAuthenticatorOptions) {
    this.nonces = new NonceKeeper(options.clock, options.nonceLifetimeMs);
    this.algorithms = options.algorithms ?? ["MD5", "SHA-256"];
  }

  get realm(): string {
    return this.options.realm;
  }

  /** Check the credentials in `header` (Authorization or Proxy-Authorization) of a request. */
  check(request: SipRequest, header: "authorization" | "proxy-authorization"): AuthResult {
    const creds = this.findCredentials(request, header);
    if (!creds) return { kind: "challenge", stale: false };
    const algorithm = creds.algorithm === "SHA-256" ? "SHA-256" : creds.algorithm === "MD5" ? "MD5" : undefined;
    if (!algorithm || creds.qop !== "auth" || !creds.cnonce) return { kind: "challenge", stale: false };
    const account = this.options.credentials.lookup(creds.username);
    const secret = account ?? this.dummy;
    const ha2 = hash(algorithm, `${request.method}:${creds.uri}`);
    const answers = (h: SipHa1) => safeEqual(creds.response, hash(algorithm, `${algorithm === "MD5" ? h.ha1Md5 : h.ha1Sha256}:${creds.nonce}:${creds.nc}:${creds.cnonce}:${creds.qop}:${ha2}`));
    // The stored secret, or one of the alternates (a live console session's softphone secret).
    const matches = answers(secret) || (secret.alternates ?? []).some(answers);
    const nonce = this.nonces.check(creds.nonce, creds.nc);
    if (nonce === "stale") return { kind: "challenge", stale: true };
    if (nonce === "invalid") return { kind: "failure", username: creds.username, why: "invalid-nonce" };
    if (!account) return { kind: "failure", username: creds.username, why: "unknown-user" };
    if (!matches) return { kind: "failure", username: creds.username, why: "wrong-password" };
    if (nonce === "replay") return { kind: "failure", username: creds.username, why: "replay" };
    // RFC 3261 §22.4 / RFC 8760: the digest-uri names the Request-URI; a captured answer is not valid elsewhere.
    if (!sameTarget(creds.uri, request.uri)) return { kind: "failure", username: creds.username, why: "uri-mismatch" };
    if (account.blocked) return { kind: "failure", username: creds.username, why: "blocked" };
    return { kind: "ok", username: account.username };
  }

  /**
   * Challenge header values, one per offered algorithm, in preference order. With `requestKey` (the transaction key),
   * a retransmission of the same request is challenged with the same nonce.
   */
  challenges(stale = false, requestKey?: string): string[] {
    const nonce = this.nonces.issue(requestKey);
    return this.algorithms.map((a) => formatChallenge(this.options.realm, nonce, a, stale));
  }

  private findCredentials(request: SipRequest, header: string) {
    for (const value of request.headers.getAll(header)) {
      const creds = parseDigestCredentials(value);
      if (creds && creds.realm === this.options.realm) return creds;
    }
    return undefined;
  }
}

function hash(algorithm: DigestAlgorithm, text: string): string {
  return Bun.CryptoHasher.hash(algorithm === "MD5" ? "md5" : "sha256", text, "hex");
}

/** HA1 = H(username:realm:password), as stored for an extension. */
export function computeHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return hash(algorithm, `${username}:${realm}:${password}`);
}

/**
 * Does the digest-uri name the Request-URI's target? Scheme, host and port must agree, and the
 * user when the digest-uri has one (SIPp 3.6 and some phones send `sip:host:port` alone).
 */
function sameTarget(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  try {
    const a = parseUri(digestUri);
    const b = parseUri(requestUri);
    const where = (u: typeof a) => `${u.scheme}:${u.host.toLowerCase()}:${u.port ?? (u.scheme === "sips" ? 5061 : 5060)}`;
    return where(a) === where(b) && (a.user === undefined || a.user === b.user);
  } catch {
    return false;
  }
}
