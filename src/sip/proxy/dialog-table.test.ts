import { describe, expect, it } from "bun:test";
import { DialogTable, type ProxiedCall } from "./dialog-table.ts";

const call: ProxiedCall = { callId: "c1", from: "1001", to: "1002", answeredAt: 1000 };

describe("DialogTable (T6 internal calls, C11)", () => {
  it("C11: MUST report an internal call once when established and once when it ends", () => {
    const table = new DialogTable();
    const events: string[] = [];
    table.onEstablished.subscribe((c) => events.push(`up ${c.from}->${c.to}`));
    table.onEnded.subscribe((c, at) => events.push(`down ${c.callId} ${at}`));
    table.add(call);
    table.add({ ...call, answeredAt: 1001 }); // a second branch's 2xx
    table.delete("c1", 5000);
    table.delete("c1", 6000);
    expect(events).toEqual(["up 1001->1002", "down c1 5000"]);
  });

  it("C11: MUST end calls whose phones never sent BYE when they grow too old", () => {
    const table = new DialogTable(10_000);
    const ended: number[] = [];
    table.onEnded.subscribe((_c, at) => ended.push(at));
    table.add(call);
    table.sweep(5000);
    table.sweep(20_000);
    expect(ended).toEqual([20_000]);
    expect(table.size).toBe(0);
  });

  it("C11: MUST report an INVITE that was never answered as ended, with who ended it and why", () => {
    const table = new DialogTable();
    const ended: string[] = [];
    table.onEnded.subscribe((c, at) => ended.push(`${c.callId} ${c.startedAt}-${at} ${c.answeredAt} ${c.endedBy} ${c.endCause} ${c.status}`));
    for (const id of ["x1", "x2", "x3", "x4"]) table.attempt({ callId: id, from: "1001", to: "1002", startedAt: 100 });
    table.failed("x1", 900, 487, true); // the caller's CANCEL
    table.failed("x2", 900, 486, false); // busy
    table.failed("x3", 900, 487, false); // Timer C: nobody answered
    table.failed("x4", 900, 603, false);
    table.failed("x4", 950, 603, false); // once only
    expect(ended).toEqual([
      "x1 100-900 null caller cancel 487", "x2 100-900 null callee busy 486", "x3 100-900 null system timeout 487", "x4 100-900 null callee rejected 603",
    ]);
  });

  it("C11: MUST keep the INVITE's start time and say which party's BYE ended an answered call", () => {
    const table = new DialogTable();
    const ended: string[] = [];
    table.onEnded.subscribe((c, at) => ended.push(`${c.startedAt} ${c.answeredAt} ${at} ${c.endedBy} ${c.endCause}`));
    table.attempt({ callId: "c1", from: "1001", to: "1002", startedAt: 400 });
    table.add(call);
    expect(table.get("c1")?.startedAt).toBe(400);
    table.failed("c1", 1500, 487, false); // no longer ringing: nothing
    table.delete("c1", 5000, "callee");
    expect(ended).toEqual(["400 1000 5000 callee bye"]);
  });
});
