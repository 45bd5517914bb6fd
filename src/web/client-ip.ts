import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/** What main.ts may pass as the second argument of `app.fetch`: `{ ip: server.requestIP(req) }`. */
interface EnvWithIp {
  ip?: { address?: string } | null;
}

/** The socket peer: from `env.ip` (main.ts passes it), else from the Bun server as env. */
function peerAddress(c: Context): string | undefined {
  const env = c.env as EnvWithIp | undefined;
  if (env && typeof env === "object" && "ip" in env) return env.ip?.address ?? undefined;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // No socket behind this request (app.request in unit tests).
  }
}

/**
 * The client's address: the socket peer, or the last X-Forwarded-For hop when the peer is a
 * trusted proxy (CC_TRUSTED_PROXIES). "unknown" when there is no socket (app.request in tests).
 */
export function clientIp(c: Context, trustedProxies: readonly string[]): string {
  const peer = peerAddress(c) ?? "unknown";
  if (trustedProxies.includes(peer)) {
    const hops = (c.req.header("X-Forwarded-For") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return peer;
}

/**
 * Did the client reach us over HTTPS? Directly, or through a trusted proxy that terminated TLS
 * and says so in X-Forwarded-Proto (cookies must then still be `Secure`).
 */
export function isHttps(c: Context, trustedProxies: readonly string[]): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  const peer = peerAddress(c) ?? "unknown";
  return trustedProxies.includes(peer) && /^\s*https\s*$/i.test((c.req.header("X-Forwarded-Proto") ?? "").split(",").pop() ?? "");
}
