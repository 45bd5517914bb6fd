import type { Member, Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";

/** The services a member's own pages may show: an org admin's all, anyone else's those they hold a role in (X4). */
export function memberServices(deps: WebDeps, m: Member): Service[] {
  return deps.repos.services.list().filter((s) => m.orgAdmin || m.roles.some((r) => r.serviceId === s.serviceId));
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
