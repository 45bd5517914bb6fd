import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CertificateError, checkCertificate } from "./certificate-check.ts";
import type { Logger } from "./log.ts";

/** PEM certificate and key for HTTPS, WSS and SIP over TLS. */
export interface TlsFiles {
  cert: string;
  key: string;
  /** True when this call made them (first run). */
  created: boolean;
}

/**
 * The certificate in `<dataDir>/tls/` (X2): made on first run, self-signed for ten years;
 * an admin replaces `cert.pem` and `key.pem` with real ones and restarts.
 */
export async function ensureCertificate(dataDir: string, hostnames: string[] = ["localhost"]): Promise<TlsFiles> {
  const dir = join(dataDir, "tls");
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8"), created: false };
  }
  mkdirSync(dir, { recursive: true });
  // Loaded only on first run: certificate generation pulls in a large X.509 library.
  const { generate } = await import("selfsigned");
  const altNames = [...hostnames.map((value) => ({ type: 2, value })), { type: 7, ip: "127.0.0.1" }];
  const pems = await generate([{ name: "commonName", value: hostnames[0] ?? "localhost" }], {
    days: 3650,
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames }],
  } as never);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, created: true };
}

/**
 * The certificate to serve from start (X2): `ensureCertificate`, then checked. One that cannot be used stops the
 * start with one clear line (what to do included); an expired one is only a warning, so the pages stay reachable
 * to upload a new one.
 */
export async function startupCertificate(dataDir: string, log: Logger): Promise<TlsFiles> {
  const tls = await ensureCertificate(dataDir);
  const dir = join(dataDir, "tls");
  if (tls.created) log.info({ dir }, "made a self-signed certificate; replace cert.pem and key.pem with your own");
  try {
    const info = checkCertificate(tls.cert, tls.key);
    if (info.expired) log.warn({ subject: info.subject, validTo: new Date(info.validTo).toISOString() }, "the TLS certificate has expired: upload a new one in the organization pages");
  } catch (e) {
    if (e instanceof CertificateError) throw new Error(`TLS certificate in ${dir}: ${e.message} (replace cert.pem and key.pem, or remove both for a new self-signed one)`);
    throw e;
  }
  return tls;
}
