import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The `X-CC-Signature` of a delivery: `sha256=` and the hex HMAC-SHA256 of the exact body bytes
 * with the webhook's secret (X3). Receivers recompute it over the raw body and compare.
 */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Constant-time check of a received signature. */
export function verifySignature(secret: string, body: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const want = Buffer.from(signBody(secret, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
