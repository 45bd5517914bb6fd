import { z } from "zod";
import { randomToken } from "../../lib/index.ts";
import { hashPassword, type Member } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

/** A set-password link lives this long (O4). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

const loginId = z.string().trim().min(1, "required").max(64, "tooLong").regex(/^[A-Za-z0-9._@-]+$/, "memberIdFormat");
const email = z.string().trim().max(200, "tooLong").regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "email");

/** Invite a member (O4): name, ID and email. */
export const inviteSchema = z.object({
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  loginId,
  email,
});
export type InviteInput = z.input<typeof inviteSchema>;

/** What the org admin keeps about a member (O8: shown read-only to the member). */
export const profileSchema = z.object({
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  email: z.union([z.literal(""), email]).optional(),
  phone: z.string().trim().regex(/^\+?[0-9\- ]{0,20}$/, "phoneFormat").optional(),
});

/** A member's password: 10 characters at least. */
export const memberPasswordSchema = z.string().min(10, "tooShort").max(128, "tooLong");

/** Who is acting: the member behind the actor (their own row is protected from some changes). */
export interface MemberActor extends Actor {
  memberId?: number;
}

/** The result of an invitation: the link is shown once unless it was e-mailed (O4). */
export interface Invitation {
  member: Member;
  /** The set-password link, when it was not mailed. */
  link?: string;
  mailed: boolean;
}

/**
 * Members of the organization (O4): invite with a set-password link, deactivate, reactivate,
 * remove, grant and revoke the org-admin role (in the permission log, O6), keep their profile.
 * At least one active org admin always remains.
 */
export class MemberAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Invite a member; `linkFor` makes the set-password URL from the token (the door knows its address). */
  async invite(actor: Actor, input: InviteInput, linkFor: (token: string) => string): Promise<Invitation> {
    const v = parseInput(inviteSchema, input);
    const { repos, clock } = this.ctx;
    // Login IDs are unique regardless of case (issue 9): "Kim" and "kim" would be two people signing in as one.
    const taken = () => repos.members.list().some((m) => m.loginId.toLowerCase() === v.loginId.toLowerCase());
    if (taken()) throw refuse("loginId", "duplicate", 409);
    const token = randomToken(32);
    const hash = await hashPassword(randomToken(32)); // unusable until the link sets a password
    const member = this.ctx.changes.commit(actor, () => {
      if (taken()) throw refuse("loginId", "duplicate", 409);
      const m = repos.members.createHashed({ loginId: v.loginId, name: v.name, email: v.email }, hash, clock.now());
      repos.invitations.add(m.id, token, clock.now(), clock.now() + INVITATION_TTL_MS);
      return { action: "create", target: `members/${m.loginId}`, after: { loginId: m.loginId, name: m.name, email: m.email }, result: m };
    });
    const link = linkFor(token);
    const mailer = this.ctx.hooks.mailer;
    if (!mailer) return { member, link, mailed: false };
    try {
      await mailer.send(v.email, "Set your password · 비밀번호 설정", `${v.name},\n\n${link}\n\n(${INVITATION_TTL_MS / 86_400_000} days)`);
      return { member, mailed: true };
    } catch (e) {
      this.ctx.log.warn({ loginId: v.loginId, err: String(e) }, "invitation mail failed; the link is shown instead");
      return { member, link, mailed: false };
    }
  }

  /** The member a live set-password link belongs to. */
  invited(token: string): Member | undefined {
    const id = this.ctx.repos.invitations.memberOf(token, this.ctx.clock.now());
    return id === undefined ? undefined : this.ctx.repos.members.get(id);
  }

  /** Set the password through the link (once); the member signs in afterwards. */
  async acceptInvitation(token: string, password: string, ip?: string): Promise<Member> {
    const pw = parseInput(z.object({ password: memberPasswordSchema }), { password }).password;
    const member = this.invited(token);
    if (!member) throw refuse("token", "linkExpired", 404);
    const hash = await hashPassword(pw);
    return this.ctx.changes.commit({ kind: "member", id: member.loginId, ip }, () => {
      if (!this.invited(token)) throw refuse("token", "linkExpired", 404);
      this.ctx.repos.members.setPasswordHash(member.id, hash);
      this.ctx.repos.invitations.use(token, this.ctx.clock.now());
      return { action: "update", target: `members/${member.loginId}/password`, result: member };
    });
  }

  /** Deactivate (no sign-in, sessions end) or reactivate a member. */
  setActive(actor: MemberActor, loginIdOf: string, active: boolean): Member {
    return this.ctx.changes.commit(actor, () => {
      const m = this.member(loginIdOf);
      if (!active && m.id === actor.memberId) throw refuse("loginId", "selfChange", 409);
      if (!active) this.keepAnOrgAdmin(m);
      const after = this.ctx.repos.members.update(m.id, { active })!; // an inactive member's sessions stop at once
      return { action: "update", target: `members/${m.loginId}`, before: { active: m.active }, after: { active }, result: after };
    });
  }

  /** Remove a member (their roles and sessions go too; agents they were mapped to stay). */
  remove(actor: MemberActor, loginIdOf: string): void {
    this.ctx.changes.commit(actor, () => {
      const m = this.member(loginIdOf);
      if (m.id === actor.memberId) throw refuse("loginId", "selfChange", 409);
      this.keepAnOrgAdmin(m);
      this.ctx.repos.members.remove(m.id);
      return { action: "delete", target: `members/${m.loginId}`, before: { loginId: m.loginId, name: m.name, email: m.email, orgAdmin: m.orgAdmin }, result: undefined };
    });
  }

  /** Grant or revoke the org-admin role; logged in the permission change log (O6). */
  setOrgAdmin(actor: MemberActor, loginIdOf: string, orgAdmin: boolean): Member {
    const { repos, clock } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const m = this.member(loginIdOf);
      if (m.orgAdmin === orgAdmin) return { action: "none", target: `members/${m.loginId}/org-admin`, result: m };
      if (!orgAdmin) this.keepAnOrgAdmin(m);
      const after = repos.members.update(m.id, { orgAdmin })!;
      repos.permissionLog.record(
        { serviceId: "", action: orgAdmin ? "grant" : "revoke", role: "org-admin", memberLoginId: m.loginId, memberName: m.name, actorLoginId: actor.id, ip: actor.ip },
        clock.now(),
      );
      return { action: orgAdmin ? "grant" : "revoke", target: `roles/${m.loginId}/org-admin`, before: { orgAdmin: m.orgAdmin }, after: { orgAdmin }, result: after };
    });
  }

  /** Change what the org admin keeps about a member: name, email, phone (O4, O8). */
  updateProfile(actor: Actor, loginIdOf: string, input: z.input<typeof profileSchema>): Member {
    const v = parseInput(profileSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const m = this.member(loginIdOf);
      const after = this.ctx.repos.members.update(m.id, { name: v.name, email: v.email || undefined, phone: v.phone || undefined })!;
      return { action: "update", target: `members/${m.loginId}`, before: { name: m.name, email: m.email, phone: m.phone }, after: { name: after.name, email: after.email, phone: after.phone }, result: after };
    });
  }

  private member(loginIdOf: string): Member {
    return this.ctx.repos.members.findByLoginId(loginIdOf) ?? (() => { throw missing("member"); })();
  }

  /** Refuse to take away the last active org admin. */
  private keepAnOrgAdmin(m: Member): void {
    if (!m.orgAdmin || !m.active) return;
    const others = this.ctx.repos.members.list().filter((x) => x.orgAdmin && x.active && x.id !== m.id);
    if (!others.length) throw refuse("orgAdmin", "lastOrgAdmin", 409);
  }
}
