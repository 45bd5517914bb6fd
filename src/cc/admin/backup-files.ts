import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Scheduled and on-demand backups live in `<dataDir>/backups` (X5); a backup does not carry this folder. */
export const BACKUPS_FOLDER = "backups";

/** `cc-20250601-033000.tar`: made by the appliance, sortable by name = by time. */
export const BACKUP_NAME_RE = /^cc-\d{8}-\d{6}\.tar$/;

/** One archive in the backups folder, as listed in the pages. */
export interface BackupFile {
  name: string;
  bytes: number;
  /** When it was written (file time, ms). */
  at: number;
}

/** The archive name for a backup started at `at` (local time, like the schedule's hour). */
export function backupName(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, "0");
  return `cc-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}.tar`;
}

/** The appliance's backups, newest first; files of other shapes (partial writes, copies) are left out. */
export function listBackupFiles(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return [];
    throw e;
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    if (!BACKUP_NAME_RE.test(name)) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile()) out.push({ name, bytes: st.size, at: st.mtimeMs });
    } catch {
      // removed meanwhile
    }
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** Keep the newest `keep` backups; returns the names removed. */
export function pruneBackupFiles(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const f of listBackupFiles(dir).slice(keep)) {
    rmSync(join(dir, f.name), { force: true });
    removed.push(f.name);
  }
  return removed;
}
