import type { Context, MiddlewareHandler } from "hono";
import { settingsText, type ServiceFrame } from "../../../views/index.ts";
import type { Member, Service } from "../../store/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { inRanges } from "../../lib/index.ts";
import type { AdminEnv } from "./env.ts";
import { offPages } from "../org/feature-gate.ts";

/** Context of the pages of one service: the admin variables plus the service. */
export type ServiceEnv = { Variables: AdminEnv["Variables"] & { service: Service } };

/**
 * True when the member administers the service: a service admin of it (X4). The organization admin
 * role alone gives no service access (O4): service roles are granted per service and logged (O6).
 */
export function canAdminister(member: Member, serviceId: string): boolean {
  return member.roles.some((r) => r.serviceId === serviceId && r.role === "service-admin");
}

/** The services a member administers (the service picker). */
export function servicesOf(deps: WebDeps, member: Member): Service[] {
  return deps.repos.services.list().filter((s) => canAdminister(member, s.serviceId));
}

/**
 * Behind `requireAdmin()`: the `:serviceId` of the path must exist and be administered by the
 * member (else 404, so other services stay invisible), and the client address must be in the
 * service's admin ranges when it has any (G10, else 403).
 */
export function serviceScope(deps: WebDeps): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    const member = c.get("auth")!.member;
    const id = c.req.param("serviceId") ?? "";
    const service = deps.repos.services.get(id);
    if (!service) return c.text("Not found", 404);
    // An org admin knows the service exists (the organization's pages list it): say why, and where to take the role.
    if (!canAdminister(member, id)) return member.orgAdmin ? c.text(settingsText(c.get("lang"))("access.orgAdminOnly"), 403) : c.text("Not found", 404);
    const ranges = deps.repos.access.list(id).map((r) => r.cidr);
    const ip = clientIp(c, deps.config.trustedProxies);
    if (ranges.length && !inRanges(ip, ranges)) {
      deps.logger.child("web.access").warn({ serviceId: id, ip, loginId: member.loginId }, "admin access refused by address");
      return c.text(settingsText(c.get("lang"))("access.denied", { ip }), 403);
    }
    c.set("service", service);
    await next();
  };
}

/** The props every service page shares. */
export function frameOf(c: Context<ServiceEnv>, deps: WebDeps): ServiceFrame {
  const auth = c.get("auth")!;
  const service = c.get("service");
  return {
    lang: c.get("lang"),
    t: c.get("t"),
    user: { name: auth.member.name, csrfToken: auth.session.csrfToken },
    services: servicesOf(deps, auth.member).map((s) => ({ serviceId: s.serviceId, name: s.name })),
    service: { serviceId: service.serviceId, name: service.name, hidden: offPages(deps, service.serviceId) },
    done: DONE.find((d) => d === c.req.query("done")),
  };
}

/** The success messages a change's redirect may ask for (`?done=`), shown by the service layout (issue 9). */
const DONE = ["added", "removed", "saved"] as const;

type Html = Parameters<Context["html"]>[0];

/** Answer a page: the fragment for htmx requests, else the full page; `status` 422 for bad input. */
export function respond(c: Context, full: () => Html, fragment: () => Html, status: 200 | 422 = 200): Response | Promise<Response> {
  c.header("Vary", "HX-Request");
  c.header("Cache-Control", "no-store");
  const body = c.req.header("HX-Request") ? fragment() : full();
  return c.html(body, status);
}

/** Where to go after a successful change (POST → 303 → GET). */
export const areaUrl = (c: Context<ServiceEnv>, area: string, query = ""): string =>
  `/admin/services/${c.get("service").serviceId}/${area}${query}`;
