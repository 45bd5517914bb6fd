import { z } from "zod";
import type { CtiMapping, CtiSettings } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";
import { FEATURES } from "./service-contract.ts";

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/** CTI settings of a service (O5): tenant ID and name, daily CTI log on or off. */
export const ctiSettingsSchema = z.object({
  tenantId: z.string().trim().max(64, "tooLong").regex(/^[\w.-]*$/, "tenantIdFormat"),
  tenantName: z.string().trim().max(100, "tooLong"),
  logMonitoring: checkbox,
});

/** A member's CTI ID and CTI number (the extension they take calls on). */
export const ctiMappingSchema = z.object({
  loginId: z.string().trim().min(1, "required"),
  ctiId: z.string().trim().min(1, "required").max(64, "tooLong").regex(/^[\w.@-]+$/, "ctiIdFormat"),
  ctiNumber: z.string().trim().regex(/^\d{2,20}$/, "ctiNumberFormat"),
});

/** CTI management (O5): only for services whose contract has phone/CTI on. */
export class CtiAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Does the service's contract have the phone/CTI feature? */
  phoneOn(serviceId: string): boolean {
    const s = this.ctx.repos.services.get(serviceId);
    return Boolean(s && this.ctx.repos.contracts.get(serviceId, s.createdAt, FEATURES).features?.includes("phone"));
  }

  setSettings(actor: Actor, serviceId: string, input: z.input<typeof ctiSettingsSchema>): CtiSettings {
    const v = parseInput(ctiSettingsSchema, input);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      if (!this.phoneOn(serviceId)) throw refuse("_form", "featureOff", 409);
      const before = this.ctx.repos.cti.get(serviceId);
      this.ctx.repos.cti.putSettings(serviceId, v);
      return { serviceId, action: "update", target: `services/${serviceId}/cti`, before, after: v, result: v };
    });
  }

  /** Give a member a CTI ID and number (a CTI ID belongs to one member). */
  map(actor: Actor, input: z.input<typeof ctiMappingSchema>): CtiMapping {
    const v = parseInput(ctiMappingSchema, input);
    const { repos } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const m = repos.members.findByLoginId(v.loginId);
      if (!m) throw refuse("loginId", "noMember");
      const holder = repos.cti.memberWithCtiId(v.ctiId);
      if (holder !== undefined && holder !== m.id) throw refuse("ctiId", "ctiIdTaken", 409);
      const before = repos.cti.mappingOf(m.id);
      const after = { memberId: m.id, ctiId: v.ctiId, ctiNumber: v.ctiNumber };
      repos.cti.map(after);
      return { action: "update", target: `members/${m.loginId}/cti`, before, after: { ctiId: v.ctiId, ctiNumber: v.ctiNumber }, result: after };
    });
  }

  unmap(actor: Actor, loginId: string): void {
    const { repos } = this.ctx;
    this.ctx.changes.commit(actor, () => {
      const m = repos.members.findByLoginId(loginId);
      const before = m && repos.cti.mappingOf(m.id);
      if (!m || !before) throw missing("mapping");
      repos.cti.unmap(m.id);
      return { action: "delete", target: `members/${m.loginId}/cti`, before, result: undefined };
    });
  }
}
