import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AgentRolesProps } from "../../../views/index.ts";
import type { Member, ServiceRole } from "../../store/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { check, formFields } from "./form.ts";
import type { ServiceEnv } from "./service-scope.ts";

/** The role form (G5): a member's login ID and the roles they should hold afterwards (checked boxes send "1"). */
export const roleFormSchema = z.object({
  loginId: z.string().trim().min(1, "required").max(64, "tooLong"),
  serviceAdmin: z.literal("1", "format").optional(),
  agent: z.literal("1", "format").optional(),
});

/** Renders the agents page with the given role-form state and status. */
export type RenderAgents = (c: Context<ServiceEnv>, roles: Partial<AgentRolesProps>, status?: 200 | 422) => Response | Promise<Response>;

const ROLES: readonly ServiceRole[] = ["service-admin", "agent"];
const holds = (m: Member, serviceId: string, role: ServiceRole) => m.roles.some((r) => r.serviceId === serviceId && r.role === role);

/** The role form's props for the current service: the organization's members and who holds what here. */
export function rolesProps(c: Context<ServiceEnv>, deps: WebDeps, extra: Partial<AgentRolesProps> = {}): AgentRolesProps {
  const serviceId = c.get("service").serviceId;
  const members = deps.repos.members.list();
  return {
    lang: c.get("lang"),
    serviceId,
    csrfToken: c.get("auth")!.session.csrfToken,
    members: members.filter((m) => m.active).map((m) => ({ loginId: m.loginId, name: m.name })),
    holders: members
      .filter((m) => m.roles.some((r) => r.serviceId === serviceId))
      .map((m) => ({ loginId: m.loginId, name: m.name, serviceAdmin: holds(m, serviceId, "service-admin"), agent: holds(m, serviceId, "agent") })),
    ...extra,
  };
}

/**
 * POST /admin/services/:serviceId/agents/roles (G5, O6, X4): grant or revoke an existing member's
 * service-admin and agent roles here. The route sits behind `serviceScope()`, so only an org admin
 * or a service admin of this service reaches it; a service admin may not revoke their own
 * service-admin role; granting the agent role takes a free licence. Each change goes to the
 * permission change log (with the actor's address) and the audit log.
 */
export function agentRolesRoutes(deps: WebDeps, render: RenderAgents): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();

  app.post("/", async (c) => {
    const svc = c.get("service");
    const actor = c.get("auth")!.member;
    const fields = await formFields(c);
    const values = { loginId: String(fields.loginId ?? ""), serviceAdmin: fields.serviceAdmin === "1", agent: fields.agent === "1" };
    const refuse = (errors: Record<string, string>) => render(c, { values, errors }, 422);
    const r = check(roleFormSchema, fields);
    if (!r.ok) return refuse(r.errors);
    const member = deps.repos.members.findByLoginId(r.value.loginId);
    if (!member) return refuse({ loginId: "noMember" });
    const want: Record<ServiceRole, boolean> = { "service-admin": r.value.serviceAdmin === "1", agent: r.value.agent === "1" };
    const changes = ROLES.filter((role) => holds(member, svc.serviceId, role) !== want[role]).map((role) => ({
      role,
      action: want[role] ? ("grant" as const) : ("revoke" as const),
    }));
    const revokesOwnAdmin = changes.some((x) => x.role === "service-admin" && x.action === "revoke") && member.id === actor.id;
    if (revokesOwnAdmin && !actor.orgAdmin) return refuse({ serviceAdmin: "selfRevoke" });
    const grantsAgent = changes.some((x) => x.role === "agent" && x.action === "grant");
    const takesLicence = grantsAgent && !deps.repos.agents.get(svc.serviceId, member.loginId);
    if (takesLicence && deps.repos.agents.licencesUsed(svc.serviceId) >= svc.licences) return refuse({ agent: "licenceFull" });

    const ip = clientIp(c, deps.config.trustedProxies);
    const at = now();
    deps.repos.transaction(() => {
      for (const x of changes) {
        if (x.action === "grant") deps.repos.members.grant(member.id, svc.serviceId, x.role);
        else deps.repos.members.revoke(member.id, svc.serviceId, x.role);
        deps.repos.permissionLog.record(
          { serviceId: svc.serviceId, action: x.action, role: x.role, memberLoginId: member.loginId, memberName: member.name, actorLoginId: actor.loginId, ip },
          at,
        );
      }
    });
    for (const x of changes) audit(c, x.action, `roles/${member.loginId}/${x.role}`);
    deps.logger.child("web.roles").info({ serviceId: svc.serviceId, loginId: member.loginId, by: actor.loginId, changes }, "service roles changed");
    return render(c, { values: { ...values, loginId: member.loginId, serviceAdmin: want["service-admin"], agent: want.agent }, done: { loginId: member.loginId, changed: changes.length > 0 } });
  });
  return app;
}
