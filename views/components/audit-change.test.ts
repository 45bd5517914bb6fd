import { describe, expect, it } from "bun:test";
import { changeLines, compactValue } from "./audit-change.ts";

describe("audit log changes (H5)", () => {
  it("H5: MUST show only the fields that changed, nested ones by dotted path", () => {
    const before = { name: "a2", blocked: false, extension: "1002", hours: { mon: "09-18", sat: "" } };
    const after = { name: "Kim", blocked: true, extension: "1002", hours: { mon: "09-18", sat: "10-14" } };
    expect(changeLines(before, after)).toEqual(["name: a2 → Kim", "blocked: false → true", 'hours.sat: "" → 10-14']);
  });

  it("H5: MUST show a creation or removal as one line, and nothing for a look", () => {
    expect(changeLines(undefined, { loginId: "a4" })).toEqual(['∅ → {"loginId":"a4"}']);
    expect(changeLines([{ cidr: "10.0.0.0/8" }], [])).toEqual(['[{"cidr":"10.0.0.0/8"}] → []']);
    expect(changeLines({ group: "A" }, {})).toEqual(["group: A → ∅"]);
    expect(changeLines(undefined, undefined)).toEqual([]);
  });

  it("H5: MUST stay compact: long values cut with …, at most six lines", () => {
    expect(compactValue("x".repeat(100))).toBe(`${"x".repeat(59)}…`);
    const before = Object.fromEntries([..."abcdefghij"].map((k) => [k, 0]));
    const after = Object.fromEntries([..."abcdefghij"].map((k) => [k, 1]));
    const lines = changeLines(before, after);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe("… +5");
  });
});
