import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Administration, COMMAND_LINE } from "../cc/index.ts";
import { systemClock } from "../lib/index.ts";
import {
  closeStandalone,
  createRepos,
  DATABASE_FILE,
  databaseProblems,
  isDataDirLocked,
  LOCK_FILE,
  lockDataDir,
  migrate,
  openDatabase,
  schemaVersion,
  DataDirLockedError,
} from "../store/index.ts";
import { oneLine, type DataCommandContext } from "./backup-command.ts";
import { matchRecording, type Manifest } from "./backup-manifest.ts";
import { formatBytes } from "./data-files.ts";
import { unpackBackup } from "./restore-archive.ts";
import { ArchiveError } from "./tar.ts";

const USAGE = "usage: contact-center restore FILE [--replace]";

/** The data directory cannot take a restore now (in use, or holding data without --replace). */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

/** Entries of a data directory that do not make it "in use": hidden files, the lock, lost+found. */
const ignorable = (name: string) => name.startsWith(".") || name === LOCK_FILE || name === "lost+found";

/** What the data directory holds that a restore would replace. */
export function dataDirContents(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !ignorable(n)).sort();
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return [];
    throw e;
  }
}

/**
 * Bring the unpacked database up to this program (the normal migration path), check it, point its
 * call records at the restored recordings, and record the restore in its audit log (one door).
 */
function finishDatabase(staging: string, dataDir: string, file: string, manifest: Manifest, ctx: DataCommandContext): { migratedTo?: number } {
  const db = openDatabase(join(staging, DATABASE_FILE));
  let ok = false;
  try {
    const found = schemaVersion(db);
    if (found !== manifest.schemaVersion) throw new ArchiveError(`the archive is damaged: the database is at schema ${found}, the manifest says ${manifest.schemaVersion}`);
    const problems = databaseProblems(db, true);
    if (problems.integrity.length) throw new ArchiveError(`the backup's database is damaged: ${problems.integrity[0]}`);
    const version = migrate(db, ctx.log);
    const admin = new Administration({ repos: createRepos(db, ctx.realm), clock: systemClock, log: ctx.log });
    const recordings = new Set(manifest.files.filter((f) => f.path.startsWith("recordings/")).map((f) => f.path.slice("recordings/".length)));
    const root = join(resolve(dataDir), "recordings");
    const relocate = (stored: string) => {
      const rel = matchRecording(stored, recordings);
      return rel === undefined ? undefined : join(root, ...rel.split("/"));
    };
    admin.backups.restored(
      COMMAND_LINE,
      { file, files: manifest.files.length, bytes: manifest.files.reduce((s, f) => s + f.size, 0), schemaVersion: manifest.schemaVersion, appVersion: manifest.appVersion, createdAt: manifest.createdAt },
      relocate,
    );
    ok = true;
    return version !== manifest.schemaVersion ? { migratedTo: version } : {};
  } finally {
    if (ok) closeStandalone(db);
    else db.close();
  }
}

/** Move `names` from `from` to `to`; on a failure, move back what was moved and rethrow. */
function moveAll(names: string[], from: string, to: string): void {
  const moved: string[] = [];
  try {
    for (const n of names) {
      renameSync(join(from, n), join(to, n));
      moved.push(n);
    }
  } catch (e) {
    for (const n of moved.reverse()) renameSync(join(to, n), join(from, n));
    throw e;
  }
}

/**
 * Restore `file` into `dataDir` (X5). Refused while the appliance runs on it, and when it holds data
 * unless `replace` (then that data is kept in `<dataDir>/replaced-<time>/`). Everything is unpacked
 * and verified in a hidden folder inside `dataDir` first, then renamed into place: on any error
 * nothing in `dataDir` has changed. Returns the summary line; throws Error with one clear line.
 */
export function restoreBackup(file: string, dataDir: string, ctx: DataCommandContext, replace = false): string {
  if (!existsSync(file) || !statSync(file).isFile()) throw new ArchiveError(`cannot read ${file}: no such file`);
  const dir = resolve(dataDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new RestoreRefusedError(`${dataDir} is not a directory`);
  if (existsSync(dir) && isDataDirLocked(dir)) throw new DataDirLockedError(dataDir);
  const before = dataDirContents(dir);
  if (before.length && !replace) {
    throw new RestoreRefusedError(`${dataDir} is not empty (${before.slice(0, 3).join(", ")}${before.length > 3 ? " …" : ""}); stop the appliance and add --replace to set that data aside and restore`);
  }
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const hadLock = existsSync(join(dir, LOCK_FILE));
  let lock: ReturnType<typeof lockDataDir> | undefined;
  let staging: string | undefined;
  let done = false;
  try {
    lock = lockDataDir(dir);
    staging = mkdtempSync(join(dir, ".restore-"));
    const { manifest, bytes } = unpackBackup(file, staging);
    const db = finishDatabase(staging, dir, file, manifest, ctx);
    const now = dataDirContents(dir);
    let aside: string | undefined;
    if (now.length) {
      aside = join(dir, `replaced-${new Date(ctx.now?.() ?? Date.now()).toISOString().replace(/[:.]/g, "-")}`);
      mkdirSync(aside);
      moveAll(now, dir, aside);
    }
    try {
      moveAll(readdirSync(staging), staging, dir);
    } catch (e) {
      if (aside) moveAll(now, aside, dir);
      throw e;
    }
    done = true;
    const migrated = db.migratedTo ? `, migrated to schema ${db.migratedTo}` : "";
    const kept = aside ? `; what was there is kept in ${aside}` : "";
    return `restored ${file} into ${dataDir}: ${manifest.files.length} files, ${formatBytes(bytes)} (made ${manifest.createdAt} by version ${manifest.appVersion}, database schema ${manifest.schemaVersion}${migrated})${kept}`;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
    lock?.release();
    if (!done && created) rmSync(dir, { recursive: true, force: true });
    else if (!done && !hadLock) rmSync(join(dir, LOCK_FILE), { force: true });
  }
}

/**
 * `contact-center restore FILE [--replace]` (X5): one summary line and exit code 0 when restored;
 * one line saying why and exit code 1 when refused or when the archive is damaged (nothing changed).
 */
export function runRestoreCommand(args: string[], ctx: DataCommandContext, out: (line: string) => void): number {
  const replace = args.includes("--replace");
  const rest = args.filter((a) => a !== "--replace");
  if (rest.length !== 1 || rest[0]!.startsWith("-")) {
    out(USAGE);
    return 2;
  }
  try {
    out(restoreBackup(rest[0]!, ctx.dataDir, ctx, replace));
    return 0;
  } catch (e) {
    const refused = e instanceof DataDirLockedError || e instanceof RestoreRefusedError;
    out(`restore ${refused ? "refused" : "failed"}: ${oneLine(e)}; nothing was changed`);
    return 1;
  }
}
