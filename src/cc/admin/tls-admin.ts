import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CertificateError, checkCertificate, type CertificateInfo } from "../../lib/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** An uploaded certificate: PEM text of the certificate (chain allowed) and of its private key. */
export const certificateUploadSchema = z.object({
  cert: z.string().min(1, "required").max(64 * 1024, "tooLong"),
  key: z.string().min(1, "required").max(64 * 1024, "tooLong"),
});

/** The certificate in use: its facts, or why it cannot be read. */
export type CurrentCertificate = { ok: true; info: CertificateInfo } | { ok: false; error: string } | undefined;

/**
 * The TLS certificate of HTTPS, WSS and SIP over TLS (X2, T2, issue 11) in `<dataDir>/tls/`: the
 * admin uploads a PEM certificate and key in the pages; both are checked (they parse, belong
 * together, are valid already) before they replace the files, the previous pair kept as `.bak`.
 * The listeners load it at the next restart.
 */
export class TlsAdmin {
  private dir?: string;

  constructor(private readonly ctx: AdminContext) {}

  /** Where the certificate lives (main.ts: `<dataDir>/tls`). */
  attach(dir: string): void {
    this.dir = dir;
  }

  current(): CurrentCertificate {
    if (!this.dir) return undefined;
    const cert = join(this.dir, "cert.pem");
    const key = join(this.dir, "key.pem");
    if (!existsSync(cert) || !existsSync(key)) return undefined;
    try {
      return { ok: true, info: checkCertificate(readFileSync(cert, "utf8"), readFileSync(key, "utf8"), this.ctx.clock.now()) };
    } catch (e) {
      if (e instanceof CertificateError) return { ok: false, error: e.message };
      throw e;
    }
  }

  /** Check and install an uploaded pair; 422 with the field and its message key when it cannot be used. */
  install(actor: Actor, input: unknown): CertificateInfo {
    if (!this.dir) throw refuse("cert", "unavailable", 409);
    const { cert, key } = parseInput(certificateUploadSchema, input);
    let info: CertificateInfo;
    try {
      info = checkCertificate(cert, key, this.ctx.clock.now());
    } catch (e) {
      if (e instanceof CertificateError) throw refuse(e.field, e.code);
      throw e;
    }
    const dir = this.dir;
    return this.ctx.changes.commit(actor, () => {
      const before = this.current();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const [name, text, mode] of [["key.pem", key, 0o600], ["cert.pem", cert, 0o644]] as const) {
        const path = join(dir, name);
        if (existsSync(path)) copyFileSync(path, `${path}.bak`);
        // Written beside and renamed: a crash never leaves half a key in place.
        writeFileSync(`${path}.new`, text, { mode });
        chmodSync(`${path}.new`, mode);
        renameSync(`${path}.new`, path);
      }
      const summary = (i: CertificateInfo) => ({ subject: i.subject, issuer: i.issuer, validTo: new Date(i.validTo).toISOString(), fingerprint256: i.fingerprint256 });
      return { action: "tls-certificate", target: "tls/cert.pem", before: before?.ok ? summary(before.info) : undefined, after: summary(info), result: info };
    });
  }
}
