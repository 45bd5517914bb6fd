import { z } from "zod";
import type { Service, ServiceBanner, ServiceContract } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";
import { BANNER_TYPES, contractSchema, DEFAULT_FEATURES, FEATURES, MAX_BANNER_BYTES, SERVICE_TYPES, type ContractInput } from "./service-contract.ts";

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
  /** O1: a contact center (상담 관리) or tickets only (이슈 관리). */
  type: z.enum(SERVICE_TYPES, "format").default("contact-center"),
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

/** An uploaded banner image (O1). */
export interface BannerUpload {
  mime: string;
  bytes: Uint8Array;
}

/** Services (G1, O1): information, licences at most once a day and never below the agents, state, delete when suspended. */
export class ServiceAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /**
   * Add a service (O1). A "pending" one is step 1 of the pages' two steps: not in use until its
   * contract is registered ({@link contract}); any other state is contracted at once with the type's features.
   */
  create(actor: Actor, input: NewServiceInput, banner?: BannerUpload): Service {
    const v = parseInput(newServiceSchema, input);
    if (banner) checkBanner(banner);
    const { repos, clock } = this.ctx;
    const s = this.ctx.changes.commit(actor, () => {
      if (repos.services.get(v.serviceId) || repos.contracts.get(v.serviceId).stored) throw refuse("serviceId", "duplicate", 409);
      const { type, ...fields } = v;
      const created = repos.services.create(
        { ...fields, callerId: v.callerId ?? v.number, timezone: v.timezone ?? DEFAULT_TZ[v.language] ?? "UTC" },
        clock.now(),
      );
      const contracted = v.state !== "pending";
      repos.contracts.put({
        serviceId: v.serviceId, type, features: contracted ? [...DEFAULT_FEATURES[type]] : undefined, contractedAt: contracted ? clock.now() : undefined,
      });
      if (banner) repos.contracts.setBanner(v.serviceId, { ...banner, updatedAt: clock.now() });
      return { serviceId: created.serviceId, action: "create", target: `services/${created.serviceId}`, after: { ...created, type }, result: created };
    });
    this.ctx.hooks.routingChanged?.();
    return s;
  }

  /** Change a service (G1, O1); `banner` replaces its banner image, `null` removes it. */
  update(actor: Actor, serviceId: string, input: ServiceChange, banner?: BannerUpload | null): Service {
    const v = parseInput(serviceChangeSchema, input);
    if (banner) checkBanner(banner);
    const { repos, clock } = this.ctx;
    const updated = this.ctx.changes.commit(actor, () => {
      const before = this.snapshot(serviceId);
      if (v.state && v.state !== "pending" && !this.contractOf(before).features) throw refuse("state", "notRegistered", 409);
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
      if (banner) repos.contracts.setBanner(serviceId, { ...banner, updatedAt: clock.now() });
      else if (banner === null) repos.contracts.removeBanner(serviceId);
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
      const { repos, clock } = this.ctx;
      const contract = this.contractOf(before);
      const snapshot = { name: before.name, licences: before.licences, deskPhones: repos.deskPhones.list(serviceId).length, createdAt: before.createdAt };
      repos.contracts.put({ ...contract, terminatedAt: clock.now(), snapshot }); // kept for the charges (O2)
      repos.services.remove(serviceId);
      return { action: "delete", target: `services/${serviceId}`, before, result: undefined };
    });
    this.ctx.hooks.routingChanged?.();
  }

  /** The service's contract (a default with every feature for services made before contracts). */
  contractOf(service: Service): ServiceContract {
    return this.ctx.repos.contracts.get(service.serviceId, service.createdAt, FEATURES);
  }

  /**
   * Register (step 2 of O1) or edit a service's contract: its features and licensed agents. An
   * edit is allowed at most once a day; registering puts a "not in use" service in use.
   */
  contract(actor: Actor, serviceId: string, input: ContractInput): ServiceContract {
    const v = parseInput(contractSchema, input);
    const { repos, clock } = this.ctx;
    const done = this.ctx.changes.commit(actor, () => {
      const service = serviceOf(this.ctx, serviceId);
      const before = this.contractOf(service);
      const editing = before.features !== undefined;
      const now = clock.now();
      if (editing && before.changedAt !== undefined && now - before.changedAt < DAY_MS) throw refuse("features", "contractOnceADay", 409);
      const features = FEATURES.filter((f) => v.features.includes(f));
      if (v.licences < repos.agents.count(serviceId)) throw refuse("licences", "belowAgents", 409);
      const after = { ...before, features, contractedAt: before.contractedAt ?? now, changedAt: editing ? now : before.changedAt };
      const { stored: _, ...row } = after;
      repos.contracts.put(row);
      if (v.licences !== service.licences) {
        repos.serviceTerms.put(serviceId, { ...repos.serviceTerms.get(serviceId), licencesChangedAt: now });
      }
      repos.services.update(serviceId, { licences: v.licences, state: service.state === "pending" ? "active" : service.state });
      const was = { features: before.features ?? null, licences: service.licences, state: service.state };
      const is = { features, licences: v.licences, state: repos.services.get(serviceId)!.state };
      return { serviceId, action: editing ? "update" : "create", target: `services/${serviceId}/contract`, before: was, after: is, result: { ...after, stored: true } };
    });
    this.ctx.hooks.routingChanged?.(); // a service now in use takes calls
    return done;
  }

  /** The service's banner image, if it has one. */
  banner(serviceId: string): ServiceBanner | undefined {
    return this.ctx.repos.contracts.banner(serviceId);
  }

  private snapshot(serviceId: string): Snapshot {
    const s = serviceOf(this.ctx, serviceId);
    const t = this.ctx.repos.serviceTerms.get(serviceId);
    return { ...s, periodStart: t.periodStart, periodEnd: t.periodEnd };
  }
}

/** A banner must be a small PNG, JPEG, GIF or WebP image. */
function checkBanner(b: BannerUpload): void {
  if (!(BANNER_TYPES as readonly string[]).includes(b.mime)) throw refuse("banner", "bannerType");
  if (b.bytes.length === 0 || b.bytes.length > MAX_BANNER_BYTES) throw refuse("banner", "bannerSize");
}
