import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Random bytes drawn 4 KiB at a time (issue 12): SIP takes tags and branches for every message. */
const pool = new Uint8Array(4096);
let poolUsed = pool.length;

/** A random token of lowercase letters and digits (SIP tags, branches, ids). */
export function randomToken(length = 16): string {
  if (length > pool.length) return tokenOf(randomBytes(length), length, 0);
  if (poolUsed + length > pool.length) {
    crypto.getRandomValues(pool);
    poolUsed = 0;
  }
  const out = tokenOf(pool, length, poolUsed);
  poolUsed += length;
  return out;
}

/**
 * A record id that sorts by creation time: `prefix`, the time in base 36 (9 characters until the year
 * 5188) and 11 random characters. Ids inserted in time order land at the end of their B-tree indexes,
 * so a commit writes a few pages instead of one random page per id (issue 12: call records).
 */
export function timeOrderedId(prefix: string, now = Date.now()): string {
  return `${prefix}${now.toString(36).padStart(9, "0")}${randomToken(11)}`;
}

function tokenOf(bytes: Uint8Array, length: number, from: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[from + i]! % ALPHABET.length];
  return out;
}

/** A password readable over the phone: letters and digits without look-alikes. */
export function generatePassword(length = 16): string {
  const chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += chars[bytes[i]! % chars.length];
  return out;
}
