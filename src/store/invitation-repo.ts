import type { Database, Statement } from "bun:sqlite";
import { createHash } from "node:crypto";

const hash = (token: string) => createHash("sha256").update(token, "utf8").digest();

/** Set-password links of invited members (O4); only the token's SHA-256 is kept. */
export class InvitationRepo {
  private readonly addStmt: Statement;
  private readonly findStmt: Statement<{ member_id: number }, [Buffer, number]>;
  private readonly useStmt: Statement;
  private readonly dropStmt: Statement;

  constructor(db: Database) {
    this.addStmt = db.prepare(
      "INSERT INTO member_invitations (token_hash, member_id, created_at, expires_at) VALUES ($hash, $memberId, $now, $expiresAt)",
    );
    this.findStmt = db.prepare("SELECT member_id FROM member_invitations WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?");
    this.useStmt = db.prepare("UPDATE member_invitations SET used_at = $now WHERE token_hash = $hash");
    this.dropStmt = db.prepare("DELETE FROM member_invitations WHERE member_id = ? AND used_at IS NULL");
  }

  /** Keep a new link for the member (earlier unused links stop working). */
  add(memberId: number, token: string, now: number, expiresAt: number): void {
    this.dropStmt.run(memberId);
    this.addStmt.run({ hash: hash(token), memberId, now, expiresAt });
  }

  /** The member a live, unused link belongs to. */
  memberOf(token: string, now: number): number | undefined {
    return this.findStmt.get(hash(token), now)?.member_id;
  }

  /** Spend a link. */
  use(token: string, now: number): void {
    this.useStmt.run({ hash: hash(token), now });
  }
}
