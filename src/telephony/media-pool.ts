import type { Clock, Logger } from "../lib/index.ts";
import { CallMedia, type PortAllocator } from "../media/index.ts";

/**
 * A few RTP endpoints opened ahead of time: binding a UDP socket is asynchronous in Bun, while
 * `dialExtension` must hand back its leg at once. Taking one refills the pool in the background.
 */
export class MediaPool {
  private readonly spare: CallMedia[] = [];
  private filling = 0;
  private closed = false;

  constructor(
    private readonly options: { allocator: PortAllocator; bindAddress?: string; localAddress: string; clock: Clock; log: Logger; size?: number },
  ) {}

  /** Fill the pool (await at start-up). */
  async warm(): Promise<void> {
    const want = (this.options.size ?? 4) - this.spare.length - this.filling;
    await Promise.all(Array.from({ length: Math.max(0, want) }, () => this.openOne()));
  }

  /** A ready endpoint, or undefined when the pool is empty (the port range is exhausted). */
  take(): CallMedia | undefined {
    const media = this.spare.pop();
    void this.warm();
    return media;
  }

  /** An endpoint, waiting for a new one when the pool is empty. */
  async get(): Promise<CallMedia> {
    return this.take() ?? (await this.open());
  }

  /** Spare endpoints held now (their ports count as in use). */
  get size(): number {
    return this.spare.length;
  }

  close(): void {
    this.closed = true;
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
