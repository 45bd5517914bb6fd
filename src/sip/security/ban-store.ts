/** A source address refused for a while after repeated authentication failures (T9). */
export interface Ban {
  address: string;
  reason: string;
  createdAt: number;
  expiresAt: number;
}

/** Persistence of bans, so the API and the command line can list and lift them. */
export interface BanStore {
  active(now: number): Ban[];
  add(ban: Ban): void;
  /** Returns true when a ban was lifted. */
  remove(address: string): boolean;
}
