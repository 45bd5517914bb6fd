import type { FakeClock } from "../lib/index.ts";

/** Let pending promise chains run (no real waiting). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Advance a FakeClock in small steps, letting async flows react between steps. */
export async function advance(clock: FakeClock, ms: number, step = 250): Promise<void> {
  await flush();
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await flush();
  }
}
