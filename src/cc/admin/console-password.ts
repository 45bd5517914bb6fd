import { z } from "zod";

/**
 * The agent console password (A1, G5, X4): argon2id with OWASP's minimum cost (19 MiB, 2 passes),
 * hashed synchronously so adding or resetting an agent stays one synchronous operation (≈ 25 ms).
 */
const COST = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

/** A console password as an admin or the agent sets it. */
export const consolePasswordSchema = z.string().min(8, "tooShort").max(128, "tooLong");

export function hashConsolePassword(password: string): string {
  return Bun.password.hashSync(password, COST);
}

let dummy: string | undefined;

/** Does `password` match `hash`? Without a hash, a dummy one is checked so the answer takes as long. */
export async function verifyConsolePassword(password: string, hash: string | undefined): Promise<boolean> {
  dummy ??= hashConsolePassword("not-a-real-password");
  const ok = await Bun.password.verify(password, hash ?? dummy);
  return ok && hash !== undefined;
}
