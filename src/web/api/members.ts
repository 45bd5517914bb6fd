import { createRoute, z } from "@hono/zod-openapi";
import { inviteSchema, parseInput, profileSchema } from "../../cc/index.ts";
import type { Member } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const MemberSchema = z
  .object({
    loginId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    active: z.boolean().openapi({ description: "false: deactivated, cannot sign in" }),
    orgAdmin: z.boolean(),
    roles: z.array(z.object({ serviceId: z.string(), role: z.enum(["service-admin", "agent"]) })).openapi({
      description: "Service roles; the org-admin role alone gives no service access (O4)",
    }),
  })
  .openapi("Member");

const InvitedSchema = z
  .object({
    member: MemberSchema,
    mailed: z.boolean().openapi({ description: "true when the set-password link was e-mailed (CC_SMTP_URL)" }),
    link: z.string().nullable().openapi({ description: "The set-password link, shown only in this answer when it was not mailed" }),
  })
  .openapi("MemberInvited");

const MemberPatchSchema = z
  .object({
    active: z.boolean().optional().openapi({ description: "Deactivate (sessions end at once) or reactivate" }),
    orgAdmin: z.boolean().optional().openapi({ description: "Grant or revoke org admin (logged in the permission log, O6)" }),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  })
  .strict()
  .openapi("MemberPatch");

const RolesSchema = z
  .object({ serviceAdmin: z.boolean(), agent: z.boolean().openapi({ description: "Granting it takes one of the service's licences" }) })
  .strict()
  .openapi("MemberServiceRoles");

const LoginParams = z.object({ loginId: z.string().openapi({ param: { name: "loginId", in: "path" } }) });
const RoleParams = LoginParams.extend({ serviceId: z.string().openapi({ param: { name: "serviceId", in: "path" } }) });

const tags = ["members"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer,
  request: { query: z.object({ q: z.string().optional().openapi({ description: "Part of a name, ID or email" }) }) },
  responses: { 200: jsonResponse(z.array(MemberSchema), "The organization's members (O4), by name"), ...errorResponses },
});
const one = createRoute({ method: "get", path: "/{loginId}", tags, security: bearer, request: { params: LoginParams }, responses: { 200: jsonResponse(MemberSchema, "The member"), ...errorResponses } });
const invite = createRoute({
  method: "post", path: "/", tags, security: bearer, request: jsonBody(inviteSchema.strict().meta({ id: "MemberInvite" })),
  description: "Invite a member (O4): a set-password link valid 7 days, e-mailed when CC_SMTP_URL is set, otherwise returned once. The ID is unique regardless of case.",
  responses: { 201: jsonResponse(InvitedSchema, "Invited"), ...errorResponses },
});
const patch = createRoute({
  method: "patch", path: "/{loginId}", tags, security: bearer, request: { params: LoginParams, ...jsonBody(MemberPatchSchema) },
  description: "Deactivate or reactivate, grant or revoke org admin, change name, email or phone. At least one active org admin always remains (409).",
  responses: { 200: jsonResponse(MemberSchema, "The member afterwards"), ...errorResponses },
});
const remove = createRoute({
  method: "delete", path: "/{loginId}", tags, security: bearer, request: { params: LoginParams },
  description: "Remove a member with their roles and sessions (agents with the same ID stay).",
  responses: { 204: { description: "Removed" }, ...errorResponses },
});
const roles = createRoute({
  method: "put", path: "/{loginId}/services/{serviceId}/roles", tags, security: bearer, request: { params: RoleParams, ...jsonBody(RolesSchema) },
  description: "The member's roles in one service afterwards; each grant and revoke goes to the permission log (O6).",
  responses: { 200: jsonResponse(MemberSchema, "The member afterwards"), ...errorResponses },
});

const memberJson = (m: Member) => ({
  loginId: m.loginId, name: m.name, email: m.email ?? null, phone: m.phone ?? null, active: m.active, orgAdmin: m.orgAdmin, roles: m.roles,
});

/** /api/v1/members (O4, X3): list, invite, deactivate, grant — the same operations and messages as the org admins page. */
export function membersApi(deps: WebDeps) {
  const app = apiRouter();
  const admin = deps.admin.members;
  const find = (loginId: string) => deps.repos.members.findByLoginId(loginId) ?? (() => { throw notFound(`member "${loginId}"`); })();

  app.openapi(list, (c) => c.json(deps.repos.members.search(c.req.valid("query").q ?? "").map(memberJson), 200));
  app.openapi(one, (c) => c.json(memberJson(find(c.req.valid("param").loginId)), 200));
  app.openapi(invite, async (c) => {
    const origin = new URL(c.req.url).origin;
    const out = await admin.invite(apiActor(c), c.req.valid("json"), (token) => `${origin}/admin/org/welcome/${token}`);
    return c.json({ member: memberJson(out.member), mailed: out.mailed, link: out.link ?? null }, 201);
  });
  app.openapi(patch, (c) => {
    const { loginId } = c.req.valid("param");
    const v = c.req.valid("json");
    const m = find(loginId);
    const profile = v.name !== undefined || v.email !== undefined || v.phone !== undefined
      ? { name: v.name ?? m.name, email: v.email ?? m.email ?? "", phone: v.phone ?? m.phone ?? "" } : undefined;
    // Bad fields are refused before any of the changes is made, so a refused request changes nothing.
    if (profile) parseInput(profileSchema, profile);
    if (v.orgAdmin !== undefined) admin.setOrgAdmin(apiActor(c), loginId, v.orgAdmin);
    if (v.active !== undefined && v.active !== m.active) admin.setActive(apiActor(c), loginId, v.active);
    if (profile) admin.updateProfile(apiActor(c), loginId, profile);
    return c.json(memberJson(find(loginId)), 200);
  });
  app.openapi(remove, (c) => {
    admin.remove(apiActor(c), c.req.valid("param").loginId);
    return c.body(null, 204);
  });
  app.openapi(roles, (c) => {
    const { loginId, serviceId } = c.req.valid("param");
    find(loginId);
    const out = deps.admin.roles.set(apiActor(c), serviceId, { loginId, ...c.req.valid("json") });
    return c.json(memberJson(out.member), 200);
  });
  return app;
}
