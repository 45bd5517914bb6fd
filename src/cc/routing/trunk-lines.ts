import type { Trunk } from "../../store/index.ts";
import { numberForms } from "./dial-string.ts";

/**
 * The `line` token of a registration trunk's Contact (T7): derived from the trunk and its secret
 * password, so it is stable across restarts, changes when the credentials change (the trunk then
 * registers again with the new one), and cannot be guessed by anyone who does not know the password.
 */
export function lineToken(t: Pick<Trunk, "trunkId" | "username" | "password">): string {
  return new Bun.CryptoHasher("sha256").update(`cc-line\u0000${t.trunkId}\u0000${t.username}\u0000${t.password}`).digest("hex").slice(0, 24);
}

/** The entered form of `dialled` among `numbers`: national, E.164 (`+82…`, `82…`) and `tel:` forms match. */
export function matchNumber(dialled: string, numbers: string[]): string | undefined {
  const wanted = new Set(canonicalForms(dialled));
  return numbers.find((n) => canonicalForms(n).some((f) => wanted.has(f)));
}

/** Every form a number may be written in, reduced to the national ones. */
function canonicalForms(number: string): string[] {
  const bare = number.replace(/^tel:/i, "").replace(/;.*$/, "");
  const e164 = /^82\d{6,}$/.test(bare) ? `+${bare}` : bare;
  return numberForms(e164);
}
