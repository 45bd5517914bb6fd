import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import type { Actor } from "./actor.ts";
import { Administration } from "./administration.ts";
import { RuleError } from "./rule-error.ts";

const ADMIN: Actor = { kind: "member", id: "admin", ip: "127.0.0.1" };
type Pems = { cert: string; private: string };
let a: Pems;
let b: Pems;

beforeAll(async () => {
  a = await generate([{ name: "commonName", value: "cc.example.com" }], { keySize: 2048 } as never);
  b = await generate([{ name: "commonName", value: "other.example.com" }], { keySize: 2048 } as never);
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "cc-tls-"));
  mkdirSync(join(dir, "tls"));
  writeFileSync(join(dir, "tls", "cert.pem"), b.cert);
  writeFileSync(join(dir, "tls", "key.pem"), b.private);
  const { db, repos } = testStore();
  const admin = new Administration({ repos, clock: new FakeClock(Date.now()), log: silentLogger });
  admin.tls.attach(join(dir, "tls"));
  return { dir, db, admin };
}
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return e.fields;
    throw e;
  }
  return undefined;
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("TLS certificate upload (issue 11, T2)", () => {
  it("T2: MUST install a matching PEM certificate and key, keep the previous pair as .bak, key mode 0600, audited", () => {
    const { dir, db, admin } = setup();
    dirs.push(dir);
    const info = admin.tls.install(ADMIN, { cert: a.cert, key: a.private });
    expect(info.subject).toBe("CN=cc.example.com");
    expect(readFileSync(join(dir, "tls", "cert.pem"), "utf8")).toBe(a.cert);
    expect(readFileSync(join(dir, "tls", "cert.pem.bak"), "utf8")).toBe(b.cert);
    expect(statSync(join(dir, "tls", "key.pem")).mode & 0o777).toBe(0o600);
    const current = admin.tls.current();
    expect(current?.ok && current.info.fingerprint256).toBe(info.fingerprint256);
    const entry = db.query("SELECT before_json AS b, after_json AS a FROM audit_log WHERE action = 'tls-certificate'").get() as { b: string; a: string };
    expect(JSON.parse(entry.b).subject).toBe("CN=other.example.com");
    expect(JSON.parse(entry.a).subject).toBe("CN=cc.example.com");
    expect(entry.a).not.toContain("PRIVATE KEY");
  });

  it("T2: MUST refuse garbage, a key of another certificate and an empty upload, changing nothing", () => {
    const { dir, admin } = setup();
    dirs.push(dir);
    expect(refusal(() => admin.tls.install(ADMIN, { cert: "hello", key: a.private }))).toEqual({ cert: "certFormat" });
    expect(refusal(() => admin.tls.install(ADMIN, { cert: a.cert, key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }))).toEqual({ key: "keyFormat" });
    expect(refusal(() => admin.tls.install(ADMIN, { cert: a.cert, key: b.private }))).toEqual({ key: "keyMismatch" });
    expect(refusal(() => admin.tls.install(ADMIN, { cert: "", key: "" }))).toEqual({ cert: "required", key: "required" });
    expect(readFileSync(join(dir, "tls", "cert.pem"), "utf8")).toBe(b.cert);
    expect(existsSync(join(dir, "tls", "cert.pem.bak"))).toBe(false);
  });

  it("T2: MUST report a certificate in use that cannot be read, in one line", () => {
    const { dir, admin } = setup();
    dirs.push(dir);
    writeFileSync(join(dir, "tls", "key.pem"), a.private);
    expect(admin.tls.current()).toEqual({ ok: false, error: "the key does not belong to the certificate" });
  });
});
