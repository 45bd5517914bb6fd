import { z } from "zod";
import { generatePassword } from "../../lib/index.ts";
import { PHONE_MODELS, type DeskPhone } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** A desk phone to register (G2): the MAC in any usual notation, stored as 12 lower-case hex digits. */
export const deskPhoneSchema = z.object({
  model: z.enum(PHONE_MODELS, "format"),
  mac: z
    .string()
    .trim()
    .transform((m) => m.replace(/[:\-.\s]/g, "").toLowerCase())
    .refine((m) => /^[0-9a-f]{12}$/.test(m), "mac"),
  agent: z.string().min(1, "required"),
  /** The extension's current SIP password, when no other phone of the extension knows it. */
  sipPassword: z.string().max(128, "tooLong").optional(),
  /** Issue a new SIP password for the extension on purpose (every device of it must then be updated). */
  rotate: z.boolean().default(false),
});
export type DeskPhoneInput = z.input<typeof deskPhoneSchema>;

/** A phone just registered, its secrets shown once, and the devices that must take the new password if it rotated. */
export interface RegisteredPhone {
  phone: DeskPhone;
  provisioningPassword: string;
  sipPassword: string;
  rotated: boolean;
  /** MACs of the extension's other phones that must fetch their configuration again (rotation only). */
  stalePhones: string[];
}

/**
 * Desk phones (G2). An extension has one SIP password shared by its phones and softphone: a new
 * phone takes the one its sibling phones have, or the one the admin types in; it is replaced only
 * when the admin asks for a new one on purpose.
 */
export class DeskPhoneAdmin {
  constructor(private readonly ctx: AdminContext) {}

  add(actor: Actor, serviceId: string, input: DeskPhoneInput): RegisteredPhone {
    const v = parseInput(deskPhoneSchema, input);
    const { repos, clock } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const agent = repos.agents.get(serviceId, v.agent);
      if (!agent) throw refuse("agent", "unknown");
      if (repos.deskPhones.findByMac(v.mac)) throw refuse("mac", "duplicate", 409);
      const siblings = repos.deskPhones.list(serviceId).filter((p) => p.extension === agent.extension);
      let sipPassword: string;
      if (v.rotate) {
        sipPassword = generatePassword(16);
        repos.agents.setSipPassword(serviceId, agent.loginId, sipPassword);
        repos.deskPhones.setSipPassword(agent.extension, sipPassword);
      } else if (siblings.length) {
        sipPassword = siblings[0]!.sipPassword;
      } else if (v.sipPassword) {
        if (!repos.agents.checkSipPassword(serviceId, agent.loginId, v.sipPassword)) throw refuse("sipPassword", "wrongSipPassword");
        sipPassword = v.sipPassword;
      } else {
        throw refuse("sipPassword", "sipPasswordNeeded");
      }
      const provisioningPassword = generatePassword(16);
      const phone = repos.deskPhones.add(
        { serviceId, model: v.model, mac: v.mac, extension: agent.extension, agentLogin: agent.loginId, sipPassword },
        provisioningPassword,
        clock.now(),
      );
      const stalePhones = v.rotate ? siblings.map((p) => p.mac) : [];
      const { sipPassword: _, ...shown } = phone;
      return {
        serviceId, action: "create", target: `phones/${phone.mac} (${phone.model}, ${phone.extension}${v.rotate ? ", new SIP password" : ""})`,
        after: { ...shown, rotated: v.rotate, stalePhones }, result: { phone, provisioningPassword, sipPassword, rotated: v.rotate, stalePhones },
      };
    });
  }

  remove(actor: Actor, serviceId: string, mac: string): void {
    this.ctx.changes.commit(actor, () => {
      const before = this.ctx.repos.deskPhones.list(serviceId).find((p) => p.mac === mac);
      if (!before || !this.ctx.repos.deskPhones.remove(serviceId, mac)) throw refuse("mac", "notFound", 404);
      const { sipPassword: _, ...shown } = before;
      return { serviceId, action: "delete", target: `phones/${mac}`, before: shown, result: undefined };
    });
  }
}
