import { describe, expect, it } from "bun:test";
import { testCallCenter } from "./test-call-center.ts";

describe("the worklist API (issue 15)", () => {
  it("issue 15: MUST list a lost caller once per number and take a callback for it, once per number", async () => {
    const t = testCallCenter();
    for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
    for (const from of ["01077770001", "010-7777-0001"]) {
      const leg = await t.queueCall(from);
      await t.advance(2000);
      leg.remoteHangup();
      await t.flush();
    }
    const listed = await t.call("GET", "/services/demo/worklist");
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([
      { number: "010-7777-0001", lastAt: expect.any(String), reason: "abandoned", losses: 2, callId: expect.any(String), openCallbackId: null },
    ]);
    const row = (listed.json as Array<{ callId: string }>)[0]!;
    const first = await t.call("POST", "/services/demo/worklist/callback", { number: "01077770001", callId: row.callId });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ created: true, callback: { number: "01077770001", state: "requested", queueId: "main" } });
    const again = await t.call("POST", "/services/demo/worklist/callback", { number: "010-7777-0001" });
    expect(again.json).toMatchObject({ created: false, callback: { id: (first.json as { callback: { id: number } }).callback.id } });
    const after = await t.call("GET", "/services/demo/worklist");
    expect((after.json as Array<{ openCallbackId: number }>)[0]!.openCallbackId).toBe((first.json as { callback: { id: number } }).callback.id);
  });

  it("issue 15: MUST refuse a bad number or window with a clear error", async () => {
    const t = testCallCenter();
    const bad = await t.call("POST", "/services/demo/worklist/callback", { number: "sip:x@y" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toContain("number");
    const days = await t.call("GET", "/services/demo/worklist?days=365");
    expect(days.status).toBe(422);
    expect(JSON.stringify(days.json)).toContain("at most 90");
    const other = await t.call("GET", "/services/nope/worklist");
    expect(other.status).toBe(404);
  });
});
