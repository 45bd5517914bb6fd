import { describe, expect, it } from "bun:test";
import { CodeTimer, codeTime } from "./code-time.ts";
import { createMetrics } from "./metrics.ts";

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
};

describe("code timers (issue 17: the trail's and qualify's cost on /metrics)", () => {
  it("MUST add the time between enter and leave, and count nested entries once", () => {
    const t = new CodeTimer();
    t.enter();
    busy(3);
    t.enter();
    busy(3);
    t.leave();
    t.leave();
    expect(t.count).toBe(1);
    expect(t.seconds).toBeGreaterThanOrEqual(0.006);
    expect(t.seconds).toBeLessThan(1);
    t.leave(); // an unbalanced leave is ignored
    expect(t.count).toBe(1);
  });

  it("MUST show cc_trail_seconds_total and cc_qualify_seconds_total on /metrics, moving with the timers", async () => {
    const m = createMetrics();
    const before = await m.registry.getSingleMetricAsString("cc_trail_seconds_total");
    const value = (text: string) => Number(/^cc_trail_seconds_total (\S+)$/m.exec(text)?.[1]);
    codeTime.trail.enter();
    busy(2);
    codeTime.trail.leave();
    const after = await m.registry.getSingleMetricAsString("cc_trail_seconds_total");
    expect(value(after) - value(before)).toBeGreaterThanOrEqual(0.002);
    expect(await m.registry.metrics()).toMatch(/^cc_qualify_seconds_total \S+$/m);
  });
});

describe("code timers in CPU time (a section that may wait on the disk)", () => {
  it("MUST count the thread's CPU time of a section, not a wait inside it", () => {
    const t = new CodeTimer();
    t.enterCpu();
    busy(5);
    Bun.sleepSync(30);
    t.leaveCpu();
    expect(t.count).toBe(1);
    expect(t.seconds).toBeGreaterThanOrEqual(0.003);
    expect(t.seconds).toBeLessThan(0.025);
  });
});
