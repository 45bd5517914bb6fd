import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { SYSTEM } from "./actor.ts";
import { RuleError } from "./rule-error.ts";

/** The test center with desk phones for a1 (two phones) and a2. */
function phones() {
  const t = testCenter();
  const ops = t.admin.deskPhones;
  ops.add(SYSTEM, "demo", { model: "yealink", mac: "00:15:65:00:00:01", agent: "a1", rotate: true });
  ops.add(SYSTEM, "demo", { model: "yealink", mac: "00:15:65:00:00:02", agent: "a1" });
  ops.add(SYSTEM, "demo", { model: "polycom", mac: "00:04:f2:00:00:03", agent: "a2", rotate: true, qualifySeconds: "0" });
  return { ...t, ops };
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return { status: e.status, fields: e.fields };
    throw e;
  }
  throw new Error("not refused");
};

describe("a desk phone's own qualify interval (issue 17 point 1)", () => {
  it("issue 17 point 1: MUST store a phone's interval (0 = never probe, empty = the default) and audit each change with before and after", () => {
    const t = phones();
    expect(t.repos.deskPhones.findByMac("0004f2000003")!.qualifySeconds).toBe(0);
    expect(t.repos.deskPhones.findByMac("001565000001")!.qualifySeconds).toBeUndefined();
    const p = t.ops.setQualify(SYSTEM, "demo", "001565000001", { qualifySeconds: 20 });
    expect(p.qualifySeconds).toBe(20);
    const audit = t.repos.audit.list("demo")[0]!;
    expect(audit.target).toBe("phones/001565000001 qualify (1001, 20 s)");
    expect(JSON.stringify(audit)).toContain('"qualifySeconds":null');
    expect(JSON.stringify(audit)).toContain('"qualifySeconds":20');
    // Empty (the page's field) and null (the API's) put it back to the appliance's default.
    expect(t.ops.setQualify(SYSTEM, "demo", "001565000001", { qualifySeconds: " " }).qualifySeconds).toBeUndefined();
    expect(t.ops.setQualify(SYSTEM, "demo", "0004f2000003", { qualifySeconds: null }).qualifySeconds).toBeUndefined();
    expect(t.ops.setQualify(SYSTEM, "demo", "0004f2000003", { qualifySeconds: "45" }).qualifySeconds).toBe(45);
  });

  it("issue 17 point 1: MUST refuse a negative, fractional, too long or non-numeric interval with 422 and store nothing", () => {
    const t = phones();
    const audits = t.repos.audit.list("demo").length;
    for (const bad of [-1, 1.5, 3601, "soon", "12s", true]) {
      expect(refusal(() => t.ops.setQualify(SYSTEM, "demo", "001565000001", { qualifySeconds: bad as never }))).toEqual({ status: 422, fields: { qualifySeconds: "qualify" } });
    }
    expect(refusal(() => t.ops.add(SYSTEM, "demo", { model: "yealink", mac: "001565000009", agent: "a3", rotate: true, qualifySeconds: "-5" })).fields).toEqual({ qualifySeconds: "qualify" });
    expect(t.repos.deskPhones.findByMac("001565000009")).toBeUndefined();
    expect(t.repos.deskPhones.findByMac("001565000001")!.qualifySeconds).toBeUndefined();
    expect(refusal(() => t.ops.setQualify(SYSTEM, "demo", "00156500ffff", { qualifySeconds: 10 })).status).toBe(404);
    expect(t.repos.audit.list("demo")).toHaveLength(audits);
  });

  it("issue 17 point 1: the qualifier's table MUST give each extension its phones' interval: the shortest above 0, 0 only when all say 0", () => {
    const t = phones();
    expect([...t.repos.deskPhones.qualifyIntervals()]).toEqual([["1002", 0]]);
    t.ops.setQualify(SYSTEM, "demo", "001565000001", { qualifySeconds: 0 });
    expect(t.repos.deskPhones.qualifyIntervals().get("1001")).toBe(0);
    t.ops.setQualify(SYSTEM, "demo", "001565000002", { qualifySeconds: 60 });
    expect(t.repos.deskPhones.qualifyIntervals().get("1001")).toBe(60);
    t.ops.setQualify(SYSTEM, "demo", "001565000001", { qualifySeconds: 15 });
    expect(t.repos.deskPhones.qualifyIntervals().get("1001")).toBe(15);
    t.ops.remove(SYSTEM, "demo", "0004f2000003");
    expect(t.repos.deskPhones.qualifyIntervals().has("1002")).toBe(false);
  });
});
