import { describe, expect, it } from "bun:test";
import { openState } from "./business-hours.ts";
import { defaultFlow } from "./flow-schema.ts";
import { koreanHolidays, mergeHolidays } from "./korean-holidays.ts";

describe("Korean public holidays (C3)", () => {
  it("C3: MUST load the official holidays of a covered year, lunar ones included", () => {
    const h = koreanHolidays(2026);
    expect(h.find((x) => x.date === "2026-02-17")?.name).toBe("설날");
    expect(h.every((x) => x.kind === "national" && x.repeat === "once" && !x.estimated)).toBe(true);
  });

  it("C3: MUST estimate later years from the lunar calendar and mark them estimated", () => {
    const h = koreanHolidays(2030);
    expect(h.find((x) => x.name === "설날")?.date).toBe("2030-02-03");
    expect(h.find((x) => x.name === "추석")?.date).toBe("2030-09-12");
    expect(h.every((x) => x.estimated)).toBe(true);
  });

  it("C3: MUST close the service on a loaded holiday and keep existing entries when merging", () => {
    const flow = { ...defaultFlow(), holidays: mergeHolidays([{ date: "2026-02-17", name: "x", kind: "holiday", repeat: "once" }], koreanHolidays(2026)) };
    expect(flow.holidays.filter((h) => h.date === "2026-02-17")).toHaveLength(1);
    expect(openState(flow, Date.UTC(2026, 1, 17, 3), "Asia/Seoul")).toBe("closed-holiday");
    expect(openState(flow, Date.UTC(2026, 1, 19, 3), "Asia/Seoul")).toBe("open");
  });
});
