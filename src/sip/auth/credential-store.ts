/**
 * What the digest authenticator needs of an extension: the HA1 hashes for the realm,
 * never the password itself (RFC 3261 §22.4, RFC 8760).
 */
export interface SipCredentials {
  /** The digest username, i.e. the extension ("1001"). */
  username: string;
  /** hex MD5(username:realm:password) */
  ha1Md5: string;
  /** hex SHA-256(username:realm:password) */
  ha1Sha256: string;
  /** A blocked agent cannot register or call. */
  blocked: boolean;
  /**
   * Further secrets that are good for this username besides the stored one, as HA1 pairs: e.g. the
   * short-lived softphone secrets of the agent's live console sessions (issue 8). Gone when they end.
   */
  alternates?: readonly SipHa1[];
}

/** The two HA1 hashes of one secret. */
export interface SipHa1 {
  ha1Md5: string;
  ha1Sha256: string;
}

export interface CredentialStore {
  lookup(username: string): SipCredentials | undefined;
}
