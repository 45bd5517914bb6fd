import { z } from "zod";
import type { Logger } from "../../lib/index.ts";
import type { Repos, Service } from "../../store/index.ts";
import {
  afterHoursText, callbackOfferText, DEFAULT_CALLBACK_KEY, defaultFlow, flowSchema, holidaySchema, hoursSchema, koreanHolidays, mergeHolidays, WEEKDAYS, type Flow, type Holiday,
} from "../ivr/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** The prompt made from a service's business hours (C2). */
export const GENERATED_AFTER_HOURS = "custom:after-hours-auto";
/** The callback offer made for a callback key other than the shipped prompt's (C7). */
export const GENERATED_CALLBACK_OFFER = "custom:callback-offer-auto";

const MAX_HOLIDAYS = 500;

/** Work management (G9): state after sign-in and after a call, screen-pop URL (http(s), may hold `{caller}`). */
export const workSchema = z.object({
  stateAfterLogin: z.enum(["ready", "away"], "format"),
  stateAfterCall: z.enum(["ready", "away", "wrap-up"], "format"),
  screenPopUrl: z
    .string()
    .trim()
    .max(500, "tooLong")
    .refine((u) => u === "" || (URL.canParse(u.replaceAll("{caller}", "0")) && /^https?:\/\//i.test(u)), "format"),
});
export type WorkInput = z.input<typeof workSchema>;

const yearSchema = z.object({ year: z.coerce.number("number").int("number").min(2018, "range").max(2100, "range") });

const language = (s: Service): "ko" | "en" => (s.language === "ko" ? "ko" : "en");
const hoursText = (f: Flow) => WEEKDAYS.map((d) => `${d} ${f.hours[d].map((r) => `${r.start}-${r.end}`).join(",") || "-"}`).join("; ");

/**
 * The ARS flow of a service (C1–C4, G3, G4, G9): the whole flow from the API, or one part from a
 * page — hours, holidays, work settings. Changing the hours regenerates the after-hours message.
 */
export class FlowAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** The stored flow (the default one until saved). */
  read(serviceId: string): Flow {
    return storedFlow(this.ctx.repos, serviceId, this.ctx.log);
  }

  /** Replace the whole flow (REST API): menu entries must name queues of the service. */
  save(actor: Actor, serviceId: string, input: unknown): Flow {
    const flow = parseInput(flowSchema, input);
    const queues = new Set(this.ctx.repos.queues.list(serviceId).map((q) => q.queueId));
    flow.menu.forEach((m, i) => {
      if (m.kind === "queue" && !queues.has(m.queueId)) throw refuse(`menu.${i}.queueId`, "unknown");
    });
    return this.change(actor, serviceId, "update", "ivr", () => flow);
  }

  /** Business hours (C2): ranges per weekday; a day without ranges is closed. */
  setHours(actor: Actor, serviceId: string, input: unknown): Flow {
    const hours = parseInput(hoursSchema, input);
    return this.change(actor, serviceId, "update", "", (f) => ({ ...f, hours }), (f) => `hours (${hoursText(f)})`);
  }

  /** Add a holiday (C3); one per date. */
  addHoliday(actor: Actor, serviceId: string, input: unknown): Flow {
    const h = parseInput(holidaySchema, input);
    return this.change(actor, serviceId, "create", `holidays/${h.date} (${h.kind}, ${h.repeat})`, (f) => {
      if (f.holidays.some((x) => x.date === h.date)) throw refuse("date", "duplicate", 409);
      if (f.holidays.length >= MAX_HOLIDAYS) throw refuse("date", "tooLong");
      return { ...f, holidays: sortHolidays([...f.holidays, h]) };
    });
  }

  /** Remove the holiday of a date (C3). */
  removeHoliday(actor: Actor, serviceId: string, date: string): Flow {
    return this.change(actor, serviceId, "delete", `holidays/${date}`, (f) => {
      if (!f.holidays.some((h) => h.date === date)) throw refuse("date", "notFound", 404);
      return { ...f, holidays: f.holidays.filter((h) => h.date !== date) };
    });
  }

  /** Add the Korean public holidays of a year, lunar ones included (C3). */
  loadKoreanHolidays(actor: Actor, serviceId: string, input: unknown): Flow {
    const { year } = parseInput(yearSchema, input);
    return this.change(actor, serviceId, "create", `holidays (Korean public holidays ${year})`, (f) => ({
      ...f, holidays: mergeHolidays(f.holidays, koreanHolidays(year)).slice(0, MAX_HOLIDAYS),
    }));
  }

  /** Work management (G9): kept in its table and in the flow the calls read. */
  setWork(actor: Actor, serviceId: string, input: WorkInput): Flow {
    const w = parseInput(workSchema, input);
    return this.change(actor, serviceId, "update", "work-settings", (f) => {
      this.ctx.repos.workSettings.put(serviceId, w, this.ctx.clock.now());
      return { ...f, stateAfterLogin: w.stateAfterLogin, stateAfterCall: w.stateAfterCall };
    });
  }

  /**
   * One change of the flow: read, change, validate, store with its audit entry; then the side
   * effects (the after-hours message when the hours changed). Other areas (menu) use it too.
   */
  change(actor: Actor, serviceId: string, action: string, target: string, next: (f: Flow) => Flow, describe?: (f: Flow) => string): Flow {
    const service = serviceOf(this.ctx, serviceId);
    const { flow, before } = this.ctx.changes.commit(actor, () => {
      const before = this.read(serviceId);
      const after = flowSchema.parse(next(before));
      this.ctx.repos.flows.put(serviceId, after, this.ctx.clock.now());
      return { serviceId, action, target: describe ? describe(after) : target, before, after, result: { flow: after, before } };
    });
    const lang = language(service);
    if (JSON.stringify(before.hours) !== JSON.stringify(flow.hours) || before.prompts.afterHours !== flow.prompts.afterHours) {
      this.speakGenerated(service, "afterHours", "after-hours", GENERATED_AFTER_HOURS, afterHoursText(flow.hours, lang));
    }
    if (before.callbackKey !== flow.callbackKey) {
      if (flow.callbackKey === DEFAULT_CALLBACK_KEY) this.useGenerated(serviceId, "callbackOffer", GENERATED_CALLBACK_OFFER, "callback-offer");
      else this.speakGenerated(service, "callbackOffer", "callback-offer", GENERATED_CALLBACK_OFFER, callbackOfferText(flow.callbackKey, lang));
    }
    return flow;
  }

  /**
   * A prompt the appliance makes from the settings (C2 after-hours from the hours, C7 callback
   * offer from the key): spoken by TTS unless the admin chose a prompt of their own; the flow
   * switches to it once it exists. Without TTS the shipped prompt stays.
   */
  private speakGenerated(service: Service, field: "afterHours" | "callbackOffer", shipped: string, generated: string, text: string): void {
    const prompts = this.ctx.hooks.prompts;
    const chosen = this.read(service.serviceId).prompts[field];
    if (!prompts?.ttsAvailable() || (chosen !== shipped && chosen !== generated)) return;
    prompts
      .saveTts(service.serviceId, generated, text, language(service))
      .then(() => this.useGenerated(service.serviceId, field, shipped, generated))
      .catch((error: unknown) => this.ctx.log.warn({ serviceId: service.serviceId, prompt: generated, err: String(error) }, "could not speak a generated prompt"));
  }

  /** Point the flow's prompt from `from` to `to` unless the admin chose another (bookkeeping of a change already audited). */
  private useGenerated(serviceId: string, field: "afterHours" | "callbackOffer", from: string, to: string): void {
    const current = this.read(serviceId);
    if (current.prompts[field] !== from) return;
    this.ctx.repos.flows.put(serviceId, { ...current, prompts: { ...current.prompts, [field]: to } }, this.ctx.clock.now());
  }
}

/** The stored flow of a service: the default one until saved, or when what is stored no longer parses. */
export function storedFlow(repos: Repos, serviceId: string, log: Logger): Flow {
  const stored = repos.flows.get(serviceId);
  if (!stored) return defaultFlow();
  const parsed = flowSchema.safeParse(stored.flow);
  if (parsed.success) return parsed.data;
  log.warn({ serviceId }, "stored flow invalid; using the default flow");
  return defaultFlow();
}

function sortHolidays(hs: Holiday[]): Holiday[] {
  return [...hs].sort((a, b) => a.date.localeCompare(b.date));
}
