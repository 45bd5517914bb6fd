import type { Database, Statement } from "bun:sqlite";

/** Same shape as sip/auth's SipCredentials (structural typing; store never imports sip). */
export interface SipCredentialsRecord {
  username: string;
  ha1Md5: string;
  ha1Sha256: string;
  blocked: boolean;
}

interface Row {
  extension: string;
  ha1_md5: string;
  ha1_sha256: string;
  blocked: number;
}

/** Entries kept before the cache starts over (unknown usernames are cached too, so a scanner cannot grow it). */
const MAX_CACHED = 10_000;
/** How long a write by another connection (the CLI, a restore check) may stay unseen. */
const OTHER_WRITERS_CHECK_MS = 20;

/**
 * Digest credentials by extension (T4), satisfying sip/auth's CredentialStore. An agent of a
 * service that is not active counts as blocked.
 *
 * Answers from memory (issue 12: the SQLite lookup was the largest item of a registration's CPU):
 * the agent and service repositories call {@link invalidate} on every write that changes what is
 * read here, and `PRAGMA data_version` (which changes when another connection commits) drops the
 * cache for writes made outside this process.
 */
export class CredentialRepo {
  private readonly stmt: Statement<Row, [string]>;
  private readonly dataVersion: Statement<{ data_version: number }, []>;
  private readonly cache = new Map<string, SipCredentialsRecord | null>();
  private seenVersion = -1;
  private checkedAt = -Infinity;

  constructor(db: Database) {
    this.dataVersion = db.prepare("PRAGMA data_version");
    this.stmt = db.prepare(
      `SELECT a.extension, a.ha1_md5, a.ha1_sha256, (a.blocked OR s.state <> 'active') AS blocked
       FROM agents a JOIN services s ON s.service_id = a.service_id WHERE a.extension = ?`,
    );
  }

  lookup(username: string): SipCredentialsRecord | undefined {
    this.dropIfWrittenElsewhere();
    const cached = this.cache.get(username);
    if (cached !== undefined) return cached ?? undefined;
    const r = this.stmt.get(username);
    const record = r ? { username: r.extension, ha1Md5: r.ha1_md5, ha1Sha256: r.ha1_sha256, blocked: r.blocked === 1 } : null;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(username, record);
    return record ?? undefined;
  }

  /** Agents or services changed through this connection: read them again. */
  invalidate(): void {
    this.cache.clear();
  }

  private dropIfWrittenElsewhere(): void {
    const now = performance.now();
    if (now - this.checkedAt < OTHER_WRITERS_CHECK_MS) return;
    this.checkedAt = now;
    const version = this.dataVersion.get()!.data_version;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.cache.clear();
    }
  }
}
