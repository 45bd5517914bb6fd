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

/**
 * Digest credentials by extension (T4), satisfying sip/auth's CredentialStore. An agent of a
 * service that is not active counts as blocked.
 */
export class CredentialRepo {
  private readonly stmt: Statement<Row, [string]>;

  constructor(db: Database) {
    this.stmt = db.prepare(
      `SELECT a.extension, a.ha1_md5, a.ha1_sha256, (a.blocked OR s.state <> 'active') AS blocked
       FROM agents a JOIN services s ON s.service_id = a.service_id WHERE a.extension = ?`,
    );
  }

  lookup(username: string): SipCredentialsRecord | undefined {
    const r = this.stmt.get(username);
    return r ? { username: r.extension, ha1Md5: r.ha1_md5, ha1Sha256: r.ha1_sha256, blocked: r.blocked === 1 } : undefined;
  }
}
