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
});
