import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { testCallCenter } from "./test-call-center.ts";

const weekdays = ["mon", "tue", "wed", "thu", "fri"];
const lunchBreak = [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }];

describe("REST API: ARS flow (C1–C4, X3)", () => {
  it("X3: MUST answer the service's flow with its hours, menu and prompts", async () => {
    const t = testCallCenter();
    const r = await t.call("GET", "/services/demo/ivr");
    expect(r.status).toBe(200);
    expect(r.json.hours.mon).toEqual([{ start: "00:00", end: "24:00" }]);
    expect(r.json.prompts).toMatchObject({ greeting: "greeting", menu: "menu", afterHours: "after-hours" });
    expect(r.json.holidays).toEqual([]);
    expect((await t.call("GET", "/services/nope/ivr")).status).toBe(404);
  });

  it("C2: MUST store business hours with several ranges per day, holidays and a menu", async () => {
    const t = testCallCenter();
    const flow = {
      hours: Object.fromEntries(weekdays.map((d) => [d, lunchBreak])),
      holidays: [{ date: "2026-05-05", name: "어린이날", kind: "national", repeat: "yearly" }],
      menu: [
        { digit: "1", kind: "queue", queueId: "main", callback: true },
        { digit: "2", kind: "info", prompt: "custom:opening-hours" },
      ],
      prompts: { greeting: "custom:welcome" },
    };
    const r = await t.call("PUT", "/services/demo/ivr", flow);
    expect(r.status).toBe(200);
    expect(r.json.hours.tue).toEqual(lunchBreak);
    expect(r.json.hours.sat).toEqual([]);
    expect(r.json.prompts.greeting).toBe("custom:welcome");
    const again = await t.call("GET", "/services/demo/ivr");
    expect(again.json).toEqual(r.json);
    expect(t.cc.flow("demo").menu).toHaveLength(2);
  });

  it("X3: MUST refuse a flow with a bad business-hours range with 422, storing nothing", async () => {
    const t = testCallCenter();
    const before = await t.call("GET", "/services/demo/ivr");
    const r = await t.call("PUT", "/services/demo/ivr", { hours: { mon: [{ start: "18:00", end: "09:00" }], tue: [{ start: "9h", end: "12:00" }] } });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("validation_failed");
    expect(r.json.error.fields["hours.mon.0"]).toContain("before");
    expect(r.json.error.fields["hours.tue.0.start"]).toBeDefined();
    expect((await t.call("GET", "/services/demo/ivr")).json).toEqual(before.json);
  });

  it("X3: MUST refuse a menu with a digit used twice or an unknown queue with 422", async () => {
    const t = testCallCenter();
    const twice = await t.call("PUT", "/services/demo/ivr", {
      menu: [{ digit: "1", kind: "queue", queueId: "main" }, { digit: "1", kind: "info", prompt: "goodbye" }],
    });
    expect(twice.status).toBe(422);
    expect(twice.json.error.fields["menu.1.digit"]).toBe("Already in use.");
    const unknown = await t.call("PUT", "/services/demo/ivr", { menu: [{ digit: "2", kind: "queue", queueId: "nope" }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.fields["menu.0.queueId"]).toBe("Does not exist.");
    const bad = await t.call("PUT", "/services/demo/ivr", { holidays: [{ date: "5 May", kind: "party", repeat: "yearly" }], menuTries: 0 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(["holidays.0.date", "holidays.0.kind", "menuTries"]));
    expect((await t.call("PUT", "/services/demo/ivr", "{oops")).status).toBe(400);
    expect(t.cc.flow("demo").menu).toEqual([]);
  });

  it("C3: MUST load a year's Korean public holidays, lunar ones included, and refuse a bad year", async () => {
    const t = testCallCenter();
    const r = await t.call("POST", "/services/demo/ivr/korean-holidays", { year: 2026 });
    expect(r.status).toBe(200);
    const dates = r.json.holidays.map((h: { date: string }) => h.date);
    expect(dates).toEqual(expect.arrayContaining(["2026-03-01", "2026-09-25"]));
    expect((await t.call("GET", "/services/demo/ivr")).json.holidays).toHaveLength(dates.length);
    const bad = await t.call("POST", "/services/demo/ivr/korean-holidays", { year: 1999 });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields.year).toContain("2018");
  });

  it("X3: MUST answer 503 unavailable for live figures when the contact center is not running, but keep the flow editable", async () => {
    const t = await testApp();
    const res = await t.app.request("/api/v1/services/demo/live", { headers: { Authorization: `Bearer ${t.creds.apiKey}` } });
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe("unavailable");
    const flow = await t.app.request("/api/v1/services/demo/ivr", { headers: { Authorization: `Bearer ${t.creds.apiKey}` } });
    expect(flow.status).toBe(200);
  });
});
