import { describe, expect, it } from "bun:test";
import { afterHoursText } from "./after-hours-text.ts";

const office = { start: "09:00", end: "12:00" };
const afternoon = { start: "13:00", end: "18:30" };
const HOURS = { mon: [office, afternoon], tue: [office, afternoon], wed: [office, afternoon], thu: [office, afternoon], fri: [office, afternoon], sat: [{ start: "10:00", end: "12:00" }], sun: [] };

describe("after-hours message from the hours (C2)", () => {
  it("C2: MUST describe grouped days and ranges in English", () => {
    expect(afterHoursText(HOURS, "en")).toBe(
      "We are closed now. Our hours are Monday to Friday 9 a.m. to noon and 1 p.m. to 6:30 p.m.; Saturday 10 a.m. to noon. Please call again during our hours. Thank you.",
    );
  });

  it("C2/M6: MUST write Korean times out in Hangul for text-to-speech", () => {
    const text = afterHoursText(HOURS, "ko");
    expect(text).toContain("월요일부터 금요일까지 오전 아홉 시부터 오후 열두 시까지, 오후 한 시부터 오후 여섯 시 삼십 분까지");
    expect(text).toContain("토요일 오전 열 시부터 오후 열두 시까지");
    expect(text).not.toMatch(/\d/);
  });

  it("C2: MUST still say the service is closed when no hours are set", () => {
    expect(afterHoursText({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, "en")).toBe("We are closed now. Please call again during our hours. Thank you.");
  });
});
