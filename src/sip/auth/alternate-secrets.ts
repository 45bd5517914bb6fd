import type { CredentialStore, SipCredentials, SipHa1 } from "./credential-store.ts";
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
      // Asked only when read (issue 12): the authenticator reads the alternates only when the stored
      // password did not answer, so a phone registering with its own password costs no session lookup.
      let alternates: readonly SipHa1[] | undefined;
      let asked = false;
      return {
        username: account.username,
        ha1Md5: account.ha1Md5,
        ha1Sha256: account.ha1Sha256,
        blocked: account.blocked,
        get alternates(): readonly SipHa1[] | undefined {
          if (asked) return alternates;
          asked = true;
          const secrets = secretsFor(account.username);
          if (secrets.length === 0) return (alternates = account.alternates);
          const more = secrets.map((s) => ({
            ha1Md5: computeHa1("MD5", account.username, realm, s),
            ha1Sha256: computeHa1("SHA-256", account.username, realm, s),
          }));
          return (alternates = [...(account.alternates ?? []), ...more]);
        },
      };
    },
  };
}
