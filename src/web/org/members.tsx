import { Hono, type Context } from "hono";
import { MembersPage, type MemberRow } from "../../../views/index.ts";
import type { Member } from "../../store/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

type Extra = { errors?: Record<string, string>; errorMember?: string; invited?: { loginId: string; link?: string; email?: string }; saved?: boolean; invite?: { name: string; loginId: string; email: string } };

const rowOf = (m: Member): MemberRow => {
  const by = new Map<string, string[]>();
  for (const r of m.roles) by.set(r.serviceId, [...(by.get(r.serviceId) ?? []), r.role]);
  return { loginId: m.loginId, name: m.name, email: m.email, orgAdmin: m.orgAdmin, active: m.active, roles: [...by].map(([serviceId, roles]) => ({ serviceId, roles })) };
};

/**
 * Org admins (조직관리자, O4) under /admin/org/members: search, invite (the set-password link is
 * shown once unless mailed), grant or revoke org admin and service roles (logged in O6),
 * deactivate, reactivate and remove. All through `deps.admin.members` and `deps.admin.roles`.
 */
export function orgMembersRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, x: Extra = {}) => {
    const q = c.req.query("q") ?? "";
    const status = x.errors ? (x.errorMember ? 409 : 422) : 200;
    return page(
      c,
      <MembersPage
        frame={orgFrame(c)} q={q} rows={deps.repos.members.search(q).map(rowOf)}
        services={deps.repos.services.list().map((s) => ({ serviceId: s.serviceId, name: s.name }))}
        invite={x.invite ?? { name: "", loginId: "", email: "" }} errors={x.errors} errorMember={x.errorMember} invited={x.invited} saved={x.saved}
      />,
      status,
    );
  };
  const origin = (c: Context) => new URL(c.req.url).origin;

  app.get("/", (c) => render(c, { saved: c.req.query("saved") === "1" }));
  app.post("/", async (c) => {
    const { fields } = await readForm(c);
    const invite = { name: one(fields.name), loginId: one(fields.loginId), email: one(fields.email) };
    const done = await attempt(() => deps.admin.members.invite(orgActor(c, deps), invite, (token) => `${origin(c)}/admin/org/welcome/${token}`));
    if (!done.ok) return render(c, { errors: done.errors, invite });
    return render(c, { invited: { loginId: done.value.member.loginId, link: done.value.link, email: done.value.mailed ? invite.email : undefined } });
  });

  const rowAction = (path: string, op: (c: Context<OrgEnv>, loginId: string, f: Record<string, string | string[]>) => unknown) =>
    app.post(`/:loginId/${path}`, async (c) => {
      const loginId = c.req.param("loginId");
      const { fields } = await readForm(c);
      const done = await attempt(() => op(c, loginId, fields));
      if (!done.ok) return render(c, { errors: done.errors, errorMember: loginId });
      return c.redirect("/admin/org/members?saved=1", 303);
    });
  rowAction("org-admin", (c, id, f) => deps.admin.members.setOrgAdmin(orgActor(c, deps), id, one(f.orgAdmin) === "1"));
  rowAction("active", (c, id, f) => deps.admin.members.setActive(orgActor(c, deps), id, one(f.active) === "1"));
  rowAction("remove", (c, id) => deps.admin.members.remove(orgActor(c, deps), id));
  rowAction("roles", (c, id, f) => {
    const serviceId = one(f.serviceId);
    const m = deps.repos.members.findByLoginId(id);
    const holds = (role: string) => Boolean(m?.roles.some((r) => r.serviceId === serviceId && r.role === role));
    const want = one(f.action) === "grant";
    const role = one(f.role);
    return deps.admin.roles.set(orgActor(c, deps), serviceId, {
      loginId: id,
      serviceAdmin: role === "service-admin" ? want : holds("service-admin"),
      agent: role === "agent" ? want : holds("agent"),
    });
  });
  return app;
}
