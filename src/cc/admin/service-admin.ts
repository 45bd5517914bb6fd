import { z } from "zod";
import type { Service } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_TZ: Record<string, string> = { ko: "Asia/Seoul", ja: "Asia/Tokyo", zh: "Asia/Shanghai", en: "UTC" };

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
const phone = z.string().trim().regex(/^\+?[0-9\-]{0,20}$/, "format");
const date = z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, "format");

/** Every field of a service that an admin changes (G1, O1); each change names only what it changes. */
export const serviceChangeSchema = z
  .object({
    name: z.string().trim().min(1, "required").max(100, "tooLong"),
    number: phone,
    callerId: phone,
    periodStart: date,
    periodEnd: date,
    licences: z.coerce.number("number").int("number").min(0, "range").max(10_000, "range"),
    state: z.enum(["pending", "active", "suspended"], "format"),
    timezone: z.string().refine(isTimeZone, "format"),
    language: z.string().refine((c) => /^[a-z]{2}$/.test(c) && languageNames.of(c) !== undefined, "format"),
  })
  .partial()
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, { message: "dateOrder", path: ["periodEnd"] });
export type ServiceChange = z.input<typeof serviceChangeSchema>;

/** A new service (O1): its id is letters only, used in URLs. */
export const newServiceSchema = z.object({
  serviceId: z.string().regex(/^[A-Za-z]{1,32}$/, "serviceIdFormat"),
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  number: phone.default(""),
  callerId: phone.optional(),
  language: z.string().refine((c) => /^[a-z]{2}$/.test(c) && languageNames.of(c) !== undefined, "format").default("ko"),
  timezone: z.string().refine(isTimeZone, "format").optional(),
  state: z.enum(["pending", "active", "suspended"], "format").default("active"),
  licences: z.coerce.number("number").int("number").min(0, "range").max(10_000, "range").default(10),
});
export type NewServiceInput = z.input<typeof newServiceSchema>;

type Snapshot = Service & { periodStart: string; periodEnd: string };

/** Services (G1, O1): information, licences at most once a day and never below the agents, state, delete when suspended. */
export class ServiceAdmin {
  constructor(private readonly ctx: AdminContext) {}

  create(actor: Actor, input: NewServiceInput): Service {
    const v = parseInput(newServiceSchema, input);
    const { repos } = this.ctx;
    const s = this.ctx.changes.commit(actor, () => {
      if (repos.services.get(v.serviceId)) throw refuse("serviceId", "duplicate", 409);
      const created = repos.services.create(
        { ...v, callerId: v.callerId ?? v.number, timezone: v.timezone ?? DEFAULT_TZ[v.language] ?? "UTC" },
        this.ctx.clock.now(),
      );
      return { serviceId: created.serviceId, action: "create", target: `services/${created.serviceId}`, after: created, result: created };
    });
    this.ctx.hooks.routingChanged?.();
    return s;
  }

  update(actor: Actor, serviceId: string, input: ServiceChange): Service {
    const v = parseInput(serviceChangeSchema, input);
    const { repos, clock } = this.ctx;
    const updated = this.ctx.changes.commit(actor, () => {
      const before = this.snapshot(serviceId);
      const terms = repos.serviceTerms.get(serviceId);
      const licencesChange = v.licences !== undefined && v.licences !== before.licences;
      if (licencesChange && terms.licencesChangedAt !== undefined && clock.now() - terms.licencesChangedAt < DAY_MS) {
        throw refuse("licences", "onceADay", 409);
      }
      if (licencesChange && v.licences! < repos.agents.count(serviceId)) throw refuse("licences", "belowAgents", 409);
      const { periodStart, periodEnd, ...fields } = v;
      repos.services.update(serviceId, fields);
      repos.serviceTerms.put(serviceId, {
        periodStart: periodStart ?? terms.periodStart,
        periodEnd: periodEnd ?? terms.periodEnd,
        licencesChangedAt: licencesChange ? clock.now() : terms.licencesChangedAt,
      });
      const after = this.snapshot(serviceId);
      const target = licencesChange ? `service (licences ${before.licences} → ${after.licences})` : "service";
      return { serviceId, action: "update", target, before, after, result: after as Service };
    });
    this.ctx.hooks.routingChanged?.(); // its number or state may have changed
    return updated;
  }

  /** Terminate a service; only a suspended one (O1). */
  remove(actor: Actor, serviceId: string): void {
    this.ctx.changes.commit(actor, () => {
      const before = serviceOf(this.ctx, serviceId);
      if (before.state !== "suspended") throw refuse("state", "notSuspended", 409);
      this.ctx.repos.services.remove(serviceId);
      return { action: "delete", target: `services/${serviceId}`, before, result: undefined };
    });
    this.ctx.hooks.routingChanged?.();
  }

  private snapshot(serviceId: string): Snapshot {
    const s = serviceOf(this.ctx, serviceId);
    const t = this.ctx.repos.serviceTerms.get(serviceId);
    return { ...s, periodStart: t.periodStart, periodEnd: t.periodEnd };
  }
}
