import { Database } from "bun:sqlite";

export type { Database };

/**
 * Open (or create) the SQLite database at `path` (":memory:" for tests) with the PRAGMAs the
 * appliance relies on: WAL journal, synchronous=NORMAL, foreign keys, and a busy timeout (X5).
 */
export function openDatabase(path: string): Database {
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}
