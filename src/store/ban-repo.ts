import type { Database, Statement } from "bun:sqlite";

/** Same shape as sip/security's Ban (structural typing; store never imports sip). */
export interface BanRecord {
  address: string;
  reason: string;
  createdAt: number;
  expiresAt: number;
}

interface Row {
  address: string;
  reason: string;
  created_at: number;
  expires_at: number;
}

const toBan = (r: Row): BanRecord => ({
  address: r.address,
  reason: r.reason,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Persistent bans of source addresses (T9), satisfying sip/security's BanStore. */
export class BanRepo {
  private readonly activeStmt: Statement<Row, [number]>;
  private readonly addStmt: Statement;
  private readonly removeStmt: Statement;
  private readonly purgeStmt: Statement;

  constructor(db: Database) {
    this.activeStmt = db.prepare(
      "SELECT address, reason, created_at, expires_at FROM bans WHERE expires_at > ? ORDER BY created_at",
    );
    this.addStmt = db.prepare(
      `INSERT INTO bans (address, reason, created_at, expires_at) VALUES ($address, $reason, $createdAt, $expiresAt)
       ON CONFLICT (address) DO UPDATE SET reason = $reason, created_at = $createdAt, expires_at = $expiresAt`,
    );
    this.removeStmt = db.prepare("DELETE FROM bans WHERE address = ?");
    this.purgeStmt = db.prepare("DELETE FROM bans WHERE expires_at <= ?");
  }

  active(now: number): BanRecord[] {
    return this.activeStmt.all(now).map(toBan);
  }

  add(ban: BanRecord): void {
    this.addStmt.run({ ...ban });
  }

  /** Returns true when a ban was lifted. */
  remove(address: string): boolean {
    return this.removeStmt.run(address).changes > 0;
  }

  /** Forget bans that ended before `now`; returns how many. */
  purgeExpired(now: number): number {
    return this.purgeStmt.run(now).changes;
  }
}
