import { z } from "zod";
import { generatePassword } from "../../lib/index.ts";
import { MAX_QUALIFY_SECONDS, PHONE_MODELS, type DeskPhone } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/**
 * A phone's own qualify interval (issue 17 point 1): whole seconds, 0 = never probe it (a phone
 * behind a NAT that drops OPTIONS), empty or null = the appliance's default (CC_QUALIFY_SECONDS).
 * A form's text and the API's number both come through here.
 */
export const qualifySecondsSchema = z.preprocess(
  (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : typeof v === "string" ? Number(v.trim()) : v),
  z.number("qualify").int("qualify").min(0, "qualify").max(MAX_QUALIFY_SECONDS, "qualify").optional(),
);

/** A change of a phone's qualify interval. */
export const deskPhoneQualifySchema = z.object({ qualifySeconds: qualifySecondsSchema });
export type DeskPhoneQualifyInput = z.input<typeof deskPhoneQualifySchema>;

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
  /** Seconds between OPTIONS probes of the phone; 0 never; empty: the appliance's default (issue 17 point 1). */
  qualifySeconds: qualifySecondsSchema,
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
        { serviceId, model: v.model, mac: v.mac, extension: agent.extension, agentLogin: agent.loginId, sipPassword, ...(v.qualifySeconds !== undefined ? { qualifySeconds: v.qualifySeconds } : {}) },
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

  /**
   * Set a phone's qualify interval (issue 17 point 1), or clear it back to the appliance's default.
   * The qualifier takes it for the phone's extension from its next probe on.
   */
  setQualify(actor: Actor, serviceId: string, mac: string, input: DeskPhoneQualifyInput): DeskPhone {
    const v = parseInput(deskPhoneQualifySchema, input);
    const { repos } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = repos.deskPhones.list(serviceId).find((p) => p.mac === mac);
      if (!before) throw refuse("mac", "notFound", 404);
      repos.deskPhones.setQualify(serviceId, mac, v.qualifySeconds);
      const phone = repos.deskPhones.findByMac(mac)!;
      const words = (n: number | undefined) => (n === undefined ? "default" : n === 0 ? "off" : `${n} s`);
      return {
        serviceId, action: "update", target: `phones/${mac} qualify (${phone.extension}, ${words(v.qualifySeconds)})`,
        before: { qualifySeconds: before.qualifySeconds ?? null }, after: { qualifySeconds: phone.qualifySeconds ?? null }, result: phone,
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
