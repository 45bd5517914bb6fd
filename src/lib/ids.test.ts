import { describe, expect, it } from "bun:test";
import { randomToken } from "./ids.ts";

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
});
