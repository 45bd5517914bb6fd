import type { Database, Statement } from "bun:sqlite";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

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

/** The name the organization's own API key has in the audit log. */
export const ORGANIZATION_KEY = "organization";

/** Repository of the organization row (a singleton, id 1). */
export class OrganizationRepo {
  private readonly selectStmt: Statement<Row, []>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly keyStmt: Statement;
  private readonly namedKeyStmt: Statement<{ name: string; service_id: string | null }, [Buffer]>;
  private readonly addKeyStmt: Statement;
  private readonly removeKeyStmt: Statement;
  private readonly listKeysStmt: Statement<{ name: string; created_at: number; service_id: string | null }, []>;

  constructor(private readonly db: Database) {
    this.selectStmt = db.prepare("SELECT name, domain, api_key_hash, created_at FROM organization WHERE id = 1");
    this.insertStmt = db.prepare(
      "INSERT INTO organization (id, name, domain, api_key_hash, created_at) VALUES (1, $name, $domain, $hash, $now)",
    );
    this.updateStmt = db.prepare("UPDATE organization SET name = $name, domain = $domain WHERE id = 1");
    this.keyStmt = db.prepare("UPDATE organization SET api_key_hash = $hash WHERE id = 1");
    this.namedKeyStmt = db.prepare("SELECT name, service_id FROM api_keys WHERE key_hash = ?");
    this.addKeyStmt = db.prepare("INSERT INTO api_keys (name, key_hash, created_at, service_id) VALUES ($name, $hash, $now, $serviceId)");
    this.removeKeyStmt = db.prepare("DELETE FROM api_keys WHERE name = ?");
    this.listKeysStmt = db.prepare("SELECT name, created_at, service_id FROM api_keys ORDER BY name");
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
    return this.apiKeyName(apiKey) !== undefined;
  }

  /** The name of a presented API key (the audit log's actor): "organization" for the organization's key. */
  apiKeyName(apiKey: string): string | undefined {
    return this.apiKeyScope(apiKey)?.name;
  }

  /** The name of a presented key and the one service it is limited to, if any (X3, X4). */
  apiKeyScope(apiKey: string): { name: string; serviceId?: string } | undefined {
    const row = this.selectStmt.get();
    if (!row) return undefined;
    const stored = Buffer.from(row.api_key_hash);
    const given = hashKey(apiKey);
    if (stored.length === given.length && timingSafeEqual(stored, given)) return { name: ORGANIZATION_KEY };
    const named = this.namedKeyStmt.get(given);
    return named ? { name: named.name, serviceId: named.service_id ?? undefined } : undefined;
  }

  /** Add a named API key (kept only as its SHA-256). */
  addApiKey(name: string, apiKey: string, now = Date.now(), serviceId?: string): void {
    this.addKeyStmt.run({ name, hash: hashKey(apiKey), now, serviceId: serviceId ?? null });
  }

  /** Revoke a named API key; true when it existed. */
  removeApiKey(name: string): boolean {
    return this.removeKeyStmt.run(name).changes > 0;
  }

  /** The named API keys (never the keys themselves). */
  apiKeys(): { name: string; createdAt: number; serviceId?: string }[] {
    return this.listKeysStmt.all().map((r) => ({ name: r.name, createdAt: r.created_at, serviceId: r.service_id ?? undefined }));
  }

  /**
   * The key signing the admin pages' known-device cookies (X4, issue 11): made once, then kept in the
   * organization's row so devices stay known across restarts; undefined before the first run.
   */
  deviceKey(): Buffer | undefined {
    this.db.prepare("UPDATE organization SET device_key = ? WHERE id = 1 AND device_key IS NULL").run(randomBytes(32));
    const row = this.db.query("SELECT device_key FROM organization WHERE id = 1").get() as { device_key: Uint8Array | null } | null;
    return row?.device_key ? Buffer.from(row.device_key) : undefined;
  }
}
