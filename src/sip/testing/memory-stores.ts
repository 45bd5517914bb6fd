import type { CredentialStore, SipCredentials } from "../auth/index.ts";
import { computeHa1 } from "../auth/index.ts";
import type { Binding, LocationStore } from "../registrar/index.ts";
import type { Ban, BanStore } from "../security/index.ts";

/** In-memory stores for unit and integration tests of the SIP layer. */
export class MemoryLocationStore implements LocationStore {
  readonly rows = new Map<string, Binding>();
  list(aor: string): Binding[] {
    return [...this.rows.values()].filter((b) => b.aor === aor);
  }
  all(): Binding[] {
    return [...this.rows.values()];
  }
  upsert(binding: Binding): void {
    this.rows.set(`${binding.aor} ${binding.contact}`, binding);
  }
  remove(aor: string, contact: string): void {
    this.rows.delete(`${aor} ${contact}`);
  }
  removeAll(aor: string): void {
    for (const b of this.list(aor)) this.remove(aor, b.contact);
  }
  purgeExpired(now: number): number {
    let n = 0;
    for (const [k, b] of this.rows) if (b.expiresAt <= now && this.rows.delete(k)) n++;
    return n;
  }
}

export class MemoryCredentialStore implements CredentialStore {
  private readonly users = new Map<string, SipCredentials>();
  constructor(private readonly realm: string) {}
  add(username: string, password: string, blocked = false): this {
    this.users.set(username, {
      username,
      ha1Md5: computeHa1("MD5", username, this.realm, password),
      ha1Sha256: computeHa1("SHA-256", username, this.realm, password),
      blocked,
    });
    return this;
  }
  lookup(username: string): SipCredentials | undefined {
    return this.users.get(username);
  }
}

export class MemoryBanStore implements BanStore {
  readonly bans = new Map<string, Ban>();
  active(now: number): Ban[] {
    return [...this.bans.values()].filter((b) => b.expiresAt > now);
  }
  add(ban: Ban): void {
    this.bans.set(ban.address, ban);
  }
  remove(address: string): boolean {
    return this.bans.delete(address);
  }
}
