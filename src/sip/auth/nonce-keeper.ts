import { randomBytes } from "node:crypto";
import type { Clock } from "../../lib/index.ts";
import { safeEqual } from "./safe-equal.ts";

export type NonceCheck = "ok" | "stale" | "replay" | "invalid";

/** Slots of the used-nonce table: 2¹⁸ (6 MB); at 14,000 registrations/s a slot is taken again after ≈ 20 s. */
const SLOTS = 1 << 18;
/** Width of each random half of a nonce, in base 36 (a 32-bit number). */
const HALF = 7;
/** Slots of the recent-challenge table: 2¹⁶ (1.3 MB); at 10,000 challenges/s a slot lasts ≈ 6 s on average. */
const RECENT = 1 << 16;
/** A request is retransmitted for up to Timer F, 64·T1 (RFC 3261 §17.1.2.2). */
const RESEND_WINDOW_MS = 32_000;

/**
 * Issues self-signed nonces (time + random + HMAC) and remembers the last nonce-count seen for each
 * used nonce, so a replayed `nc` is refused (RFC 7616 §3.3, RFC 3261 §22.4).
 *
 * The memory is a fixed table of typed arrays, not a map (issue 12: a map of 200,000 used nonces,
 * changed by every registration, was rescanned whole by each young-generation collection). A nonce's
 * random part names its slot and a tag; a slot keeps the last nonce used in it and the newest issue
 * time of the nonces it pushed out. A nonce issued no later than that could have been there before: it
 * is stale (the client retries with a fresh challenge), never accepted again.
 */
export class NonceKeeper {
  private readonly secret = randomBytes(32);
  private readonly random = new Uint32Array(2);
  /** Issue time of the nonce in each slot (0: none), its tag, its last nonce-count, and the newest issue time pushed out. */
  private readonly issuedAt: Float64Array;
  private readonly pushedOut: Float64Array;
  private readonly tag: Uint32Array;
  private readonly lastCount: Uint32Array;
  private readonly mask: number;
  /**
   * The last challenge issued per request (by a hash of its transaction key): its key hash, issue time and random
   * halves. A stateless 401 leaves no transaction, so without this a retransmitted REGISTER would get a second,
   * different nonce, which SIPp and strict clients take for a new challenge and fail on.
   */
  private readonly recentKey = new Uint32Array(RECENT);
  private readonly recentAt = new Float64Array(RECENT).fill(Number.NaN);
  private readonly recentRandom = new Uint32Array(2 * RECENT);
  private readonly resendWindowMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
    slots = SLOTS,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, slots)));
    this.issuedAt = new Float64Array(size);
    this.pushedOut = new Float64Array(size);
    this.tag = new Uint32Array(size);
    this.lastCount = new Uint32Array(size);
    this.mask = size - 1;
    this.resendWindowMs = Math.min(RESEND_WINDOW_MS, lifetimeMs / 2);
  }

  /**
   * A fresh nonce; with `requestKey` (the request's transaction key), the same nonce as before when that request
   * was challenged less than Timer F ago: its retransmission gets the same challenge.
   */
  issue(requestKey?: string): string {
    const now = this.clock.now();
    const key = requestKey === undefined ? undefined : Bun.hash.crc32(requestKey) >>> 0;
    const r = (key ?? 0) & (RECENT - 1);
    if (key !== undefined && this.recentKey[r] === key && now - this.recentAt[r]! < this.resendWindowMs) {
      return this.format(this.recentAt[r]!, this.recentRandom[2 * r]!, this.recentRandom[2 * r + 1]!);
    }
    crypto.getRandomValues(this.random);
    const random0 = this.random[0]!;
    const random1 = this.random[1]!;
    if (key !== undefined) {
      this.recentKey[r] = key;
      this.recentAt[r] = now;
      this.recentRandom[2 * r] = random0;
      this.recentRandom[2 * r + 1] = random1;
    }
    return this.format(now, random0, random1);
  }

  /** Check a nonce and nonce-count; records the count when accepted. */
  check(nonce: string, nc: string | undefined): NonceCheck {
    const parts = nonce.split(".");
    if (parts.length !== 3) return "invalid";
    const [issued, rand, mac] = parts as [string, string, string];
    if (!safeEqual(mac, this.sign(issued, rand)) || rand.length !== 2 * HALF) return "invalid";
    const issuedAt = parseInt(issued, 36);
    const now = this.clock.now();
    if (!Number.isFinite(issuedAt) || now - issuedAt > this.lifetimeMs) return "stale";
    if (nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc)) return "invalid";
    const count = parseInt(nc, 16);
    const tag = parseInt(rand.slice(0, HALF), 36) >>> 0;
    const slot = parseInt(rand.slice(HALF), 36) & this.mask;
    const heldAt = this.issuedAt[slot]!;
    if (heldAt === issuedAt && this.tag[slot] === tag) {
      if (count <= this.lastCount[slot]!) return "replay";
      this.lastCount[slot] = count;
      return "ok";
    }
    if (issuedAt <= this.pushedOut[slot]!) return "stale";
    // An expired holder needs no record: every nonce as old as it is expired too.
    if (heldAt !== 0 && now - heldAt <= this.lifetimeMs) this.pushedOut[slot] = Math.max(this.pushedOut[slot]!, heldAt);
    this.issuedAt[slot] = issuedAt;
    this.tag[slot] = tag;
    this.lastCount[slot] = count;
    return "ok";
  }

  /** Used nonces remembered and not expired (tests). */
  get tracked(): number {
    const since = this.clock.now() - this.lifetimeMs;
    let n = 0;
    for (const at of this.issuedAt) if (at !== 0 && at >= since) n++;
    return n;
  }

  private format(issuedAt: number, random0: number, random1: number): string {
    const issued = issuedAt.toString(36);
    const rand = random0.toString(36).padStart(HALF, "0") + random1.toString(36).padStart(HALF, "0");
    return `${issued}.${rand}.${this.sign(issued, rand)}`;
  }

  private sign(issued: string, rand: string): string {
    // Bun's native HMAC: same bytes as node:crypto createHmac, without its stream wrapper.
    return (new Bun.CryptoHasher("sha256", this.secret).update(`${issued}.${rand}`).digest("base64url" as "hex") as string).slice(0, 22);
  }
}
