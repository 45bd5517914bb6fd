import type { Endpoint } from "../transport/index.ts";

/** One registered contact of an address of record (an extension). RFC 3261 §10.3. */
export interface Binding {
  /** The extension (user part of the AOR), e.g. "1001". */
  aor: string;
  /** The Contact URI as the phone sent it. */
  contact: string;
  /** Where the REGISTER really came from: calls go there (RFC 3581 / NAT). */
  source: Endpoint;
  callId: string;
  cseq: number;
  /** Absolute expiry, ms since the epoch. */
  expiresAt: number;
  userAgent?: string;
  q?: number;
  updatedAt: number;
}

/** Persistence of bindings; a store repository satisfies it so restarts keep registrations (T5). */
export interface LocationStore {
  list(aor: string): Binding[];
  all(): Binding[];
  upsert(binding: Binding): void;
  remove(aor: string, contact: string): void;
  removeAll(aor: string): void;
  /** Delete bindings expired at `now`; returns how many. */
  purgeExpired(now: number): number;
}
