import { describe, expect, it } from "bun:test";
import { codeTime } from "../../lib/index.ts";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

describe("the trail's cost counter (issue 17, cc_trail_seconds_total)", () => {
  it("MUST count the time of a call's trail: steps pushed, offer rounds, the batched write", async () => {
    const t = testCenter();
    t.cc.login("demo", "a1");
    t.cc.setState("demo", "a1", "ready");
    const [s0, n0] = [codeTime.trail.seconds, codeTime.trail.count];
    const caller = await t.queueCall();
    await advance(t.clock, 500);
    const [s1, n1] = [codeTime.trail.seconds, codeTime.trail.count];
    expect(n1 - n0).toBeGreaterThanOrEqual(5); // number, hours, key, queue, round (+ the flush)
    expect(s1).toBeGreaterThan(s0);
    t.telephony.ringing("1001")!.remoteAnswer();
    caller.remoteHangup();
    await advance(t.clock, 1000); // the end step and its write
    expect(codeTime.trail.count).toBeGreaterThan(n1);
    t.cc.close();
  });
});
