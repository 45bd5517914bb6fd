import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { silentLogger, type Clock, type Logger } from "../../lib/index.ts";

/** How often the folder is walked again to correct the running total. */
export const RECORDINGS_RESCAN_MS = 5 * 60_000;

/**
 * The bytes recordings take on disk (X6), kept cheap for a once-a-second gauge: a running total
 * that grows as each recording finishes, corrected by a walk of the folder every few minutes
 * (files removed, repaired or finished during a walk). Never a walk per scrape.
 */
export class RecordingsUsage {
  private total = 0;
  private lastWalk = Number.NEGATIVE_INFINITY;
  private walking = false;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly log: Logger = silentLogger,
    private readonly rescanMs = RECORDINGS_RESCAN_MS,
  ) {}

  get bytes(): number {
    return this.total;
  }

  /** A recording was closed: add its size (read asynchronously, after the file's last write). */
  add(path: string): void {
    stat(path).then(
      (s) => (this.total += s.size),
      (e: unknown) => this.log.debug({ path, err: String(e) }, "finished recording not found"),
    );
  }

  /** Walk the folder when the last walk is older than the rescan interval (the first call walks). */
  tick(): void {
    if (this.walking || this.clock.now() - this.lastWalk < this.rescanMs) return;
    void this.rescan();
  }

  /** Walk the folder now and take its size as the total. */
  async rescan(): Promise<number> {
    this.walking = true;
    this.lastWalk = this.clock.now();
    try {
      this.total = await sizeOf(this.dir);
    } catch (e) {
      this.log.warn({ dir: this.dir, err: String(e) }, "could not measure the recordings folder");
    } finally {
      this.walking = false;
    }
    return this.total;
  }
}

/** Bytes of every file under `dir` (0 when it does not exist yet). */
async function sizeOf(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  let sum = 0;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) sum += await sizeOf(path);
    else if (e.isFile()) sum += await stat(path).then((s) => s.size, () => 0); // removed meanwhile
  }
  return sum;
}
