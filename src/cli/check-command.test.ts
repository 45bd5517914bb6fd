import { afterEach, describe, expect, it } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATABASE_FILE } from "../store/index.ts";
import { runCheckCommand } from "./check-command.ts";
import { makeDataDir, wavBytes, type TestDataDir } from "./test-data-dir.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function dataDir(): Promise<TestDataDir> {
  const d = await makeDataDir("cc-check-test-");
  cleanups.push(d.cleanup);
  return d;
}

function check(dir: string): { code: number; text: string } {
  const lines: string[] = [];
  const code = runCheckCommand([], { dataDir: dir }, (l) => lines.push(l));
  return { code, text: lines.join("\n") };
}

const rec = (d: TestDataDir, name: string) => join(d.dir, "recordings", "2025", "01", name);

describe("contact-center check (X5)", () => {
  it("X5: MUST report a sound data directory clean (exit 0), a recording left open by a crash as partial, repairable", async () => {
    const d = await dataDir();
    const r = check(d.dir);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toMatch(/^database .*contact-center\.db: schema \d+, integrity ok, foreign keys ok$/m);
    expect(r.text).toMatch(/^recordings .*: 2 files, 1 ok, 1 partial \(repairable\), 0 unplayable$/m);
    expect(r.text).toContain("warning: partial, repairable: 2025/01/call-2.wav: header says 0 audio bytes, the file holds 16000 (the next start repairs it)");
    expect(r.text).toMatch(/^call records: 2 with a recording, 2 present, 0 missing$/m);
    expect(r.text.split("\n").at(-1)).toBe("check: clean (1 warning)");
  });

  it("X5: MUST fail (exit 1) on an unplayable recording and on a closed call whose recording is gone", async () => {
    const d = await dataDir();
    writeFileSync(rec(d, "call-2.wav"), "ID3 this is no WAV at all, padded to more than forty-four bytes");
    unlinkSync(rec(d, "call-1.wav"));
    const r = check(d.dir);
    expect(r.code, r.text).toBe(1);
    expect(r.text).toContain("PROBLEM: unplayable recording: 2025/01/call-2.wav: not a RIFF/WAVE file");
    expect(r.text).toContain(`PROBLEM: recording missing: call call-1: ${rec(d, "call-1.wav")}`);
    expect(r.text.split("\n").at(-1)).toBe("check: 2 problems found");
  });

  it("X5: a call cut short by a crash before its recording reached the disk MUST be a warning, not a failure", async () => {
    const d = await dataDir();
    unlinkSync(rec(d, "call-2.wav")); // call-2 is still open (no end): a crash left it so
    const r = check(d.dir);
    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain("warning: recording of a call cut short by a crash not on disk: call call-2");
  });

  it("X5: MUST fail on a foreign key violation and on a damaged database file", async () => {
    const d = await dataDir();
    d.db.exec("PRAGMA foreign_keys = OFF");
    d.db.exec("INSERT INTO call_legs (leg_id, call_id, role, party, created_at) VALUES ('leg-x', 'no-such-call', 'caller', '0101', 1)");
    const fk = check(d.dir);
    expect(fk.code, fk.text).toBe(1);
    expect(fk.text).toContain("foreign keys FAILED");
    expect(fk.text).toContain("PROBLEM: foreign key: call_legs row");

    const damaged = await dataDir();
    const { rootpage } = damaged.db.query("SELECT rootpage FROM sqlite_master WHERE name = 'agents'").get() as { rootpage: number };
    const { page_size } = damaged.db.query("PRAGMA page_size").get() as { page_size: number };
    damaged.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    damaged.db.close();
    const fd = openSync(join(damaged.dir, DATABASE_FILE), "r+");
    // Scribble over the agents table's page: the schema stays readable, that table does not.
    writeSync(fd, new Uint8Array(page_size).fill(0x37), 0, page_size, (rootpage - 1) * page_size);
    closeSync(fd);
    const bad = check(damaged.dir);
    expect(bad.code, bad.text).toBe(1);
    expect(bad.text).toContain("integrity FAILED");
    expect(bad.text).toContain("PROBLEM: integrity: ");
  });

  it("X5: MUST fail with a clear line when there is no database", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-check-empty-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "stray.wav"), wavBytes(10));
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`PROBLEM: database: no database at ${join(dir, DATABASE_FILE)} (is CC_DATA_DIR right?)`);
    expect(runCheckCommand(["extra"], { dataDir: dir }, () => {})).toBe(2);
  });
});
