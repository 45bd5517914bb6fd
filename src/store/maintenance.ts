import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";

/** The database's file name in the data directory. */
export const DATABASE_FILE = "contact-center.db";

/**
 * Open a database file that must exist already, without migrating it (X5 backup, restore, check):
 * these commands look at the data as it is, whatever version wrote it.
 */
export function openExistingDatabase(path: string): Database {
  if (!existsSync(path)) throw new Error(`no database at ${path}`);
  const db = new Database(path, { readwrite: true, create: false, strict: true });
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

/**
 * A consistent copy of a live database in one file (X5): `VACUUM INTO` reads one snapshot of the WAL
 * database while the appliance keeps writing, and writes a compact file with no -wal beside it.
 */
export function snapshotDatabase(db: Database, to: string): void {
  db.query("VACUUM INTO ?").run(to);
}

/**
 * What SQLite finds wrong with a database: `PRAGMA integrity_check` (or `quick_check`) and
 * `foreign_key_check`. A file too damaged to run them reports SQLite's error as its finding.
 */
export function databaseProblems(db: Database, quick = false): { integrity: string[]; foreignKeys: string[] } {
  const run = <T>(fn: () => T[], describe: (row: T) => string): string[] => {
    try {
      return fn().map(describe).filter((m) => m !== "ok");
    } catch (e) {
      return [e instanceof Error ? e.message : String(e)];
    }
  };
  const integrity = run(() => db.query(quick ? "PRAGMA quick_check" : "PRAGMA integrity_check").values() as [string][], (r) => String(r[0]));
  const foreignKeys = run(
    () => db.query("PRAGMA foreign_key_check").all() as { table: string; rowid: number | null; parent: string }[],
    (r) => `${r.table} row ${r.rowid ?? "?"} refers to a missing ${r.parent} row`,
  );
  return { integrity, foreignKeys };
}

/**
 * Close a database so its file stands alone (X5 restore): everything checkpointed out of the WAL and
 * the journal back to DELETE, so no -wal or -shm file is left to travel with it. The appliance turns
 * WAL on again when it opens the file.
 */
export function closeStandalone(db: Database): void {
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("PRAGMA journal_mode = DELETE");
  db.close();
}
