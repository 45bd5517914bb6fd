import { z } from "zod";

/** "HH:MM" from 00:00 to 24:00. */
const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "time");

/** One open range of a day, [start, end). */
export const timeRangeSchema = z
  .object({ start: hhmm, end: hhmm })
  .refine((r) => r.start < r.end, { message: "time" });

/** Week days as ISO numbers would be opaque in JSON; names keep the stored flow readable. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Business hours (C2): several ranges per day (09–12, 13–18); no range = closed that day. */
export const hoursSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(timeRangeSchema).max(8).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof timeRangeSchema>>
  >,
);

/** A holiday (C3): holiday / national / temporary, yearly or once. */
export const holidaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date"),
  name: z.string().max(100).default(""),
  kind: z.enum(["holiday", "national", "temporary"]),
  repeat: z.enum(["yearly", "once"]),
  /** Computed from the lunar calendar beyond the official data. */
  estimated: z.boolean().optional(),
});

/** A prompt reference stored in a flow: a system prompt id or `custom:<name>`. */
export const promptIdSchema = z
  .string()
  .regex(/^(greeting|menu|info-repeat|after-hours|connecting|delay|callback-offer|callback-accepted|invalid-input|goodbye|custom:[\w.-]{1,64})$/);

/** A menu entry (C4): connect to a queue, or play an information message. */
export const menuEntrySchema = z.discriminatedUnion("kind", [
  z.object({
    digit: z.string().regex(/^[0-9]$/),
    kind: z.literal("queue"),
    queueId: z.string().min(1),
    /** Overrides the queue's own callback setting when given. */
    callback: z.boolean().optional(),
  }),
  z.object({ digit: z.string().regex(/^[0-9]$/), kind: z.literal("info"), prompt: promptIdSchema }),
]);

/** ACD strategies (C5). */
export const strategySchema = z.enum(["longest-idle", "ring-all", "round-robin", "fewest-calls"]);

const p = (id: string) => promptIdSchema.default(id);

/**
 * The ARS flow of a service — data, not code (C1–C6, G9). Queue entries for queues not listed in
 * `menu` come from the queues table (their digit and callback flag).
 */
export const flowSchema = z
  .object({
    version: z.literal(1).default(1),
    hours: hoursSchema.default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
    holidays: z.array(holidaySchema).max(500).default([]),
    menu: z.array(menuEntrySchema).max(10).default([]),
    prompts: z
      .object({
        greeting: p("greeting"),
        menu: p("menu"),
        infoRepeat: p("info-repeat"),
        afterHours: p("after-hours"),
        connecting: p("connecting"),
        delay: p("delay"),
        callbackOffer: p("callback-offer"),
        callbackAccepted: p("callback-accepted"),
        invalidInput: p("invalid-input"),
        goodbye: p("goodbye"),
      })
      .prefault({}),
    /** Seconds to wait for a key after the menu prompt. */
    menuTimeoutSeconds: z.number().int().min(1).max(60).default(5),
    /** Menu attempts before goodbye. */
    menuTries: z.number().int().min(1).max(10).default(3),
    /** The key a waiting caller presses to ask for a callback (C7). */
    callbackKey: z.string().regex(/^[0-9*#]$/).default("*"),
    /** Minutes before an unanswered return call is tried again (C7). */
    callbackRetryMinutes: z.number().int().min(1).max(1440).default(10),
    /** Unanswered return calls before a callback request fails (C7). */
    callbackTries: z.number().int().min(1).max(10).default(3),
    /** The appliance dials open callback requests itself, a ready agent first and then the customer (C7). */
    callbackAutoDial: z.boolean().default(false),
    delayThresholdSeconds: z.number().int().min(5).max(3600).default(60),
    delayRepeatSeconds: z.number().int().min(5).max(3600).default(60),
    ringTimeoutSeconds: z.number().int().min(5).max(300).default(20),
    wrapUpSeconds: z.number().int().min(0).max(3600).default(30),
    strategy: strategySchema.default("longest-idle"),
    /** G9. */
    stateAfterLogin: z.enum(["ready", "away"]).default("away"),
    stateAfterCall: z.enum(["ready", "away", "wrap-up"]).default("ready"),
    /** SL threshold (D3, S1). */
    slThresholdSeconds: z.number().int().min(1).max(600).default(20),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    for (const [i, m] of f.menu.entries()) {
      if (seen.has(m.digit)) ctx.addIssue({ code: "custom", path: ["menu", i, "digit"], message: "duplicate" });
      seen.add(m.digit);
    }
    const dates = new Set<string>();
    for (const [i, h] of f.holidays.entries()) {
      if (dates.has(h.date)) ctx.addIssue({ code: "custom", path: ["holidays", i, "date"], message: "duplicate" });
      dates.add(h.date);
    }
  });

/** A validated ARS flow. */
export type Flow = z.output<typeof flowSchema>;
/** A flow as accepted from the API (defaults filled in on parse). */
export type FlowInput = z.input<typeof flowSchema>;
export type MenuEntry = z.output<typeof menuEntrySchema>;
export type Holiday = z.output<typeof holidaySchema>;
export type Strategy = z.output<typeof strategySchema>;
export type TimeRange = z.output<typeof timeRangeSchema>;

const ALL_DAY = [{ start: "00:00", end: "24:00" }];

/**
 * The flow of a new service: open at all hours (so a test call works with no setup, X2), the
 * default prompts, queue entries taken from the queues table.
 */
export function defaultFlow(): Flow {
  return flowSchema.parse({ hours: Object.fromEntries(WEEKDAYS.map((d) => [d, ALL_DAY])) });
}
