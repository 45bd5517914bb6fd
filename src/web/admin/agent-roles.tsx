import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AgentRolesProps } from "../../../views/index.ts";
import type { Member, ServiceRole } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
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
    const member = c.get("auth")!.member;
    const fields = await formFields(c);
    const values = { loginId: String(fields.loginId ?? ""), serviceAdmin: fields.serviceAdmin === "1", agent: fields.agent === "1" };
    const r = check(roleFormSchema, fields);
    if (!r.ok) return render(c, { values, errors: r.errors }, 422);
    const actor = { ...memberActor(c, deps), memberId: member.id, orgAdmin: member.orgAdmin };
    const input = { loginId: r.value.loginId, serviceAdmin: r.value.serviceAdmin === "1", agent: r.value.agent === "1" };
    const done = await attempt(() => deps.admin.roles.set(actor, c.get("service").serviceId, input));
    if (!done.ok) return render(c, { values, errors: done.errors }, 422);
    const { member: changed, changes } = done.value;
    return render(c, { values: { ...values, loginId: changed.loginId, serviceAdmin: input.serviceAdmin, agent: input.agent }, done: { loginId: changed.loginId, changed: changes.length > 0 } });
  });
  return app;
}
