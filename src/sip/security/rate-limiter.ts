/**
 * Token bucket per source address (T9). Refill is computed lazily from the clock on each
 * request, so there are no timers; idle buckets are swept by `sweep()`.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond * 2,
  ) {}

  /** True when the source may send one more request now. */
  allow(address: string, now: number): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(address, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perSecond) / 1000);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forget sources idle long enough to have a full bucket again. */
  sweep(now: number): void {
    const full = (this.burst / this.perSecond) * 1000;
    for (const [address, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(address);
  }
}
