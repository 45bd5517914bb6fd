import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BACKUPS_FOLDER, backupName, listBackupFiles, pruneBackupFiles, type BackupRun, type BackupRunner, type BackupSchedule } from "../cc/index.ts";
import type { Clock, Logger, TimerHandle } from "../lib/index.ts";
import type { S3Target } from "./s3-target.ts";

export interface BackupSchedulerOptions {
  dataDir: string;
  /** Hour of day (local time) of the daily backup; undefined: only on request. */
  hour?: number;
  /** How many backups to keep, on disk and off-box. */
  keep: number;
  s3?: S3Target;
  clock: Clock;
  log: Logger;
  /**
   * Write a backup archive to `file`, e.g. by running `contact-center backup FILE` as a child
   * process so the archive is made off the event loop that carries calls. Throws with one line.
   */
  write(file: string): Promise<void>;
}

const CHECK_MS = 60_000;

/**
 * Scheduled backups with retention (X5): once a day at the configured hour (and on request from
 * the pages) an archive goes to `<dataDir>/backups`, older ones beyond the newest N are removed,
 * and the archive is copied to the S3-compatible store when one is configured.
 */
export class BackupScheduler implements BackupRunner {
  readonly dir: string;
  private running = false;
  private last?: BackupRun;
  private lastDueDay?: string;
  private timer?: TimerHandle;

  constructor(private readonly o: BackupSchedulerOptions) {
    this.dir = join(o.dataDir, BACKUPS_FOLDER);
  }

  schedule(): BackupSchedule {
    return { hour: this.o.hour, keep: this.o.keep, offBox: this.o.s3?.describe(), running: this.running, last: this.last };
  }

  /** Check once a minute whether today's backup is due; `onDue` runs it (through the one door, audited). */
  start(onDue: () => void): void {
    const tick = () => {
      if (this.due()) onDue();
      this.timer = this.o.clock.setTimeout(tick, CHECK_MS);
    };
    this.timer = this.o.clock.setTimeout(tick, CHECK_MS);
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
  }

  /** Due at the configured hour, once a day, unless a backup was already made since that hour today. */
  due(): boolean {
    if (this.o.hour === undefined || this.running) return false;
    const now = new Date(this.o.clock.now());
    if (now.getHours() !== this.o.hour) return false;
    const day = now.toDateString();
    if (this.lastDueDay === day) return false;
    const since = new Date(now).setMinutes(0, 0, 0);
    const newest = listBackupFiles(this.dir)[0];
    this.lastDueDay = day;
    return !(newest && newest.at >= since);
  }

  async run(): Promise<BackupRun> {
    if (this.running) throw new Error("a backup is already running");
    this.running = true;
    const at = this.o.clock.now();
    const name = backupName(at);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        await this.o.write(join(this.dir, name));
      } catch (e) {
        this.o.log.error({ name, err: String(e) }, "backup failed");
        return (this.last = { ok: false, error: oneLine(e), removed: [], offBox: "none", at });
      }
      const bytes = listBackupFiles(this.dir).find((f) => f.name === name)?.bytes;
      const removed = pruneBackupFiles(this.dir, this.o.keep);
      let offBox: BackupRun["offBox"] = "none";
      if (this.o.s3) {
        try {
          await this.o.s3.upload(join(this.dir, name), name);
          await this.o.s3.prune(this.o.keep);
          offBox = "uploaded";
        } catch (e) {
          this.o.log.error({ name, target: this.o.s3.describe(), err: String(e) }, "off-box copy of the backup failed");
          offBox = { error: oneLine(e) };
        }
      }
      this.o.log.info({ name, bytes, removed, offBox }, "backup written");
      return (this.last = { ok: true, name, bytes, removed, offBox, at });
    } finally {
      this.running = false;
    }
  }
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);

/**
 * The command that runs this program again: `bun src/main.ts` in development, the compiled
 * executable itself otherwise.
 */
export function selfCommand(): string[] {
  return Bun.main.endsWith(".ts") ? [process.execPath, Bun.main] : [process.execPath];
}

/** Run `contact-center backup FILE` as a child process; its one line becomes the error on failure. */
export async function backupInChild(dataDir: string, file: string): Promise<void> {
  const proc = Bun.spawn([...selfCommand(), "backup", file], { env: { ...process.env, CC_DATA_DIR: dataDir }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error((out.trim() || err.trim()).split("\n").at(-1) || `backup exited with ${code}`);
}
