import { createPrivateKey, X509Certificate } from "node:crypto";

/** What the pages show of a certificate. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** DNS names and IP addresses it is valid for. */
  names: string[];
  validFrom: number;
  validTo: number;
  fingerprint256: string;
  selfSigned: boolean;
  expired: boolean;
}

/** A certificate or key that cannot be used; `field` says which ("cert" or "key"), `message` in one line. */
export class CertificateError extends Error {
  constructor(
    readonly field: "cert" | "key",
    readonly code: "certFormat" | "keyFormat" | "keyMismatch" | "notYetValid",
    message: string,
  ) {
    super(message);
    this.name = "CertificateError";
  }
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/**
 * Check a PEM certificate (its chain may follow) and private key for HTTPS, WSS and SIP over TLS:
 * both parse, the key belongs to the first certificate, and it is already valid. An expired one is
 * reported (`expired`), not refused, so a restart never leaves the pages unreachable.
 */
export function checkCertificate(certPem: string, keyPem: string, now = Date.now()): CertificateInfo {
  if (!PEM_CERT.test(certPem)) throw new CertificateError("cert", "certFormat", "the certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(PEM_CERT.exec(certPem)![0]);
  } catch (e) {
    throw new CertificateError("cert", "certFormat", `the certificate cannot be read: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!PEM_KEY.test(keyPem)) throw new CertificateError("key", "keyFormat", "the key is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)");
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw new CertificateError("key", "keyFormat", `the key cannot be read (a key with a passphrase is not supported): ${(e as Error).message.split("\n")[0]}`);
  }
  if (!cert.checkPrivateKey(key)) throw new CertificateError("key", "keyMismatch", "the key does not belong to the certificate");
  const validFrom = Date.parse(cert.validFrom);
  const validTo = Date.parse(cert.validTo);
  if (validFrom > now) throw new CertificateError("cert", "notYetValid", `the certificate is not valid before ${new Date(validFrom).toISOString()}`);
  return {
    subject: cert.subject.replaceAll("\n", ", "),
    issuer: cert.issuer.replaceAll("\n", ", "),
    names: (cert.subjectAltName ?? "").split(",").map((s) => s.trim().replace(/^(DNS|IP Address):/, "")).filter(Boolean),
    validFrom,
    validTo,
    fingerprint256: cert.fingerprint256,
    selfSigned: cert.subject === cert.issuer,
    expired: validTo < now,
  };
}
