import type { Context } from "hono";
import { settingsText } from "../../../views/index.ts";
import type { Member, Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";

/**
 * The services a member's own pages may show: those they hold a role in (X4). The org admin role
 * alone gives no service data (O4), so an org admin sees only the services they have a role in.
 */
export function memberServices(deps: WebDeps, m: Member): Service[] {
  return deps.repos.services.list().filter((s) => m.roles.some((r) => r.serviceId === s.serviceId));
}

/** The answer to a `?serviceId=` the member has no role in: an org admin is told why (403), anyone else gets 404. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function notTheirService(c: Context<any>, deps: WebDeps, m: Member, serviceId: string): Response {
  return m.orgAdmin && deps.repos.services.get(serviceId)
    ? c.text(settingsText(c.get("lang"))("access.orgAdminOnly"), 403)
    : c.text("Not found", 404);
}

/** The service chosen with `?serviceId=` among the member's, else their first. */
export function chosenService(deps: WebDeps, m: Member, wanted: string | undefined): Service | undefined {
  const mine = memberServices(deps, m);
  return mine.find((s) => s.serviceId === wanted) ?? (wanted ? undefined : mine[0]);
}

/** Local start of today in the service's time zone and the date, at `now`. */
export function todayIn(timeZone: string, now: number): { from: number; day: string } {
  const d = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(timeZone).toPlainDate();
  return { from: d.toZonedDateTime({ timeZone }).epochMilliseconds, day: d.toString() };
}
