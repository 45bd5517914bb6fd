import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { advance } from "../test-clock.ts";

describe("a caller who withheld the number (T7, C7)", () => {
  it("C7: MUST refuse a callback to a withheld number with a prompt, keep the caller waiting, and store no request", async () => {
    const t = testCenter();
    const caller = await t.queueCall("anonymous");
    await advance(t.clock, 1000);
    caller.press("*");
    await advance(t.clock, 100);
    expect(caller.playedIds.at(-1)).toBe("invalid-input");
    expect(caller.state).toBe("answered");
    expect(t.cc.callbacks("demo")).toEqual([]);
    t.cc.setState("demo", "a1", "ready");
    await advance(t.clock, 10_000);
    expect(t.telephony.ringing("1001")).toBeDefined(); // still in the queue, offered to the agent
  });
});
