import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Administration, COMMAND_LINE } from "../cc/index.ts";
import { systemClock, type Logger } from "../lib/index.ts";
import { createRepos, DATABASE_FILE, openDatabase, openExistingDatabase, schemaVersion, SCHEMA_VERSION, snapshotDatabase } from "../store/index.ts";
import { BACKUP_FILES, BACKUP_FOLDERS, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_NAME, type Manifest, type ManifestFile } from "./backup-manifest.ts";
import { formatBytes, walkFiles } from "./data-files.ts";
import { TarWriter } from "./tar.ts";

/** What backup, restore and check need from the composition root. */
export interface DataCommandContext {
  dataDir: string;
  /** SIP digest realm (the repositories need it). */
  realm: string;
  /** package.json's version. */
  appVersion: string;
  log: Logger;
  now?: () => number;
}

/** A written backup. */
export interface BackupResult {
  file: string;
  files: number;
  /** The archive's size. */
  bytes: number;
  schemaVersion: number;
  recordings: number;
  createdAt: string;
}

const CHUNK = 1 << 20;

/** The first line of an error, for a one-line report. */
export const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

/**
 * Stream one file into the archive, hashing it on the way. A file that grows meanwhile (a recording
 * of a call in progress) is copied up to the size it had when opened; one that vanished is skipped.
 */
function archiveFile(tar: TarWriter, src: string, name: string, buf: Uint8Array, mode?: number): Omit<ManifestFile, "path"> | undefined {
  let fd: number;
  try {
    fd = openSync(src, "r");
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    const st = fstatSync(fd);
    const size = st.size;
    tar.begin({ path: name, size, mode: mode ?? st.mode & 0o777, mtime: st.mtimeMs / 1000 });
    const hash = createHash("sha256");
    let done = 0;
    while (done < size) {
      const want = Math.min(buf.length, size - done);
      let n = readSync(fd, buf, 0, want, done);
      if (n === 0) {
        // Shrunk while read: keep the size promised in the header (zeros, hashed as written).
        buf.fill(0, 0, want);
        n = want;
      }
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      tar.write(chunk);
      done += n;
    }
    tar.end();
    return { size, sha256: hash.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

/**
 * Write a backup of `dataDir` to `file` (X5), online: a `VACUUM INTO` snapshot of the database (one
 * consistent view while the appliance keeps writing), then the certificate, credentials, prompts and
 * recordings streamed into a tar archive, then `manifest.json`. The archive is written beside `file`
 * under a temporary name and renamed into place only when complete (mode 0600: it holds secrets).
 */
export function writeBackup(dataDir: string, file: string, appVersion: string, now: () => number = Date.now): BackupResult {
  const dbPath = join(dataDir, DATABASE_FILE);
  if (!existsSync(dbPath)) throw new Error(`no database at ${dbPath} (is CC_DATA_DIR right?)`);
  const target = resolve(file);
  if (existsSync(target) && statSync(target).isDirectory()) throw new Error(`${file} is a directory`);
  const partial = `${target}.partial-${process.pid}`;
  const snap = `${target}.db-${process.pid}`;
  let fd: number | undefined;
  try {
    rmSync(snap, { force: true });
    const live = openExistingDatabase(dbPath);
    try {
      snapshotDatabase(live, snap);
    } finally {
      live.close();
    }
    const snapshot = openExistingDatabase(snap);
    const schema = schemaVersion(snapshot);
    snapshot.close();

    fd = openSync(partial, "wx", 0o600);
    const tar = new TarWriter(fd);
    const files: ManifestFile[] = [];
    const buf = new Uint8Array(CHUNK);
    const add = (src: string, name: string, mode?: number) => {
      const r = archiveFile(tar, src, name, buf, mode);
      if (r) files.push({ path: name, ...r });
    };
    add(snap, DATABASE_FILE, statSync(dbPath).mode & 0o777);
    for (const f of BACKUP_FILES) add(join(dataDir, f), f);
    for (const folder of BACKUP_FOLDERS) for (const rel of walkFiles(join(dataDir, folder))) add(join(dataDir, folder, rel), `${folder}/${rel}`);
    const at = now();
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: schema,
      appVersion,
      createdAt: new Date(at).toISOString(),
      dataDir: resolve(dataDir),
      files,
    };
    tar.add(MANIFEST_NAME, new TextEncoder().encode(JSON.stringify(manifest, null, 1)), 0o600, at / 1000);
    tar.finish();
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(partial, target);
    const recordings = files.filter((f) => f.path.startsWith("recordings/")).length;
    return { file, files: files.length, bytes: tar.bytes, schemaVersion: schema, recordings, createdAt: manifest.createdAt };
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(partial, { force: true });
    rmSync(snap, { force: true });
  }
}

const USAGE = "usage: contact-center backup FILE";

/**
 * `contact-center backup FILE` (X5): a consistent backup while the appliance runs, one summary line,
 * recorded in the audit log. Exit code 0 when written, 1 on failure (one line saying why), 2 on misuse.
 */
export function runBackupCommand(args: string[], ctx: DataCommandContext, out: (line: string) => void): number {
  const [file, ...rest] = args;
  if (!file || rest.length || file.startsWith("-")) {
    out(USAGE);
    return 2;
  }
  const started = Date.now();
  let r: BackupResult;
  try {
    r = writeBackup(ctx.dataDir, file, ctx.appVersion, ctx.now);
  } catch (e) {
    out(`backup failed: ${oneLine(e)}`);
    return 1;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out(`backup written to ${file}: ${r.files} files, ${formatBytes(r.bytes)} (database schema ${r.schemaVersion}, ${r.recordings} recordings) in ${seconds} s`);
  try {
    // The audit entry goes to the live database, and only one this program can write (same schema).
    const db = openDatabase(join(ctx.dataDir, DATABASE_FILE));
    try {
      if (schemaVersion(db) === SCHEMA_VERSION) {
        const admin = new Administration({ repos: createRepos(db, ctx.realm), clock: systemClock, log: ctx.log });
        admin.backups.backedUp(COMMAND_LINE, { file, files: r.files, bytes: r.bytes, schemaVersion: r.schemaVersion, appVersion: ctx.appVersion, createdAt: r.createdAt });
      }
    } finally {
      db.close();
    }
  } catch (e) {
    out(`warning: the backup is complete but could not be written to the audit log: ${oneLine(e)}`);
  }
  return 0;
}
