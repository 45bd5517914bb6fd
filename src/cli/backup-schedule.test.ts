import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { Administration, SYSTEM } from "../cc/index.ts";
import { FakeClock, silentLogger } from "../lib/index.ts";
import { writeBackup } from "./backup-command.ts";
import { BackupScheduler } from "./backup-schedule.ts";
import { unpackBackup } from "./restore-archive.ts";
import { S3Target } from "./s3-target.ts";
import { makeDataDir, type TestDataDir } from "./test-data-dir.ts";

/** X5: scheduled backups with retention, copied to an S3-compatible store (s3rver on 127.0.0.1). */
describe("X5: scheduled backups with retention and an off-box copy", () => {
  let data: TestDataDir;
  let s3dir: string;
  let server: S3rver;
  let endpoint: string;

  beforeAll(async () => {
    data = await makeDataDir("cc-backup-schedule-");
    s3dir = mkdtempSync(join(tmpdir(), "cc-s3rver-"));
    server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3dir, configureBuckets: [{ name: "cc-backups", configs: [] }] });
    const info = await server.run();
    endpoint = `http://127.0.0.1:${info.port}`;
  });
  afterAll(async () => {
    await server.close();
    data.cleanup();
    rmSync(s3dir, { recursive: true, force: true });
  });

  /** The after-JSON of the audit entries with `action`, oldest first. */
  const audited = (action: string) => (data.db.query("SELECT after_json AS a FROM audit_log WHERE action = ? ORDER BY id").all(action) as { a: string }[]).map((r) => r.a);
  const s3 = (bucket = "cc-backups") => new S3Target({ endpoint, bucket, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", prefix: "shop1/" });

  it("X5: MUST keep the newest N backups on disk and in the bucket, each audited with its outcome", async () => {
    const clock = new FakeClock(new Date(2025, 5, 1, 3, 0, 0).getTime());
    const target = s3();
    const scheduler = new BackupScheduler({ dataDir: data.dir, hour: 3, keep: 2, s3: target, clock, log: silentLogger, write: async (file) => void writeBackup(data.dir, file, "0.1.0", () => clock.now()) });
    const admin = new Administration({ repos: data.repos, clock, log: silentLogger });
    admin.backups.attachRunner(scheduler);
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await admin.backups.run(SYSTEM);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, offBox: "uploaded" });
      names.push(r.name!);
      clock.advance(61_000);
    }
    expect(admin.backups.list().map((b) => b.name)).toEqual([names[2]!, names[1]!]);
    expect((await target.list()).map((b) => b.name)).toEqual([names[2]!, names[1]!]);
    // The copy in the bucket is the same archive: every file checks against its manifest.
    const back = join(data.dir, "from-s3.tar");
    await target.download(names[2]!, back);
    const staging = join(data.dir, "staging");
    const unpacked = unpackBackup(back, staging);
    expect(unpacked.manifest.files.some((f) => f.path.startsWith("recordings/"))).toBe(true);
    const audit = audited("backup-run");
    expect(audit.length).toBe(3);
    expect(audit[2]).toContain(names[0]!); // the third run removed the first
    rmSync(back);
    rmSync(staging, { recursive: true, force: true });
  });

  it("X5: MUST be due once a day at the configured hour, and not when a backup was made since that hour", () => {
    const clock = new FakeClock(new Date(2025, 5, 2, 2, 59, 0).getTime());
    const dir = mkdtempSync(join(tmpdir(), "cc-due-"));
    const scheduler = new BackupScheduler({ dataDir: dir, hour: 3, keep: 2, clock, log: silentLogger, write: async () => {} });
    expect(scheduler.due()).toBe(false);
    clock.advance(60_000);
    expect(scheduler.due()).toBe(true);
    expect(scheduler.due()).toBe(false); // once that day
    const other = new BackupScheduler({ dataDir: dir, hour: 3, keep: 2, clock, log: silentLogger, write: async () => {} });
    const made = join(other.dir, "cc-20250602-030010.tar");
    mkdirSync(other.dir, { recursive: true });
    writeFileSync(made, "x");
    utimesSync(made, new Date(clock.now()), new Date(clock.now()));
    expect(other.due()).toBe(false); // a backup made at 03:00 today already
    expect(new BackupScheduler({ dataDir: dir, keep: 1, clock, log: silentLogger, write: async () => {} }).due()).toBe(false); // schedule off
    rmSync(dir, { recursive: true, force: true });
  });

  it("X5: MUST report a failed backup and a failed off-box copy in one line each, keeping what is stored", async () => {
    const clock = new FakeClock(new Date(2025, 5, 3, 3, 0, 0).getTime());
    const before = readdirSync(join(data.dir, "backups"));
    const failing = new BackupScheduler({ dataDir: data.dir, keep: 2, clock, log: silentLogger, write: async () => { throw new Error("backup failed: no space left on device\nstack"); } });
    const admin = new Administration({ repos: data.repos, clock, log: silentLogger });
    admin.backups.attachRunner(failing);
    expect(await admin.backups.run(SYSTEM)).toMatchObject({ ok: false, error: "backup failed: no space left on device", removed: [] });
    expect(readdirSync(join(data.dir, "backups"))).toEqual(before);
    expect(audited("backup-failed").length).toBe(1);

    const noBucket = new BackupScheduler({ dataDir: data.dir, keep: 5, s3: s3("no-such-bucket"), clock, log: silentLogger, write: async (file) => void writeBackup(data.dir, file, "0.1.0") });
    const r = await noBucket.run();
    expect(r.ok).toBe(true);
    expect(typeof r.offBox === "object" && r.offBox.error.length > 0).toBe(true);
    expect(existsSync(join(data.dir, "backups", r.name!))).toBe(true);
  });

  it("X5: MUST refuse to download a name outside the backups folder", async () => {
    const admin = new Administration({ repos: data.repos, clock: new FakeClock(), log: silentLogger });
    admin.backups.attachRunner(new BackupScheduler({ dataDir: data.dir, keep: 2, clock: new FakeClock(), log: silentLogger, write: async () => {} }));
    for (const name of ["../contact-center.db", "cc-20250601-030000.tar.partial-1", "cc-29990101-000000.tar"]) {
      expect(() => admin.backups.download(SYSTEM, name)).toThrow();
    }
  });
});
