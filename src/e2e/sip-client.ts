/**
 * A tiny raw SIP client for end-to-end tests: REGISTER over UDP from a chosen source
 * address, answering the digest challenge (RFC 3261 §22, RFC 8760, qop=auth) with a
 * given (possibly wrong) password.
 */
import { udpExchange, type SipReply } from "./sip-wire.ts";

export interface Challenge {
  realm: string;
  nonce: string;
  qop?: string;
  algorithm: string;
  opaque?: string;
}

/** Parse the first `WWW-Authenticate`/`Proxy-Authenticate` Digest challenge of a response. */
export function parseChallenge(response: string): Challenge | null {
  const m = /^(?:WWW|Proxy)-Authenticate:\s*Digest\s+(.+)$/im.exec(response);
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const p of m[1]!.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? "";
  if (!params.nonce) return null;
  return {
    realm: params.realm ?? "",
    nonce: params.nonce,
    qop: params.qop,
    algorithm: params.algorithm ?? "MD5",
    opaque: params.opaque,
  };
}

function hash(algorithm: string, s: string): string {
  const alg = algorithm.toUpperCase().startsWith("SHA-256") ? "sha256" : "md5";
  return new Bun.CryptoHasher(alg).update(s).digest("hex");
}

/** The Authorization header value answering `ch` for `method uri`. */
export function digestAuthorization(ch: Challenge, user: string, password: string, method: string, uri: string): string {
  const ha1 = hash(ch.algorithm, `${user}:${ch.realm}:${password}`);
  const ha2 = hash(ch.algorithm, `${method}:${uri}`);
  const parts = [`username="${user}"`, `realm="${ch.realm}"`, `nonce="${ch.nonce}"`, `uri="${uri}"`, `algorithm=${ch.algorithm}`];
  if (ch.qop && ch.qop.split(",").map((q) => q.trim()).includes("auth")) {
    const cnonce = crypto.randomUUID().replaceAll("-", "").slice(0, 16);
    const nc = "00000001";
    const response = hash(ch.algorithm, `${ha1}:${ch.nonce}:${nc}:${cnonce}:auth:${ha2}`);
    parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`, `response="${response}"`);
  } else {
    parts.push(`response="${hash(ch.algorithm, `${ha1}:${ch.nonce}:${ha2}`)}"`);
  }
  if (ch.opaque !== undefined) parts.push(`opaque="${ch.opaque}"`);
  return `Digest ${parts.join(", ")}`;
}

/** A REGISTER request; `{{LOCAL_IP}}`/`{{LOCAL_PORT}}` are filled in by udpExchange. */
export function registerRequest(
  target: { host: string; port: number },
  user: string,
  { callId = crypto.randomUUID(), cseq = 1, authorization, userAgent = "cc-e2e-phone", expires = 600 }: {
    callId?: string;
    cseq?: number;
    authorization?: string;
    userAgent?: string;
    expires?: number;
  } = {},
): string {
  const branch = `z9hG4bK${crypto.randomUUID().slice(0, 12)}`;
  return [
    `REGISTER sip:${target.host}:${target.port} SIP/2.0`,
    `Via: SIP/2.0/UDP {{LOCAL_IP}}:{{LOCAL_PORT}};branch=${branch};rport`,
    "Max-Forwards: 70",
    `From: <sip:${user}@${target.host}>;tag=${callId.slice(0, 8)}`,
    `To: <sip:${user}@${target.host}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${user}@{{LOCAL_IP}}:{{LOCAL_PORT}}>`,
    `Expires: ${expires}`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    `User-Agent: ${userAgent}`,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/**
 * REGISTER `user` with `password` from `bindAddress`: unauthenticated first, then with
 * the digest answer. Returns the final replies of both steps (status 0 = no answer).
 */
export async function registerWithPassword(
  target: { host: string; port: number },
  user: string,
  password: string,
  { bindAddress = "127.0.0.1", waitMs = 1500, userAgent }: { bindAddress?: string; waitMs?: number; userAgent?: string } = {},
): Promise<{ challenge: SipReply | null; answer: SipReply | null }> {
  const callId = crypto.randomUUID();
  const first = await udpExchange(registerRequest(target, user, { callId, userAgent }), target, { bindAddress, waitMs });
  const challengeReply = first.find((r) => r.status >= 200) ?? null;
  if (!challengeReply) return { challenge: null, answer: null };
  const ch = parseChallenge(challengeReply.text);
  if (!ch) return { challenge: challengeReply, answer: null };
  const uri = `sip:${target.host}:${target.port}`;
  const authorization = digestAuthorization(ch, user, password, "REGISTER", uri);
  const second = await udpExchange(registerRequest(target, user, { callId, cseq: 2, authorization, userAgent }), target, {
    bindAddress,
    waitMs,
  });
  return { challenge: challengeReply, answer: second.find((r) => r.status >= 200) ?? null };
}
