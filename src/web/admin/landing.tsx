import type { Context } from "hono";
import { ServicesListPage } from "../../../views/index.ts";
import type { Member } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { readiness } from "./readiness.ts";
import { servicesOf } from "./service-scope.ts";

/**
 * Where a member lands after signing in (issue 9): the monitoring page of their service when they
 * administer one, else the list of their services (an organization admin with several).
 */
export function landingOf(deps: WebDeps, member: Member): string {
  const mine = servicesOf(deps, member);
  return mine.length === 1 ? `/admin/services/${mine[0]!.serviceId}/dashboard` : "/admin/services";
}

/** The services list: name, number, state and how ready each is (the readiness checklist's count). */
export function servicesList(c: Context<AdminEnv>, deps: WebDeps): Response | Promise<Response> {
  const auth = c.get("auth")!;
  const now = (deps.now ?? Date.now)();
  const rows = servicesOf(deps, auth.member).map((svc) => {
    const lines = readiness(deps, svc, now);
    return { serviceId: svc.serviceId, name: svc.name, number: svc.number, state: svc.state, ready: { ok: lines.filter((l) => l.ok).length, all: lines.length } };
  });
  c.header("Cache-Control", "no-store");
  return c.html(<ServicesListPage lang={c.get("lang")} t={c.get("t")} user={{ name: auth.member.name, csrfToken: auth.session.csrfToken }} rows={rows} />);
}
