import type { Context, MiddlewareHandler } from "hono";
import type { OrgFrame } from "../../../views/index.ts";
import type { Actor } from "../../cc/index.ts";
import type { Member } from "../../store/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "../admin/env.ts";

/** Context of the organization pages: the admin pages' variables. */
export type OrgEnv = AdminEnv;

async function csrfOk(c: Context, expected: string): Promise<boolean> {
  const header = c.req.header("X-CSRF-Token");
  if (header) return header === expected;
  const body = await c.req.parseBody();
  return body._csrf === expected;
}

/**
 * Any signed-in member passes (their own pages, O7, O8); others go to the sign-in page. Unsafe
 * methods must carry the session's CSRF token (X4).
 */
export function requireMember(): MiddlewareHandler<OrgEnv> {
  return async (c, next) => {
    const auth = c.get("auth");
    if (!auth) {
      const target = `/admin/login?next=${encodeURIComponent(c.req.path)}`;
      if (c.req.header("HX-Request")) {
        c.header("HX-Redirect", target);
        return c.body(null, 401);
      }
      return c.redirect(target, 303);
    }
    if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method) && !(await csrfOk(c, auth.session.csrfToken))) {
      return c.text("Forbidden: missing or wrong CSRF token", 403);
    }
    await next();
  };
}

/** Behind {@link requireMember}: only organization admins (X4); a service admin or agent gets 403. */
export function requireOrgAdmin(): MiddlewareHandler<OrgEnv> {
  return async (c, next) => {
    if (!c.get("auth")?.member.orgAdmin) return c.text("Forbidden", 403);
    await next();
  };
}

/** Any context of the organization pages (sub-apps add their own variables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOrgContext = Context<any>;

/** The signed-in member (routes behind {@link requireMember}). */
export const memberOf = (c: AnyOrgContext): Member => (c as Context<OrgEnv>).get("auth")!.member;

/** The signed-in member as the actor of a change (H5), with their id (self-protection rules). */
export function orgActor(c: AnyOrgContext, deps: WebDeps): Actor & { memberId: number; orgAdmin: boolean } {
  const m = memberOf(c);
  return { kind: "member", id: m.loginId, ip: clientIp(c, deps.config.trustedProxies), memberId: m.id, orgAdmin: m.orgAdmin };
}

/** The props every organization page shares. */
export function orgFrame(ctx: AnyOrgContext): OrgFrame {
  const c = ctx as Context<OrgEnv>;
  const auth = c.get("auth")!;
  return { lang: c.get("lang"), t: c.get("t"), user: { name: auth.member.name, csrfToken: auth.session.csrfToken }, orgAdmin: auth.member.orgAdmin };
}

type Html = Parameters<Context["html"]>[0];

/** Answer a page (no caching of pages that may show a secret once); 422 for a refused form. */
export function page(c: Context, body: Html, status: 200 | 404 | 409 | 422 = 200): Response | Promise<Response> {
  c.header("Cache-Control", "no-store");
  return c.html(body, status);
}
