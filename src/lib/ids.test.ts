import { describe, expect, it } from "bun:test";
import { randomToken, timeOrderedId } from "./ids.ts";

describe("random tokens (SIP tags, branches, ids)", () => {
  it("T1: MUST give tokens of the asked length from [a-z0-9], never repeating, across many refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const t = randomToken(i % 2 ? 16 : 7);
      expect(t).toMatch(i % 2 ? /^[a-z0-9]{16}$/ : /^[a-z0-9]{7}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(5000);
    expect(randomToken(5000)).toMatch(/^[a-z0-9]{5000}$/);
  });

  it("MUST give record ids that sort by creation time and never repeat", () => {
    const t0 = Date.UTC(2026, 11, 6);
    const ids = Array.from({ length: 2000 }, (_, i) => timeOrderedId("c", t0 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i - 10]! < ids[i]!).toBe(true);
    expect(ids[0]).toMatch(/^c[a-z0-9]{20}$/);
    expect(timeOrderedId("i", 0) < timeOrderedId("i", 1)).toBe(true);
  });
});
