import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkWavHeader, WAV_HEAD_BYTES, type WavHeaderCheck } from "../lib/index.ts";
import { DATABASE_FILE, databaseProblems, openExistingDatabase, RecordingPathRepo, schemaVersion, SCHEMA_VERSION, type RecordingRef } from "../store/index.ts";
import { oneLine } from "./backup-command.ts";
import { matchRecording } from "./backup-manifest.ts";
import { walkFiles } from "./data-files.ts";

/** What `check` found: the report's lines, and how many problems (exit code 1) and warnings (still 0). */
export interface CheckReport {
  lines: string[];
  problems: number;
  warnings: number;
}

/** At most this many lines per kind of finding; the rest are counted. */
const SHOWN = 20;

/** Read a WAV's first bytes and size, and check its header. */
export function checkWavFile(path: string): WavHeaderCheck {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, WAV_HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
    return checkWavHeader(head, size);
  } finally {
    closeSync(fd);
  }
}

class Report implements CheckReport {
  lines: string[] = [];
  problems = 0;
  warnings = 0;

  line(text: string): void {
    this.lines.push(text);
  }

  /** Findings of one kind: counted, and the first SHOWN listed. */
  list(kind: "problem" | "warning", label: string, items: string[]): void {
    if (kind === "problem") this.problems += items.length;
    else this.warnings += items.length;
    for (const item of items.slice(0, SHOWN)) this.lines.push(`  ${kind === "problem" ? "PROBLEM" : "warning"}: ${label}: ${item}`);
    if (items.length > SHOWN) this.lines.push(`  … and ${items.length - SHOWN} more ${label}`);
  }
}

/** The database: schema version, `integrity_check`, `foreign_key_check`; returns the calls' recording paths. */
function checkDatabase(dataDir: string, r: Report): RecordingRef[] | undefined {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) {
    r.line(`database ${path}: missing`);
    r.list("problem", "database", [`no database at ${path} (is CC_DATA_DIR right?)`]);
    return undefined;
  }
  let db;
  try {
    db = openExistingDatabase(path);
  } catch (e) {
    r.list("problem", "database", [`cannot open ${path}: ${oneLine(e)}`]);
    return undefined;
  }
  try {
    let version: number;
    try {
      version = schemaVersion(db);
    } catch (e) {
      r.line(`database ${path}: unreadable`);
      r.list("problem", "database", [`cannot be read: ${oneLine(e)}`]);
      return undefined;
    }
    const { integrity, foreignKeys } = databaseProblems(db);
    const schema =
      version > SCHEMA_VERSION ? `schema ${version}, NEWER than this program (${SCHEMA_VERSION})` : version < SCHEMA_VERSION ? `schema ${version} (migrated to ${SCHEMA_VERSION} at the next start)` : `schema ${version}`;
    r.line(`database ${path}: ${schema}, integrity ${integrity.length ? "FAILED" : "ok"}, foreign keys ${foreignKeys.length ? "FAILED" : "ok"}`);
    if (version > SCHEMA_VERSION) r.list("problem", "database", [`written by a newer version (schema ${version}); run that version or a newer one`]);
    r.list("problem", "integrity", integrity);
    r.list("problem", "foreign key", foreignKeys);
    try {
      return new RecordingPathRepo(db).list();
    } catch (e) {
      r.list("problem", "call records", [`cannot be read: ${oneLine(e)}`]);
      return undefined;
    }
  } finally {
    db.close();
  }
}

/**
 * Check a data directory (X5): the database's integrity and foreign keys, every recording's WAV
 * header (a header a crash left behind the audio is "partial, repairable": the next start repairs
 * it), and that every call record's recording is there. Reads only; safe while the appliance runs.
 */
export function checkDataDir(dataDir: string): CheckReport {
  const r = new Report();
  const refs = checkDatabase(dataDir, r);
  const recordingsDir = join(dataDir, "recordings");
  const wavs = walkFiles(recordingsDir).filter((p) => p.toLowerCase().endsWith(".wav"));
  const partial: string[] = [];
  const invalid: string[] = [];
  for (const rel of wavs) {
    let c: WavHeaderCheck;
    try {
      c = checkWavFile(join(recordingsDir, rel));
    } catch (e) {
      invalid.push(`${rel}: cannot be read (${oneLine(e)})`);
      continue;
    }
    if (c.state === "partial") partial.push(`${rel}: ${c.reason} (the next start repairs it)`);
    else if (c.state === "invalid") invalid.push(`${rel}: ${c.reason}`);
  }
  r.line(`recordings ${recordingsDir}: ${wavs.length} files, ${wavs.length - partial.length - invalid.length} ok, ${partial.length} partial (repairable), ${invalid.length} unplayable`);
  r.list("warning", "partial, repairable", partial);
  r.list("problem", "unplayable recording", invalid);
  if (refs) {
    const known = new Set(wavs);
    const missing = refs.filter((ref) => !existsSync(resolve(ref.path)) && !matchRecording(ref.path, known));
    // A crash can end a call before its first audio reached the disk; that call is marked interrupted.
    const cut = missing.filter((m) => m.open || m.result === "interrupted");
    const lost = missing.filter((m) => !(m.open || m.result === "interrupted"));
    r.line(`call records: ${refs.length} with a recording, ${refs.length - missing.length} present, ${missing.length} missing`);
    r.list("warning", "recording of a call cut short by a crash not on disk", cut.map((m) => `call ${m.callId}: ${m.path}`));
    r.list("problem", "recording missing", lost.map((m) => `call ${m.callId}: ${m.path}`));
  }
  r.line(r.problems ? `check: ${r.problems} problem${r.problems === 1 ? "" : "s"} found` : `check: clean${r.warnings ? ` (${r.warnings} warning${r.warnings === 1 ? "" : "s"})` : ""}`);
  return r;
}

/**
 * `contact-center check` (X5): prints the report; exit code 0 when the database is intact and every
 * recording plays or is repairable, 1 when anything is damaged or missing, 2 on misuse.
 */
export function runCheckCommand(args: string[], ctx: { dataDir: string }, out: (line: string) => void): number {
  if (args.length) {
    out("usage: contact-center check");
    return 2;
  }
  const report = checkDataDir(ctx.dataDir);
  for (const line of report.lines) out(line);
  return report.problems ? 1 : 0;
}
