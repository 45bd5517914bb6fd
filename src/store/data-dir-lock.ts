import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The file in the data directory whose lock says "an appliance runs here" (X5). */
export const LOCK_FILE = "contact-center.lock";

/** Another process holds the data directory: the appliance runs on it, or a restore is under way. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`the appliance is running on ${dataDir} (or a restore is under way); stop it first`);
    this.name = "DataDirLockedError";
  }
}

/** A held lock; release() lets it go (the kernel lets it go too when the process dies, SIGKILL included). */
export interface DataDirLock {
  release(): void;
}

/** Locks held by this process, referenced here so a collected handle can never drop its lock. */
const held = new Set<Database>();

function tryExclusive(db: Database): boolean {
  try {
    db.exec("PRAGMA busy_timeout = 0");
    db.exec("PRAGMA journal_mode = MEMORY"); // no -journal file beside the lock
    db.exec("BEGIN EXCLUSIVE");
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") return false;
    throw e;
  }
}

/**
 * Hold the data directory's lock for as long as this process lives (X5): an exclusive SQLite lock
 * (a POSIX advisory lock underneath) on `<dataDir>/contact-center.lock`, so it is released by the
 * kernel however the process ends. Throws DataDirLockedError when another process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const db = new Database(join(dataDir, LOCK_FILE), { create: true });
  if (!tryExclusive(db)) {
    db.close();
    throw new DataDirLockedError(dataDir);
  }
  held.add(db);
  return {
    release() {
      if (!held.delete(db)) return;
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

/** Whether another process (or another lock in this one) holds the data directory's lock. */
export function isDataDirLocked(dataDir: string): boolean {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) return false;
  const db = new Database(path, { readwrite: true, create: false });
  try {
    if (!tryExclusive(db)) return true;
    db.exec("ROLLBACK");
    return false;
  } finally {
    db.close();
  }
}
