import type { Clock, Logger } from "../lib/index.ts";
import { CallMedia, MediaWorkers, type LegMedia, type MediaWorkerStats, type PortAllocator } from "../media/index.ts";

export interface MediaPoolOptions {
  allocator: PortAllocator;
  bindAddress?: string;
  localAddress: string;
  clock: Clock;
  log: Logger;
  /** Spare legs held (shared out among the workers). Default 4. */
  size?: number;
  /** Media workers (issue 12): 0 runs every leg's media on the main thread. Default 0. */
  workers?: number;
}

/**
 * A few RTP endpoints opened ahead of time: binding a UDP socket is asynchronous in Bun, while
 * `dialExtension` must hand back its leg at once. Taking one refills the pool in the background.
 * With media workers, the legs are opened in the workers and a leg taken `near` another lands on its worker.
 */
export class MediaPool {
  private readonly spare: CallMedia[] = [];
  private filling = 0;
  private closed = false;
  /** The media workers, when the pool has any (while none runs, legs are opened on the main thread). */
  readonly workers?: MediaWorkers;
  private workersStarted = false;

  constructor(private readonly options: MediaPoolOptions) {
    if (options.workers && options.workers > 0) {
      this.workers = new MediaWorkers({
        size: options.workers,
        allocator: options.allocator,
        bindAddress: options.bindAddress,
        advertisedAddress: options.localAddress,
        // The spare legs are shared out among the workers (at least two each, for a call's second leg).
        spares: Math.max(2, Math.ceil((options.size ?? 4) / options.workers)),
        log: options.log,
      });
    }
  }

  /** Fill the pool (await at start-up). */
  async warm(): Promise<void> {
    if (this.workers && !this.workersStarted) {
      this.workersStarted = true;
      await this.workers.start();
      if (this.workers.anyAlive) return;
      this.options.log.error({}, "no media worker could start: media runs on the main thread until one does");
    }
    if (this.workers?.anyAlive) return;
    const want = (this.options.size ?? 4) - this.spare.length - this.filling;
    await Promise.all(Array.from({ length: Math.max(0, want) }, () => this.openOne()));
  }

  /** A ready endpoint (on `near`'s worker when it can), or undefined when the pool is empty (the port range is exhausted). */
  take(near?: LegMedia): LegMedia | undefined {
    if (this.workers?.anyAlive) return this.workers.take(near);
    const media = this.spare.pop();
    void this.warm();
    return media;
  }

  /** An endpoint, waiting for a new one when the pool is empty. */
  async get(near?: LegMedia): Promise<LegMedia> {
    if (this.workers?.anyAlive) return this.workers.get(near);
    return this.take() ?? (await this.open());
  }

  /** Spare endpoints held now (their ports count as in use). */
  get size(): number {
    return this.spare.length;
  }

  /** Each media worker's figures (empty without workers). */
  workerStats(): MediaWorkerStats[] {
    return this.workers?.stats() ?? [];
  }

  close(): void {
    this.closed = true;
    this.workers?.close();
    for (const media of this.spare.splice(0)) media.close();
  }

  private open(): Promise<CallMedia> {
    const { allocator, bindAddress, localAddress, log } = this.options;
    return CallMedia.open({ allocator, bindAddress, advertisedAddress: localAddress, logger: log });
  }

  private async openOne(): Promise<void> {
    if (this.closed) return;
    this.filling++;
    try {
      const media = await this.open();
      if (this.closed) media.close();
      else this.spare.push(media);
    } catch (error) {
      this.options.log.warn({ err: String(error) }, "could not open an RTP endpoint");
    } finally {
      this.filling--;
    }
  }
}
