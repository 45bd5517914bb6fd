import type { Clock, TimerHandle } from "../lib/index.ts";

/**
 * Releases a leg whose peer vanished without a BYE (issue 15, M1): polls how long the peer has sent no RTP
 * while it should (`silentMs`, 0 while held or not yet confirmed) and calls `onTimeout` once it reaches
 * `timeoutMs`. Polling a number every second costs nothing per packet; 0 switches it off.
 */
export class MediaWatchdog {
  private timer?: TimerHandle;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly silentMs: () => number,
    private readonly onTimeout: (silentMs: number) => void,
  ) {}

  /** How often it looks: a quarter of the timeout, at most every second. */
  get pollMs(): number {
    return Math.max(50, Math.min(1000, Math.floor(this.timeoutMs / 4)));
  }

  start(): void {
    if (this.timeoutMs <= 0 || this.stopped) return;
    this.timer = this.clock.setTimeout(() => this.check(), this.pollMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const silent = this.silentMs();
    if (silent >= this.timeoutMs) {
      this.stopped = true;
      return this.onTimeout(silent);
    }
    this.start();
  }
}
