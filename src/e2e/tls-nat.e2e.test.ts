/**
 * Issue 11 deployment: the NAT page shows that the configured external address is what internet
 * peers are given; a certificate uploaded in the organization pages (checked: a wrong key is refused)
 * is served by HTTPS and SIP over TLS after a restart; a broken certificate file stops the start
 * with one clear line.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { connect } from "node:tls";
import { join } from "node:path";
import { generate } from "selfsigned";
import { cleanupDir, freePort, startAppliance, tempDir, type Appliance } from "./harness.ts";
import { signInAdmin } from "./admin-fetch.ts";

/** The SHA-256 fingerprint of the certificate a TLS server at 127.0.0.1:port presents. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, servername: "localhost" }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

describe("NAT page and certificate upload (issue 11, T2, T10)", () => {
  let work: string;
  let app: Appliance | undefined;
  let pems: { cert: string; private: string };
  let other: { cert: string; private: string };

  beforeAll(async () => {
    work = tempDir("cc-tls-nat-e2e-");
    pems = await generate([{ name: "commonName", value: "cc-upload.example" }], { keySize: 2048 } as never);
    other = await generate([{ name: "commonName", value: "someone-else.example" }], { keySize: 2048 } as never);
  });
  afterAll(async () => {
    await app?.stop();
    cleanupDir(work);
  });

  it("T10/T2: MUST use the external address for internet peers, and serve an uploaded certificate on HTTPS and SIP TLS after a restart", async () => {
    const dataDir = join(work, "data");
    const env = { CC_EXTERNAL_ADDRESS: "198.51.100.20", CC_HTTPS_PORT: String(await freePort()), CC_SIP_TLS_PORT: String(await freePort()), CC_RTP_PORTS: "31000-31099" };
    app = await startAppliance({ dataDir, env });
    const admin = await signInAdmin(app);

    const nat = await (await admin("/admin/org/network?lang=en")).text();
    expect(nat).toContain('id="external-used"');
    expect(nat).toMatch(/id="internet-sees">[^<]*198\.51\.100\.20/);
    expect(nat).toContain("31000-31099");
    expect(nat).toContain(`>${env.CC_SIP_TLS_PORT}<`);

    const tlsPage = await (await admin("/admin/org/tls?lang=en")).text();
    expect(tlsPage).toContain("self-signed");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(tlsPage)![1]!;
    const upload = (cert: string, key: string) => {
      const form = new FormData();
      form.set("_csrf", csrf);
      form.set("cert", new File([cert], "cert.pem"));
      form.set("key", new File([key], "key.pem"));
      return admin("/admin/org/tls?lang=en", { method: "POST", body: form });
    };
    const wrong = await upload(pems.cert, other.private);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("This key does not belong to the certificate.");
    const ok = await upload(pems.cert, pems.private);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/admin/org/tls?installed=1");

    await app.stop();
    app = await startAppliance({ dataDir, env });
    const want = new X509Certificate(pems.cert).fingerprint256;
    expect(await servedFingerprint(Number(env.CC_HTTPS_PORT))).toBe(want);
    expect(await servedFingerprint(Number(env.CC_SIP_TLS_PORT))).toBe(want);

    await app.stop();
    app = undefined;
    writeFileSync(join(dataDir, "tls", "cert.pem"), "not a certificate\n");
    const failed = await startAppliance({ dataDir, env, readyTimeoutMs: 15_000 }).then(
      (a) => a.stop().then(() => ""),
      (e: Error) => e.message,
    );
    expect(failed).toContain("TLS certificate in");
    expect(failed).toContain("the certificate is not a PEM certificate");
  }, 90_000);
});
