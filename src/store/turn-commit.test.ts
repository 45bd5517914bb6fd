import { Database } from "bun:sqlite";
import { afterEach, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TurnCommit } from "./turn-commit.ts";

const turnEnd = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("group commit of a loop turn's writes (issue 12)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function open() {
    const dir = mkdtempSync(join(tmpdir(), "turn-commit-"));
    dirs.push(dir);
    const file = join(dir, "db.sqlite");
    const db = new Database(file);
    db.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER)");
    const other = new Database(file, { readonly: true });
    const seen = () => (other.query("SELECT count(*) AS n FROM t").get() as { n: number }).n;
    const errors: unknown[] = [];
    return { db, seen, errors, turn: new TurnCommit(db, (e) => errors.push(e), 20) };
  }

  it("X5: MUST commit a turn's writes together at the turn's end, seen by another connection only then", async () => {
    const { db, seen, turn, errors } = open();
    turn.enter();
    db.run("INSERT INTO t VALUES (1)");
    turn.enter(); // a second message in the same turn joins the transaction
    db.run("INSERT INTO t VALUES (2)");
    expect(seen()).toBe(0);
    await turnEnd();
    expect(seen()).toBe(2);
    expect(db.inTransaction).toBe(false);
    expect(errors).toEqual([]);
  });

  it("X5: under load, a turn within the minimum interval of the last commit MUST share the next commit, and lose nothing", async () => {
    const { db, seen, turn } = open();
    turn.enter();
    db.run("INSERT INTO t VALUES (1)");
    await turnEnd(); // first commit
    turn.enter();
    db.run("INSERT INTO t VALUES (2)");
    await turnEnd();
    expect(db.inTransaction).toBe(true); // not yet: 20 ms have not passed
    turn.enter();
    db.run("INSERT INTO t VALUES (3)");
    expect(seen()).toBe(1);
    await sleep(40);
    expect(seen()).toBe(3);
    expect(db.inTransaction).toBe(false);
  });

  it("X5: MUST commit what is open when the store closes", () => {
    const { db, seen, turn } = open();
    turn.enter();
    db.run("INSERT INTO t VALUES (1)");
    turn.commit();
    expect(seen()).toBe(1);
  });
});
