import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "./db.ts";
import { migrate, SCHEMA_VERSION, SchemaTooNewError, schemaVersion } from "./migrate.ts";
import { testTempDir } from "../lib/testing/test-temp-dir.ts";

describe("database and migrations (X5)", () => {
  it("X5: MUST open the database in WAL mode with foreign keys on", () => {
    const db = openDatabase(join(testTempDir("db"), "cc.sqlite"));
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    expect((db.query("PRAGMA foreign_keys").get() as { foreign_keys: number }).foreign_keys).toBe(1);
    expect((db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous).toBe(1);
    db.close();
  });

  it("MUST apply numbered migrations once and record user_version", () => {
    const db = openDatabase(":memory:");
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toContain("bindings");
  });

  it("MUST refuse a database written by a newer binary", () => {
    const db = openDatabase(":memory:");
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(() => migrate(db)).toThrow(/newer than this program supports/);
  });

  it("MUST roll back a failing migration entirely", () => {
    const db = openDatabase(":memory:");
    const bad = [{ version: 1, name: "bad", sql: "CREATE TABLE a (x); CREATE TABLE a (x);" }];
    expect(() => migrate(db, undefined, bad)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.query("SELECT count(*) AS n FROM sqlite_master").get()).toEqual({ n: 0 });
  });
});
