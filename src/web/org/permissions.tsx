import { Hono } from "hono";
import { OrgPermissionsPage, orgText, type FilterField } from "../../../views/index.ts";
import type { OrgPermissionChange } from "../../store/index.ts";
import { audit } from "../admin/audit.ts";
import { dateRange, filtersOf, pageOf } from "../admin/ops-query.ts";
import type { WebDeps } from "../deps.ts";
import { orgFrame, page, type OrgEnv } from "./org-guard.ts";

/** The organization's time zone for the log: the first service's, else Seoul. */
const zoneOf = (deps: WebDeps) => deps.repos.services.list()[0]?.timezone ?? "Asia/Seoul";

/**
 * GET /admin/org/permissions — every grant and revoke of the organization (O6), newest first:
 * `q` matches part of the name, ID, actor, IP, service or action; `from` / `to` dates (the last
 * 30 days by default); sort and page in the URL. Append-only: nothing here changes it. Viewing is audited (H5).
 */
export function orgPermissionsRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.get("/", (c) => {
    const o = orgText(c.get("lang"));
    const tz = zoneOf(deps);
    const range = dateRange(c, tz, (deps.now ?? Date.now)(), 30);
    const f = filtersOf(c, ["q"]);
    const rows = deps.repos.permissionLog.searchAll({ q: f.q, fromMs: range.fromMs, toMs: range.toMs });
    const sort: Record<string, (e: OrgPermissionChange) => string | number | null> = {
      time: (e) => e.at, action: (e) => `${e.action} ${e.role}`, name: (e) => e.memberName, ip: (e) => e.ip ?? null,
      service: (e) => e.serviceId, loginId: (e) => e.memberLoginId, actor: (e) => e.actorLoginId,
    };
    const query = { ...f, from: range.from, to: range.to };
    const p = pageOf(c, rows, sort, "time", query);
    audit(c, "view", `org/permissions?${new URLSearchParams(query)}`);
    const filters: FilterField[] = [
      { name: "from", label: o("perm.from"), type: "date", value: range.from },
      { name: "to", label: o("perm.to"), type: "date", value: range.to },
      { name: "q", label: o("perm.q"), type: "text", value: f.q ?? "" },
    ];
    return page(c, <OrgPermissionsPage frame={orgFrame(c)} timeZone={tz} filters={filters} list={p.list} rows={p.rows} />);
  });
  return app;
}
