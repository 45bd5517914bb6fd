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
}

export interface CredentialStore {
  lookup(username: string): SipCredentials | undefined;
}
