import { afterEach, describe, expect, it } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../lib/index.ts";
import { createRepos, DATABASE_FILE, lockDataDir, LOCK_FILE, MIGRATIONS, migrate, openDatabase, SCHEMA_VERSION } from "../store/index.ts";
import { runBackupCommand, writeBackup } from "./backup-command.ts";
import { runCheckCommand } from "./check-command.ts";
import { runRestoreCommand } from "./restore-command.ts";
import { makeDataDir, REALM, type TestDataDir } from "./test-data-dir.ts";

const ctx = (dataDir: string) => ({ dataDir, realm: REALM, appVersion: "9.9.9", log: silentLogger });
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "cc-restore-test-"));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function source(): Promise<TestDataDir> {
  const src = await makeDataDir();
  cleanups.push(src.cleanup);
  return src;
}

function backup(dataDir: string, file = join(tmp(), "backup.tar")): { file: string; code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runBackupCommand([file], ctx(dataDir), (l) => lines.push(l));
  return { file, code, lines };
}

function restore(file: string, dataDir: string, ...flags: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runRestoreCommand([file, ...flags], ctx(dataDir), (l) => lines.push(l));
  return { code, lines };
}

/** The tree under `dir` as path → SHA-256 (the lock file left out). */
function tree(dir: string, rel = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const p = rel ? `${rel}/${name}` : name;
    if (p === LOCK_FILE) continue;
    if (statSync(join(dir, p)).isDirectory()) Object.assign(out, tree(dir, p));
    else out[p] = sha(join(dir, p));
  }
  return out;
}

describe("backup and restore (X5)", () => {
  it("X5: MUST back up while the database is in use and a recording is being written, and restore into an empty directory with the same agents, calls and recordings", async () => {
    const src = await source();
    // A write in progress in the appliance's connection does not block the snapshot and is not in it.
    src.db.exec("BEGIN");
    src.db.exec("UPDATE agents SET name = 'uncommitted' WHERE login_id = 'agent3'");
    const during = join(tmp(), "during.tar");
    writeBackup(src.dir, during, "9.9.9");
    src.db.exec("ROLLBACK");
    const unpacked = tmp();
    Bun.spawnSync(["tar", "-xf", during, "-C", unpacked, DATABASE_FILE]);
    const snapshot = openDatabase(join(unpacked, DATABASE_FILE));
    expect(snapshot.query("SELECT name FROM agents WHERE login_id = 'agent3'").get()).toEqual({ name: "Agent 3" });
    snapshot.close();

    const b = backup(src.dir);
    expect(b.code, b.lines.join("\n")).toBe(0);
    expect(b.lines, b.lines.join("\n")).toHaveLength(1);
    expect(b.lines[0]).toMatch(/^backup written to .*backup\.tar: 7 files, .* \(database schema \d+, 2 recordings\) in [\d.]+ s$/);
    expect(statSync(b.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(b.file, ".."))).toEqual(["backup.tar"]); // no temporary files left beside it

    // A standard tar reads it; the manifest names every file with its size and SHA-256.
    const listed = Bun.spawnSync(["tar", "-tf", b.file]).stdout.toString().trim().split("\n");
    expect(listed.at(-1)).toBe("manifest.json");
    const manifest = JSON.parse(Bun.spawnSync(["tar", "-xOf", b.file, "manifest.json"]).stdout.toString());
    expect(manifest).toMatchObject({ format: "contact-center-backup", formatVersion: 1, schemaVersion: SCHEMA_VERSION, appVersion: "9.9.9", dataDir: src.dir });
    expect(Date.parse(manifest.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const wav = manifest.files.find((f: { path: string }) => f.path === "recordings/2025/01/call-1.wav");
    expect(wav).toEqual({ path: "recordings/2025/01/call-1.wav", size: statSync(join(src.dir, wav.path)).size, sha256: sha(join(src.dir, wav.path)) });
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(listed.slice(0, -1).sort());

    const target = join(tmp(), "restored");
    const r = restore(b.file, target);
    expect(r.code, r.lines.join("\n")).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^restored .*backup\.tar into .*restored: 7 files, .*by version 9\.9\.9, database schema \d+\)$/);

    // Every file but the database is byte for byte the same; modes are kept (the key stays private).
    const before = tree(src.dir);
    const after = tree(target);
    delete before[DATABASE_FILE];
    for (const f of ["-wal", "-shm"]) delete before[DATABASE_FILE + f];
    delete after[DATABASE_FILE];
    expect(after).toEqual(before);
    expect(statSync(join(target, "tls", "key.pem")).mode & 0o777).toBe(0o600);
    expect(statSync(join(target, "initial-credentials.json")).mode & 0o777).toBe(0o600);

    const db = openDatabase(join(target, DATABASE_FILE));
    cleanups.unshift(() => db.close());
    const repos = createRepos(db, REALM);
    const agents = (rs: typeof repos) => rs.agents.list("demo").map((a) => ({ loginId: a.loginId, name: a.name, extension: a.extension }));
    expect(agents(repos)).toEqual(agents(src.repos));
    expect(agents(repos).find((a) => a.loginId === "agent3")?.name).toBe("Agent 3");
    const calls = (rs: typeof repos) => rs.calls.list("demo", 0, Number.MAX_SAFE_INTEGER).map((c) => ({ ...c, recordingPath: c.recordingPath?.split("/").slice(-3).join("/") }));
    expect(calls(repos)).toEqual(calls(src.repos));
    // The call records point at the restored recordings, which play back the same bytes.
    for (const c of repos.calls.list("demo", 0, Number.MAX_SAFE_INTEGER)) {
      expect(c.recordingPath!.startsWith(join(target, "recordings") + "/")).toBe(true);
      expect(sha(c.recordingPath!)).toBe(sha(join(src.dir, "recordings", "2025", "01", `${c.callId}.wav`)));
    }

    // Both ends are in the audit log under the command line.
    const audit = (d: typeof db) => d.query("SELECT actor_kind, action, target, after_json FROM audit_log WHERE action IN ('backup', 'restore')").all() as Record<string, string>[];
    expect(audit(src.db)).toMatchObject([{ actor_kind: "cli", action: "backup", target: "backups/backup.tar" }]);
    const restored = audit(db);
    expect(restored).toMatchObject([{ actor_kind: "cli", action: "restore", target: "backups/backup.tar" }]);
    expect(JSON.parse(restored[0]!.after_json!)).toMatchObject({ files: 7, schemaVersion: SCHEMA_VERSION, appVersion: "9.9.9", recordingsMoved: 2 });

    // The restored directory checks clean (the open recording is partial, repaired by the next start).
    const lines: string[] = [];
    expect(runCheckCommand([], { dataDir: target }, (l) => lines.push(l))).toBe(0);
    expect(lines.join("\n")).toContain("partial, repairable: 2025/01/call-2.wav");
  });

  it("X5: MUST refuse a corrupt, truncated, foreign or newer-schema backup with one clear line, writing nothing", async () => {
    const src = await source();
    const { file } = backup(src.dir);
    const bytes = readFileSync(file);
    const dir = tmp();
    const variant = (name: string, data: Uint8Array) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    };
    const headerOf = (name: string) => {
      for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) if (at % 512 === 0) return at;
      throw new Error(`no tar header for ${name}`);
    };
    const wavAt = headerOf("recordings/2025/01/call-1.wav");
    const flipped = Uint8Array.from(bytes);
    flipped[wavAt + 512 + 100]! ^= 0xff;
    const manifestAt = headerOf("manifest.json");
    writeFileSync(join(dir, "notes.txt"), "not a backup");
    const foreign = Bun.spawnSync(["tar", "-cf", "-", "-C", dir, "notes.txt"]).stdout;
    const certsOnly = Bun.spawnSync(["tar", "-cf", "-", "-C", src.dir, "tls"]).stdout;
    src.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const newer = backup(src.dir);
    expect(newer.code, newer.lines.join("\n")).toBe(0);

    const cases: [string, string, RegExp][] = [
      ["a flipped byte in a recording", variant("flipped.tar", flipped), /the archive is damaged: recordings\/2025\/01\/call-1\.wav does not match its checksum/],
      ["a broken header", variant("header.tar", Uint8Array.from(bytes).fill(0x41, 0, 10)), /not a tar archive \(no valid header at byte 0\)/],
      ["cut in the middle", variant("half.tar", bytes.subarray(0, Math.floor(bytes.length / 2))), /the archive is truncated/],
      ["cut before the manifest", variant("nomanifest.tar", bytes.subarray(0, manifestAt)), /the archive is truncated \(no end-of-archive marker/],
      ["random bytes", variant("random.tar", crypto.getRandomValues(new Uint8Array(4096))), /not a tar archive/],
      ["an empty file", variant("empty.tar", new Uint8Array(0)), /not a tar archive \(too short\)/],
      ["another tar", variant("foreign.tar", foreign), /not a contact-center backup: unexpected entry "notes\.txt"/],
      ["a tar of data files with no manifest", variant("certs.tar", certsOnly), /the archive is incomplete \(no manifest\.json at its end\)/],
      ["a missing file", join(dir, "nothing-here.tar"), /cannot read .*nothing-here\.tar: no such file/],
      ["a newer schema", newer.file, new RegExp(`made by a newer version \\(9\\.9\\.9, database schema ${SCHEMA_VERSION + 1}; this program supports up to ${SCHEMA_VERSION}\\)`)],
    ];
    for (const [what, path, message] of cases) {
      const absent = join(dir, `target-${what.replaceAll(" ", "-")}`);
      const r = restore(path, absent);
      expect(r.code, what).toBe(1);
      expect(r.lines, what).toHaveLength(1);
      expect(r.lines[0], what).toMatch(/^restore failed: .*; nothing was changed$/);
      expect(r.lines[0], what).toMatch(message);
      expect(existsSync(absent), `${what}: no target folder made`).toBe(false);
      const empty = join(dir, "empty-target");
      mkdirSync(empty, { recursive: true });
      expect(restore(path, empty).code, what).toBe(1);
      expect(readdirSync(empty), `${what}: nothing left in the target`).toEqual([]);
    }
  });

  it("X5: MUST refuse a data directory that holds data, unless --replace, which keeps that data aside", async () => {
    const src = await source();
    const { file } = backup(src.dir);
    const target = tmp();
    writeFileSync(join(target, "contact-center.db"), "older data");
    mkdirSync(join(target, "recordings"));
    const refused = restore(file, target);
    expect(refused.code).toBe(1);
    expect(refused.lines).toEqual([expect.stringMatching(/^restore refused: .* is not empty \(contact-center\.db, recordings\); stop the appliance and add --replace .*; nothing was changed$/)]);
    expect(readdirSync(target).sort()).toEqual(["contact-center.db", "recordings"]);

    const replaced = restore(file, target, "--replace");
    expect(replaced.code, replaced.lines.join("\n")).toBe(0);
    expect(replaced.lines[0]).toMatch(/what was there is kept in .*replaced-/);
    const aside = readdirSync(target).find((n) => n.startsWith("replaced-"))!;
    expect(readFileSync(join(target, aside, "contact-center.db"), "utf8")).toBe("older data");
    expect(sha(join(target, "recordings", "2025", "01", "call-1.wav"))).toBe(sha(join(src.dir, "recordings", "2025", "01", "call-1.wav")));
  });

  it("X5: MUST refuse to restore into the data directory of a running appliance", async () => {
    const src = await source();
    const { file } = backup(src.dir);
    const target = tmp();
    const lock = lockDataDir(target); // what the appliance holds while it runs
    const r = restore(file, target, "--replace");
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([`restore refused: the appliance is running on ${target} (or a restore is under way); stop it first; nothing was changed`]);
    expect(readdirSync(target)).toEqual([LOCK_FILE]);
    lock.release();
    expect(restore(file, target).code).toBe(0);
  });

  it("X5: a backup made by an older version MUST restore and be migrated by the normal migration path", async () => {
    const dir = tmp();
    const db = openDatabase(join(dir, DATABASE_FILE));
    migrate(db, undefined, MIGRATIONS.slice(0, 5));
    db.exec("INSERT INTO organization (id, name, domain, api_key_hash, created_at) VALUES (1, 'Old', 'old.example', 'x', 0)");
    db.close();
    const b = backup(dir);
    expect(b.code, b.lines.join("\n")).toBe(0);
    expect(b.lines[0]).toContain("database schema 5,");
    const target = join(tmp(), "new");
    const r = restore(b.file, target);
    expect(r.code, r.lines.join("\n")).toBe(0);
    expect(r.lines[0]).toContain(`database schema 5, migrated to schema ${SCHEMA_VERSION})`);
    const restored = openDatabase(join(target, DATABASE_FILE));
    expect(restored.query("PRAGMA user_version").get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(restored.query("SELECT name FROM organization").all()).toEqual([{ name: "Old" }]);
    restored.close();
  });

  it("X5: backup MUST fail with one clear line when there is nothing to back up or nowhere to write", async () => {
    const empty = tmp();
    const missing = backup(empty, join(tmp(), "b.tar"));
    expect(missing.code).toBe(1);
    expect(missing.lines).toEqual([`backup failed: no database at ${join(empty, DATABASE_FILE)} (is CC_DATA_DIR right?)`]);
    const src = await source();
    const nowhere = backup(src.dir, join(tmp(), "no", "such", "folder", "b.tar"));
    expect(nowhere.code).toBe(1);
    expect(nowhere.lines).toHaveLength(1);
    expect(nowhere.lines[0]).toStartWith("backup failed: ");
    expect(runBackupCommand([], ctx(src.dir), () => {})).toBe(2);
    expect(runRestoreCommand([], ctx(src.dir), () => {})).toBe(2);
  });
});
