import { describe, expect, it } from "bun:test";
import { FakeClock } from "../lib/index.ts";
import { MediaWatchdog } from "./media-watchdog.ts";

describe("MediaWatchdog (issue 15: RTP inactivity timeout)", () => {
  it("M1: MUST release a leg once its peer has been silent for the timeout, once, and stop polling", () => {
    const clock = new FakeClock();
    let silent = 0;
    const fired: number[] = [];
    const dog = new MediaWatchdog(clock, 30_000, () => silent, (ms) => fired.push(ms));
    dog.start();
    clock.advance(29_000);
    silent = 29_000;
    clock.advance(1000);
    expect(fired).toEqual([]);
    silent = 30_000;
    clock.advance(1000);
    expect(fired).toEqual([30_000]);
    silent = 90_000;
    clock.advance(10_000);
    expect(fired).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it("M1: MUST NOT release a leg that is silent because it is held (silence reads 0) and MUST stop with the leg", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const dog = new MediaWatchdog(clock, 2000, () => 0, (ms) => fired.push(ms));
    dog.start();
    expect(dog.pollMs).toBe(500);
    clock.advance(60_000);
    expect(fired).toEqual([]);
    dog.stop();
    expect(clock.pending).toBe(0);
  });

  it("M1: a timeout of 0 MUST switch the watch off", () => {
    const clock = new FakeClock();
    const dog = new MediaWatchdog(clock, 0, () => Infinity, () => expect.unreachable());
    dog.start();
    expect(clock.pending).toBe(0);
  });
});
