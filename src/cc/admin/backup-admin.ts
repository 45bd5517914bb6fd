import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { BACKUP_NAME_RE, listBackupFiles, type BackupFile } from "./backup-files.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

/** How one scheduled or requested backup went (X5). */
export interface BackupRun {
  ok: boolean;
  /** The archive's name in the backups folder (when written). */
  name?: string;
  bytes?: number;
  /** One line saying why, when it failed. */
  error?: string;
  /** Older backups removed to keep the newest N. */
  removed: string[];
  /** The off-box copy: uploaded, failed (why), or none configured. */
  offBox: "uploaded" | "none" | { error: string };
  at: number;
}

/** What the pages show of the schedule. */
export interface BackupSchedule {
  /** Hour of day (local time) of the daily backup; undefined when scheduled backups are off. */
  hour?: number;
  keep: number;
  /** Where off-box copies go (`s3://bucket/prefix`), when configured. */
  offBox?: string;
  running: boolean;
  last?: BackupRun;
}

/** The appliance's backup runner (main.ts wires the scheduler in). */
export interface BackupRunner {
  readonly dir: string;
  schedule(): BackupSchedule;
  /** Make a backup now (the same as the scheduled one); refused while one runs. */
  run(): Promise<BackupRun>;
}

/** What the audit log keeps of a backup or a restore (X5, H5). */
export const backupInfoSchema = z.object({
  /** The archive's path as given on the command line. */
  file: z.string().min(1).max(1000),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  schemaVersion: z.number().int().min(0),
  appVersion: z.string().max(40),
  /** When the backup was made (ISO 8601). */
  createdAt: z.string().max(40),
});
export type BackupInfo = z.input<typeof backupInfoSchema>;

/**
 * Backups and restores of the whole data directory (X5), written to the audit log like every other
 * change. The archive itself is made and read by the command line; here is what the database keeps.
 */
export class BackupAdmin {
  private runner?: BackupRunner;

  constructor(private readonly ctx: AdminContext) {}

  /** Scheduled backups run in this process (main.ts); without a runner the pages list nothing. */
  attachRunner(runner: BackupRunner): void {
    this.runner = runner;
  }

  /** The backups folder's archives, newest first. */
  list(): BackupFile[] {
    return this.runner ? listBackupFiles(this.runner.dir) : [];
  }

  schedule(): BackupSchedule | undefined {
    return this.runner?.schedule();
  }

  /** The path of a listed backup for a download (recorded as an access, H5); 404 for any other name. */
  download(actor: Actor, name: string): string {
    if (!this.runner || !BACKUP_NAME_RE.test(name)) throw missing("backup");
    const path = join(this.runner.dir, name);
    if (!existsSync(path)) throw missing("backup");
    this.ctx.changes.access(actor, undefined, "backup-download", `backups/${name}`);
    return path;
  }

  /**
   * Start a backup now and return at once (a large one takes minutes, longer than a page request
   * may wait); its outcome is audited when it ends and shown by `schedule().last`. 409 while one runs.
   */
  start(actor: Actor): void {
    if (!this.runner) throw missing("backup");
    if (this.runner.schedule().running) throw refuse("backup", "busy", 409);
    this.run(actor).catch((e: unknown) => this.ctx.log.error({ err: String(e) }, "backup failed"));
  }

  /**
   * Make a backup now, or on schedule (actor SYSTEM): the archive, the pruning to the newest N and
   * the off-box copy are one audit entry with the outcome. 409 while another backup runs.
   */
  async run(actor: Actor): Promise<BackupRun> {
    if (!this.runner) throw missing("backup");
    if (this.runner.schedule().running) throw refuse("backup", "busy", 409);
    const r = await this.runner.run();
    this.ctx.changes.commit(actor, () => ({ action: r.ok ? "backup-run" : "backup-failed", target: `backups/${r.name ?? ""}`, after: r, result: undefined }));
    return r;
  }

  /** A backup of this database was written to `info.file`. */
  backedUp(actor: Actor, input: BackupInfo): void {
    const info = parseInput(backupInfoSchema, input);
    this.ctx.changes.commit(actor, () => ({ action: "backup", target: `backups/${basename(info.file)}`, after: info, result: undefined }));
  }

  /**
   * This database was just restored from `info.file`: record it, and point every call record's
   * recording at its new place (`relocate` maps a stored path to the restored file's path, or
   * undefined when that recording is not in the backup). Returns how many paths moved.
   */
  restored(actor: Actor, input: BackupInfo, relocate: (storedPath: string) => string | undefined): number {
    const info = parseInput(backupInfoSchema, input);
    return this.ctx.changes.commit(actor, () => {
      let moved = 0;
      for (const r of this.ctx.repos.recordingPaths.list()) {
        const to = relocate(r.path);
        if (to === undefined || to === r.path) continue;
        this.ctx.repos.recordingPaths.move(r.callId, to);
        moved++;
      }
      return { action: "restore", target: `backups/${basename(info.file)}`, after: { ...info, recordingsMoved: moved }, result: moved };
    });
  }
}
