import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { readFlow } from "./flow.ts";
import { adminClient } from "./test-admin.ts";

const days = (v: string, weekend = "") => ({ mon: v, tue: v, wed: v, thu: v, fri: v, sat: weekend, sun: weekend });

describe("business hours (C2)", () => {
  it("C2: MUST save several ranges a day (lunch break) and refuse bad times with 422, storing nothing", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const before = readFlow({ repos } as never, "demo").hours;
    const bad = await admin.post("/admin/services/demo/hours", { ...days("09:00-12:00"), tue: "18:00-09:00", wed: "9시부터" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="tue-error"');
    expect(html).toContain('id="wed-error"');
    expect(readFlow({ repos } as never, "demo").hours).toEqual(before);
    const ok = await admin.post("/admin/services/demo/hours", { ...days(""), weekday: "09:00-12:00, 13-18", weekend: "" });
    expect(ok.status).toBe(303);
    const hours = readFlow({ repos } as never, "demo").hours;
    expect(hours.mon).toEqual([{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]);
    expect(hours.sat).toEqual([]);
    const page = await (await admin.get("/admin/services/demo/hours")).text();
    expect(page).toContain('value="09:00-12:00, 13:00-18:00"');
    expect(page).toContain("통화불가");
  });
});

describe("holidays (C3)", () => {
  it("C3: MUST add a holiday, refuse a bad one with 422, load Korean public holidays and delete", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const bad = await admin.post("/admin/services/demo/holidays", { date: "", name: "x", kind: "party", repeat: "once" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="date-error"');
    expect(html).toContain('id="kind-error"');
    expect(readFlow({ repos } as never, "demo").holidays).toEqual([]);
    expect((await admin.post("/admin/services/demo/holidays", { date: "2026-05-01", name: "창립기념일", kind: "holiday", repeat: "yearly" })).status).toBe(303);
    expect((await admin.post("/admin/services/demo/holidays/load", { year: "2026" })).status).toBe(303);
    const hs = readFlow({ repos } as never, "demo").holidays;
    expect(hs.find((h) => h.date === "2026-05-01")).toMatchObject({ name: "창립기념일", repeat: "yearly" });
    expect(hs.some((h) => h.kind === "national" && h.date === "2026-03-01")).toBe(true);
    const i = hs.findIndex((h) => h.date === "2026-05-01");
    await admin.post(`/admin/services/demo/holidays/${i}/delete`, { date: "2026-05-01" });
    expect(readFlow({ repos } as never, "demo").holidays.some((h) => h.date === "2026-05-01")).toBe(false);
  });
});
