import type { Database } from "bun:sqlite";
import { openDatabase } from "./db.ts";
import { createRepos, type Repos } from "./index.ts";
import { migrate } from "./migrate.ts";

/** A migrated in-memory database with all repositories, for tests. */
export function testStore(realm = "test-realm"): { db: Database; repos: Repos } {
  const db = openDatabase(":memory:");
  migrate(db);
  return { db, repos: createRepos(db, realm) };
}
