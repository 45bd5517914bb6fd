import { describe, expect, it } from "bun:test";
import { RateLimiter } from "./rate-limiter.ts";

describe("RateLimiter", () => {
  it("T9: MUST allow a burst then refuse until tokens refill", () => {
    const limiter = new RateLimiter(10, 20);
    const now = 1000;
    for (let i = 0; i < 20; i++) expect(limiter.allow("a", now)).toBe(true);
    expect(limiter.allow("a", now)).toBe(false);
    expect(limiter.allow("b", now)).toBe(true);
    expect(limiter.allow("a", now + 100)).toBe(true);
    expect(limiter.allow("a", now + 100)).toBe(false);
  });

  it("T9: MUST NOT refill beyond the burst", () => {
    const limiter = new RateLimiter(10, 5);
    limiter.allow("a", 0);
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (limiter.allow("a", 1_000_000)) allowed++;
    expect(allowed).toBe(5);
  });

  it("T9: sweep forgets idle sources (a fresh bucket is full again)", () => {
    const limiter = new RateLimiter(1, 2);
    limiter.allow("a", 0);
    limiter.allow("a", 0);
    expect(limiter.allow("a", 0)).toBe(false);
    limiter.sweep(10_000);
    expect(limiter.allow("a", 10_000)).toBe(true);
  });
});
