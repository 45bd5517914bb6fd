import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../lib/index.ts";
import { drainCalls, type DrainTarget } from "./call-drain.ts";

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

/** A fake appliance: `calls` live calls, each ending on its own at the given time (ms after start). */
function target(endsAt: number[], clock: FakeClock) {
  const start = clock.now();
  const log: string[] = [];
  let endedAll = false;
  let pending = 0;
  const t: DrainTarget = {
    refuseNewCalls: (s) => log.push(`refuse ${s}`),
    liveCalls: () => (endedAll ? 0 : endsAt.filter((e) => clock.now() - start < e).length),
    endAll: () => {
      log.push(`end ${t.liveCalls()}`);
      endedAll = true;
      pending += 1;
      clock.setTimeout(() => (pending -= 1), 5000); // the BYE's transaction lingers for Timer K after its 200 OK
    },
    pendingRequests: () => pending,
  };
  /** Something else keeps a client transaction open (an OPTIONS probe to a trunk that never answers). */
  const linger = () => void (pending += 1);
  return { t, log, linger };
}

async function run<T>(clock: FakeClock, p: Promise<T>, stepMs = 100, maxMs = 120_000): Promise<T> {
  let done = false;
  void p.then(() => (done = true));
  for (let t = 0; t < maxMs && !done; t += stepMs) {
    await flush();
    clock.advance(stepMs);
  }
  await flush();
  return p;
}

describe("X5: graceful shutdown drains calls", () => {
  it("X5: MUST refuse new calls at once and return as soon as the calls in progress end", async () => {
    const clock = new FakeClock();
    const { t, log } = target([3000, 5000], clock);
    const r = await run(clock, drainCalls(t, 60, clock, silentLogger));
    expect(log).toEqual(["refuse 60"]);
    expect(r).toMatchObject({ atStart: 2, ended: 0 });
    expect(r.waitedMs).toBeGreaterThanOrEqual(5000);
    expect(r.waitedMs).toBeLessThan(6000);
  });

  it("X5: MUST end the calls still up at the limit with BYE, give the BYEs a moment to leave, and go (their lingering transactions do not hold it)", async () => {
    const clock = new FakeClock();
    const { t, log } = target([1000, 999_000, 999_000], clock);
    const r = await run(clock, drainCalls(t, 10, clock, silentLogger));
    expect(log).toEqual(["refuse 10", "end 2"]);
    expect(r).toMatchObject({ atStart: 3, ended: 2 });
    expect(r.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect(r.waitedMs).toBeLessThan(10_600); // the BYEs' lingering transactions (Timer K) do not hold it
  });

  it("X5: MUST stop at once when no call is up, and end everything at once with a limit of 0", async () => {
    const clock = new FakeClock();
    expect(await run(clock, drainCalls(target([], clock).t, 60, clock, silentLogger))).toMatchObject({ atStart: 0, ended: 0, waitedMs: 0 });
    const { t, log } = target([999_000], clock);
    expect(await run(clock, drainCalls(t, 0, clock, silentLogger))).toMatchObject({ atStart: 1, ended: 1 });
    expect(log).toEqual(["refuse 1", "end 1"]);
  });

  it("X5 (issue 11): open client transactions alone MUST NOT hold the drain — it ends as soon as no call is up", async () => {
    const clock = new FakeClock();
    const { t, linger } = target([1500], clock);
    linger(); // an OPTIONS probe waiting for its 32 s timeout
    const r = await run(clock, drainCalls(t, 60, clock, silentLogger));
    expect(r).toMatchObject({ atStart: 1, ended: 0 });
    expect(r.waitedMs).toBeLessThan(2000);
    expect(t.pendingRequests()).toBe(1);
    const none = target([], clock);
    none.linger();
    expect(await run(clock, drainCalls(none.t, 60, clock, silentLogger))).toMatchObject({ atStart: 0, ended: 0, waitedMs: 0 });
  });
});
