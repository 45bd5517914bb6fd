import type { Database, Statement } from "bun:sqlite";
import { createHash, timingSafeEqual } from "node:crypto";

/** The one organization owning the installation (O3). The API key is kept only as its SHA-256. */
export interface Organization {
  name: string;
  domain: string;
  createdAt: number;
}

interface Row {
  name: string;
  domain: string;
  api_key_hash: Uint8Array;
  created_at: number;
}

function hashKey(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

/** Repository of the organization row (a singleton, id 1). */
export class OrganizationRepo {
  private readonly selectStmt: Statement<Row, []>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly keyStmt: Statement;

  constructor(db: Database) {
    this.selectStmt = db.prepare("SELECT name, domain, api_key_hash, created_at FROM organization WHERE id = 1");
    this.insertStmt = db.prepare(
      "INSERT INTO organization (id, name, domain, api_key_hash, created_at) VALUES (1, $name, $domain, $hash, $now)",
    );
    this.updateStmt = db.prepare("UPDATE organization SET name = $name, domain = $domain WHERE id = 1");
    this.keyStmt = db.prepare("UPDATE organization SET api_key_hash = $hash WHERE id = 1");
  }

  get(): Organization | undefined {
    const row = this.selectStmt.get();
    return row ? { name: row.name, domain: row.domain, createdAt: row.created_at } : undefined;
  }

  create(org: { name: string; domain: string; apiKey: string }, now = Date.now()): void {
    this.insertStmt.run({ name: org.name, domain: org.domain, hash: hashKey(org.apiKey), now });
  }

  update(org: { name: string; domain: string }): void {
    this.updateStmt.run({ name: org.name, domain: org.domain });
  }

  /** Replace the API key (O3 "regenerate"); the old key stops working at once. */
  setApiKey(apiKey: string): void {
    this.keyStmt.run({ hash: hashKey(apiKey) });
  }

  /** Constant-time check of a presented API key (X3). */
  verifyApiKey(apiKey: string): boolean {
    const row = this.selectStmt.get();
    if (!row) return false;
    const stored = Buffer.from(row.api_key_hash);
    const given = hashKey(apiKey);
    return stored.length === given.length && timingSafeEqual(stored, given);
  }
}
