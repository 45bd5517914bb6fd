import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/**
 * The client's address: the socket peer, or the last X-Forwarded-For hop when the peer is a
 * trusted proxy (CC_TRUSTED_PROXIES). "unknown" when there is no socket (app.request in tests).
 */
export function clientIp(c: Context, trustedProxies: readonly string[]): string {
  let peer = "unknown";
  try {
    peer = getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // No Bun server behind this request (unit tests call app.request directly).
  }
  if (trustedProxies.includes(peer)) {
    const hops = (c.req.header("X-Forwarded-For") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return peer;
}
