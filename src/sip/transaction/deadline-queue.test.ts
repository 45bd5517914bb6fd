import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { TimerSet } from "./timer-set.ts";

describe("transaction timers share one clock timer per duration (issue 12)", () => {
  it("T3: MUST hold 3,000 transactions' Timer F in one clock timer, fire each at or after its 32 s, and leave no timer behind", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const sets: TimerSet<"F">[] = [];
    // More than one chunk of the queue's list (1,024 each).
    for (let i = 0; i < 3000; i++) {
      const t = new TimerSet<"F">(clock);
      const armedAt = clock.now();
      t.start("F", 32_000, () => fired.push(clock.now() - armedAt));
      sets.push(t);
      clock.advance(3);
    }
    expect(clock.pending).toBe(1);
    for (let i = 0; i < 3000; i += 2) sets[i]!.stopAll();
    clock.advance(40_000);
    expect(fired).toHaveLength(1500);
    // Never early, at most the queue's 10 ms gathering late.
    for (const ms of fired) expect(ms).toBeGreaterThanOrEqual(32_000);
    expect(Math.max(...fired)).toBeLessThanOrEqual(32_010);
    expect(clock.pending).toBe(0);
    expect(sets.every((s) => s.size === 0)).toBe(true);
  });

  it("T3: MUST drop the clock timer as soon as every armed deadline is stopped", () => {
    const clock = new FakeClock();
    const t = new TimerSet<"E" | "F">(clock);
    t.start("E", 500, () => {});
    t.start("F", 32_000, () => {});
    expect(clock.pending).toBe(2);
    t.stop("E");
    t.start("E", 1000, () => {});
    t.stopAll();
    expect(clock.pending).toBe(0);
  });
});

describe("the top Via is parsed once on the receive path (issue 12)", () => {
  it("T1: MUST give the transaction key the received/rport Via noted by the server without parsing it again", async () => {
    const { HeaderList, formatVia, rememberTopVia, topVia } = await import("../message/index.ts");
    const { serverKey } = await import("./transaction-key.ts");
    const headers = new HeaderList().append("via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKabc;rport").append("via", "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx");
    const top = topVia(headers)!;
    expect(topVia(headers)).toBe(top);
    const via = { ...top, params: new Map(top.params).set("received", "198.51.100.7").set("rport", "7000") };
    const value = formatVia(via);
    headers.replaceFirst("via", value);
    rememberTopVia(value, via);
    expect(topVia(headers)).toBe(via);
    // The copy left the first parse as it was.
    expect(top.params.get("received")).toBeUndefined();
    expect(serverKey({ kind: "request", method: "REGISTER", uri: "sip:x", headers, body: "" })).toBe("z9hG4bKabc|192.0.2.10:5060|REGISTER");
    expect(headers.getAll("via")).toEqual([value, "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx"]);
  });
});
