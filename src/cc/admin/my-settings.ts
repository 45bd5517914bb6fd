import { z } from "zod";
import { hashPassword, type Member } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { memberPasswordSchema } from "./member-admin.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/** What a member edits about themselves (O8). */
export const mySettingsSchema = z.object({
  nickname: z.string().trim().max(40, "tooLong").default(""),
  uiLang: z.enum(["ko", "en"], "format"),
  ticketAssign: checkbox,
});
export type MySettingsInput = z.input<typeof mySettingsSchema>;

/** A password change: the old one, then the new one twice. */
export const memberPasswordChangeSchema = z
  .object({ oldPassword: z.string().min(1, "required"), newPassword: memberPasswordSchema, confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, { message: "mismatch", path: ["confirm"] });

/** User settings (O8): nickname, UI language, ticket assignment, own password. */
export class MySettings {
  constructor(private readonly ctx: AdminContext) {}

  update(actor: Actor, memberId: number, input: MySettingsInput): Member {
    const v = parseInput(mySettingsSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const m = this.ctx.repos.members.get(memberId) ?? (() => { throw missing("member"); })();
      const after = this.ctx.repos.members.update(memberId, { nickname: v.nickname || undefined, uiLang: v.uiLang, ticketAssign: v.ticketAssign })!;
      const pick = (x: Member) => ({ nickname: x.nickname, uiLang: x.uiLang, ticketAssign: x.ticketAssign });
      return { action: "update", target: `members/${m.loginId}/settings`, before: pick(m), after: pick(after), result: after };
    });
  }

  /** Change one's own password: the old one must match. */
  async changePassword(actor: Actor, memberId: number, input: z.input<typeof memberPasswordChangeSchema>): Promise<void> {
    const v = parseInput(memberPasswordChangeSchema, input);
    const { repos } = this.ctx;
    const m = repos.members.get(memberId) ?? (() => { throw missing("member"); })();
    const current = repos.members.passwordHash(memberId);
    if (!current || !(await Bun.password.verify(v.oldPassword, current))) throw refuse("oldPassword", "wrongPassword");
    const hash = await hashPassword(v.newPassword);
    this.ctx.changes.commit(actor, () => {
      repos.members.setPasswordHash(memberId, hash);
      return { action: "update", target: `members/${m.loginId}/password`, result: undefined };
    });
  }
}
