import { randomBytes } from "node:crypto";
import type { Clock } from "../../lib/index.ts";
import { safeEqual } from "./safe-equal.ts";

export type NonceCheck = "ok" | "stale" | "replay" | "invalid";

/**
 * Issues self-signed nonces (time + random + HMAC) and remembers the last nonce-count
 * seen for each used nonce, so a replayed `nc` is refused (RFC 7616 §3.3, RFC 3261 §22.4).
 * Memory is bounded: when the table is full the oldest entries go, and any nonce issued
 * before the oldest kept one is treated as stale (the client simply retries).
 */
export class NonceKeeper {
  private readonly secret = randomBytes(32);
  private readonly used = new Map<string, number>();
  private forgottenBefore = 0;

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
    private readonly maxTracked = 200_000,
  ) {}

  issue(): string {
    const issued = this.clock.now().toString(36);
    const rand = randomBytes(9).toString("base64url");
    return `${issued}.${rand}.${this.sign(issued, rand)}`;
  }

  /** Check a nonce and nonce-count; records the count when accepted. */
  check(nonce: string, nc: string | undefined): NonceCheck {
    const parts = nonce.split(".");
    if (parts.length !== 3) return "invalid";
    const [issued, rand, mac] = parts as [string, string, string];
    const expected = this.sign(issued, rand);
    if (!safeEqual(mac, expected)) return "invalid";
    const issuedAt = parseInt(issued, 36);
    if (!Number.isFinite(issuedAt) || this.clock.now() - issuedAt > this.lifetimeMs) return "stale";
    if (nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc)) return "invalid";
    const count = parseInt(nc, 16);
    // A key of its own, not `nonce`: that is a slice of the request's text, which a key kept for the
    // nonce's lifetime would keep alive with it (issue 12: ≈ 540 bytes per registration).
    const key = `${issued}.${rand}`;
    const last = this.used.get(key);
    if (last === undefined && issuedAt < this.forgottenBefore) return "stale";
    if (last !== undefined && count <= last) return "replay";
    this.used.set(key, count);
    if (this.used.size > this.maxTracked) this.forgetOldest();
    return "ok";
  }

  get tracked(): number {
    return this.used.size;
  }

  /** Drop expired entries (called periodically). */
  purge(): void {
    const cutoff = this.clock.now() - this.lifetimeMs;
    for (const nonce of this.used.keys()) {
      if (parseInt(nonce.slice(0, nonce.indexOf(".")), 36) < cutoff) this.used.delete(nonce);
      else break;
    }
  }

  private forgetOldest(): void {
    const drop = Math.ceil(this.maxTracked / 10);
    let i = 0;
    for (const nonce of this.used.keys()) {
      if (i++ >= drop) break;
      this.used.delete(nonce);
      this.forgottenBefore = Math.max(this.forgottenBefore, parseInt(nonce.slice(0, nonce.indexOf(".")), 36) + 1);
    }
  }

  private sign(issued: string, rand: string): string {
    // Bun's native HMAC: same bytes as node:crypto createHmac, without its stream wrapper.
    return (new Bun.CryptoHasher("sha256", this.secret).update(`${issued}.${rand}`).digest("base64url" as "hex") as string).slice(0, 22);
  }
}
