import { basename } from "node:path";
import { z } from "zod";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { parseInput } from "./rule-error.ts";

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
  constructor(private readonly ctx: AdminContext) {}

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
