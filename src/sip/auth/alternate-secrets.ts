import type { CredentialStore, SipCredentials } from "./credential-store.ts";
import { computeHa1 } from "./digest-authenticator.ts";

/**
 * Plain secrets that are good for a username besides its stored password, at the moment of asking
 * (issue 8: the softphone secrets of an agent's live console sessions). Asked on every check, so a
 * secret stops working as soon as it is no longer listed.
 */
export type AlternateSecrets = (username: string) => readonly string[];

/**
 * A credential store whose accounts also accept their alternate secrets (RFC 3261 §22.4: the HA1 of
 * each is compared like the stored one). Unknown users stay unknown: alternates never create an account.
 */
export function withAlternateSecrets(store: CredentialStore, realm: string, secretsFor: AlternateSecrets): CredentialStore {
  return {
    lookup(username: string): SipCredentials | undefined {
      const account = store.lookup(username);
      if (!account) return undefined;
      const secrets = secretsFor(account.username);
      if (secrets.length === 0) return account;
      const alternates = secrets.map((s) => ({
        ha1Md5: computeHa1("MD5", account.username, realm, s),
        ha1Sha256: computeHa1("SHA-256", account.username, realm, s),
      }));
      return { ...account, alternates: [...(account.alternates ?? []), ...alternates] };
    },
  };
}
