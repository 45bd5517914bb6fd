import { Hono, type Context } from "hono";
import { z } from "zod";
import { HolidaysPage, HolidaysSection, HoursPage, HoursSection, type HolidaysProps, type HoursProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { readFlow, timeRangeSchema, WEEKDAYS } from "./flow.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";
import { previewFirst } from "./change-preview.tsx";

type Range = { start: string; end: string };
const pad = (t: string) => (/^\d{1,2}$/.test(t) ? `${t.padStart(2, "0")}:00` : t.replace(/^(\d):/, "0$1:"));

/** "09:00-12:00, 13:00-18:00" (or "9-12, 13-18") → ranges, validated by the flow's schema; empty = closed. */
export const rangesField = z.string().max(200, "tooLong").transform((text, ctx): Range[] => {
  const out: Range[] = [];
  for (const part of text.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const [a = "", b = "", extra] = part.split(/\s*[-~–]\s*/);
    const r = timeRangeSchema.safeParse({ start: pad(a), end: pad(b) });
    if (extra !== undefined || !r.success) {
      ctx.addIssue({ code: "custom", message: "time" });
      return z.NEVER;
    }
    out.push(r.data);
  }
  out.sort((x, y) => x.start.localeCompare(y.start));
  if (out.some((r, i) => i > 0 && r.start < out[i - 1]!.end)) ctx.addIssue({ code: "custom", message: "overlap" });
  if (out.length > 8) ctx.addIssue({ code: "custom", message: "tooLong" });
  return out;
});

const hoursSchema = z.object({
  weekday: rangesField.optional(),
  weekend: rangesField.optional(),
  ...Object.fromEntries(WEEKDAYS.map((d) => [d, rangesField.prefault("")])),
}) as unknown as z.ZodType<Record<string, Range[] | undefined>>;

const rangesText = (rs: Range[]) => rs.map((r) => `${r.start}-${r.end}`).join(", ");

/** The holiday form (C3), on the flow's holiday schema. */
export const holidayForm = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date"),
  name: z.string().trim().max(100, "tooLong").default(""),
  kind: z.enum(["holiday", "national", "temporary"], "format"),
  repeat: z.enum(["yearly", "once"], "format"),
});

/** Business hours (C2) and holidays (C3), both kept in the service's ARS flow. */
export function hoursRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();

  const hours = (c: Context<ServiceEnv>, values: Record<string, string>, errors?: Record<string, string>) => {
    const props: HoursProps = { frame: frameOf(c, deps), values, errors, saved: c.req.query("saved") === "1" };
    return respond(c, () => <HoursPage {...props} />, () => <HoursSection {...props} />, errors ? 422 : 200);
  };
  app.get("/hours", (c) => {
    const flow = readFlow(deps, c.get("service").serviceId);
    return hours(c, Object.fromEntries(WEEKDAYS.map((d) => [d, rangesText(flow.hours[d])])));
  });
  app.post("/hours", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const text = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    const r = check(hoursSchema, { ...text, weekday: text.weekday || undefined, weekend: text.weekend || undefined });
    if (!r.ok) return hours(c, text, r.errors);
    const next = Object.fromEntries(
      WEEKDAYS.map((d) => [d, (d === "sat" || d === "sun" ? r.value.weekend : r.value.weekday) ?? r.value[d] ?? []]),
    );
    const preview = previewFirst(c, deps, "hours", { change: "hours", hours: next }, fields);
    if (preview) return preview;
    const done = await attempt(() => deps.admin.flows.setHours(memberActor(c, deps), id, next));
    if (!done.ok) return hours(c, text, done.errors);
    return c.redirect(areaUrl(c, "hours", "?saved=1"), 303);
  });

  const holidays = (c: Context<ServiceEnv>, extra: Partial<HolidaysProps> = {}, status: 200 | 422 = 200) => {
    const year = new Date(now()).getUTCFullYear();
    const props: HolidaysProps = {
      frame: frameOf(c, deps),
      holidays: readFlow(deps, c.get("service").serviceId).holidays,
      years: [year, year + 1, year + 2],
      ...extra,
    };
    return respond(c, () => <HolidaysPage {...props} />, () => <HolidaysSection {...props} />, status);
  };
  app.get("/holidays", (c) => holidays(c));
  app.post("/holidays", async (c) => {
    const fields = await formFields(c);
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    const r = check(holidayForm, fields);
    if (!r.ok) return holidays(c, { values, errors: r.errors }, 422);
    const id = c.get("service").serviceId;
    if (!readFlow(deps, id).holidays.some((h) => h.date === r.value.date)) {
      const preview = previewFirst(c, deps, "holidays", { change: "holiday-add", holiday: r.value }, fields);
      if (preview) return preview;
    }
    const done = await attempt(() => deps.admin.flows.addHoliday(memberActor(c, deps), c.get("service").serviceId, r.value));
    if (!done.ok) return holidays(c, { values, errors: done.errors }, 422);
    return c.redirect(areaUrl(c, "holidays", "?done=added"), 303);
  });
  app.post("/holidays/load", async (c) => {
    const year = (await formFields(c)).year;
    const done = await attempt(() => deps.admin.flows.loadKoreanHolidays(memberActor(c, deps), c.get("service").serviceId, { year }));
    if (!done.ok) return holidays(c, { errors: { date: "range" } }, 422);
    return c.redirect(areaUrl(c, "holidays", "?done=added"), 303);
  });
  app.post("/holidays/:index/delete", async (c) => {
    const id = c.get("service").serviceId;
    const i = Number(c.req.param("index"));
    const fields = await formFields(c);
    const date = fields.date;
    if (readFlow(deps, id).holidays[i]?.date !== date) return c.text("Not found", 404);
    const preview = previewFirst(c, deps, "holidays", { change: "holiday-remove", date: String(date) }, fields);
    if (preview) return preview;
    deps.admin.flows.removeHoliday(memberActor(c, deps), id, String(date));
    return c.redirect(areaUrl(c, "holidays", "?done=removed"), 303);
  });
  return app;
}
