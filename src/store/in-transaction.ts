import type { Database } from "bun:sqlite";

/**
 * Run a function in one transaction (a savepoint inside the loop turn's). The wrapper is made once:
 * `db.transaction(fn)` builds a new one on every call, and its `defineProperties` was ≈ 30 % of
 * writing a REGISTER's binding (issue 12).
 */
export function inTransaction(db: Database): <T>(fn: () => T) => T {
  const run = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T) => run(fn) as T;
}
