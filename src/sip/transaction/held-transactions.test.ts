import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { HELD_GRAIN_MS, HeldTable } from "./held-transactions.ts";

describe("held transaction records (issue 12)", () => {
  it("T3: MUST keep a record at least its time and at most one bucket longer, with one clock timer", () => {
    const clock = new FakeClock(1_700_000_000_123);
    const table = new HeldTable<string>(clock);
    const start = clock.now();
    for (let i = 0; i < 3000; i++) {
      table.add(`j${i}`, `J ${i}`, 32_000); // Timer J
      if (i % 3 === 0) table.add(`k${i}`, `K ${i}`, 5000); // Timer K
      clock.advance(3);
    }
    expect(clock.pending).toBe(1);
    expect(table.get("k0")).toBeUndefined(); // 5 s passed for the first ones already
    expect(table.get("k2997")).toBe("K 2997");
    // Timer K's records, armed up to 9 s after the start, are gone once 5 s and a bucket passed for the last.
    clock.advance(start + 9000 + 5000 + HELD_GRAIN_MS - clock.now());
    expect(table.get("k0")).toBeUndefined();
    expect(table.get("k2997")).toBeUndefined();
    expect(table.get("j2999")).toBe("J 2999");
    // Never early: the last Timer J record is there just before its 32 s.
    clock.advance(start + 8997 + 32_000 - 1 - clock.now());
    expect(table.get("j2999")).toBe("J 2999");
    expect(table.get("j0")).toBeUndefined();
    clock.advance(1 + HELD_GRAIN_MS);
    expect(table.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("T3: MUST find records of every bucket, and forget everything on clear", () => {
    const clock = new FakeClock();
    const table = new HeldTable<number>(clock);
    table.add("a", 1, 32_000);
    table.add("b", 2, 5000);
    clock.advance(HELD_GRAIN_MS * 2);
    table.add("c", 3, 500);
    expect([table.get("a"), table.get("b"), table.get("c"), table.get("d")]).toEqual([1, 2, 3, undefined]);
    expect(table.size).toBe(3);
    table.clear();
    expect(table.get("a")).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  it("T3: MUST find an id held again after its older record was dropped, and none of the ids whose records all went", () => {
    const clock = new FakeClock();
    const table = new HeldTable<string>(clock);
    // 50,000 ids, so that many share a presence slot; every fifth also held again, longer.
    for (let i = 0; i < 50_000; i++) table.add(`z9hG4bK${i}|10.0.0.1:5060|REGISTER`, `first ${i}`, 5000);
    for (let i = 0; i < 50_000; i += 5) table.add(`z9hG4bK${i}|10.0.0.1:5060|REGISTER`, `again ${i}`, 32_000);
    table.add("z9hG4bK7|10.0.0.1:5060|REGISTER", "same id, same bucket", 5000);
    clock.advance(5000 + HELD_GRAIN_MS);
    let held = 0;
    for (let i = 0; i < 50_000; i++) {
      const r = table.get(`z9hG4bK${i}|10.0.0.1:5060|REGISTER`);
      if (i % 5 === 0) expect(r).toBe(`again ${i}`);
      else expect(r).toBeUndefined();
      if (r !== undefined) held++;
    }
    expect(held).toBe(10_000);
    clock.advance(32_000);
    expect(table.get("z9hG4bK0|10.0.0.1:5060|REGISTER")).toBeUndefined();
    expect(table.size).toBe(0);
    // Everything dropped: every presence count is back to 0 (a new id is answered without looking).
    expect((table as unknown as { presence: Uint8Array }).presence.every((c) => c === 0)).toBe(true);
    table.add("fresh", "x", 1000);
    expect(table.get("fresh")).toBe("x");
  });
});
