import { z } from "zod";
import type { Member, ServiceRole } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** The roles a member should hold in a service afterwards (G5, O4). */
export const serviceRolesSchema = z.object({
  loginId: z.string().trim().min(1, "required").max(64, "tooLong"),
  serviceAdmin: z.boolean(),
  agent: z.boolean(),
});
export type ServiceRolesInput = z.input<typeof serviceRolesSchema>;

/** Who changes roles: the member, and whether they are an organization admin (who may revoke their own service-admin role). */
export interface RoleActor extends Actor {
  memberId?: number;
  orgAdmin?: boolean;
}

const ROLES: readonly ServiceRole[] = ["service-admin", "agent"];
const holds = (m: Member, serviceId: string, role: ServiceRole) => m.roles.some((r) => r.serviceId === serviceId && r.role === role);

/**
 * Service roles of members (G5, O4, O6): grant or revoke service-admin and agent in one service.
 * A service admin may not revoke their own service-admin role; granting the agent role takes a
 * free licence. Every grant and revoke goes to the permission change log and the audit log.
 */
export class RoleAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Set a member's roles in a service; returns the changes made (none when nothing differs). */
  set(actor: RoleActor, serviceId: string, input: ServiceRolesInput): { member: Member; changes: { role: ServiceRole; action: "grant" | "revoke" }[] } {
    const v = parseInput(serviceRolesSchema, input);
    const { repos } = this.ctx;
    const service = serviceOf(this.ctx, serviceId);
    const member = repos.members.findByLoginId(v.loginId);
    if (!member) throw refuse("loginId", "noMember");
    const want: Record<ServiceRole, boolean> = { "service-admin": v.serviceAdmin, agent: v.agent };
    const changes = ROLES.filter((role) => holds(member, serviceId, role) !== want[role]).map((role) => ({
      role, action: want[role] ? ("grant" as const) : ("revoke" as const),
    }));
    const revokesOwnAdmin = changes.some((x) => x.role === "service-admin" && x.action === "revoke") && member.id === actor.memberId;
    if (revokesOwnAdmin && !actor.orgAdmin) throw refuse("serviceAdmin", "selfRevoke");
    const takesLicence = changes.some((x) => x.role === "agent" && x.action === "grant") && !repos.agents.get(serviceId, member.loginId);
    if (takesLicence && repos.agents.licencesUsed(serviceId) >= service.licences) throw refuse("agent", "licenceFull", 409);
    if (!changes.length) return { member, changes };
    const at = this.ctx.clock.now();
    repos.transaction(() => {
      for (const x of changes) {
        this.ctx.changes.commit(actor, () => {
          if (x.action === "grant") repos.members.grant(member.id, serviceId, x.role);
          else repos.members.revoke(member.id, serviceId, x.role);
          repos.permissionLog.record(
            { serviceId, action: x.action, role: x.role, memberLoginId: member.loginId, memberName: member.name, actorLoginId: actor.id, ip: actor.ip },
            at,
          );
          return { serviceId, action: x.action, target: `roles/${member.loginId}/${x.role}`, before: roleNames(member, serviceId), result: undefined };
        });
      }
    });
    return { member: repos.members.findByLoginId(v.loginId)!, changes };
  }
}

const roleNames = (m: Member, serviceId: string) => ROLES.filter((r) => holds(m, serviceId, r));
