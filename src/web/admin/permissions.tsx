import { Hono } from "hono";
import { PermissionsPage, rolesText, opsText, type FilterField } from "../../../views/index.ts";
import type { PermissionChange } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { dateRange, filtersOf, pageOf } from "./ops-query.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** The most log rows the page reads (newest first) before sorting. */
export const PERMISSION_SCAN_LIMIT = 20_000;

/**
 * GET /admin/services/:serviceId/permissions — the permission change log (권한 변경 로그, O6):
 * search by part of a name or ID (`q`) and dates (`from`, `to`, the last 30 days by default), with
 * sort and page in the URL. Behind `serviceScope()` (X4); viewing is audited (H5).
 */
export function permissionsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();

  app.get("/", (c) => {
    const svc = c.get("service");
    const r = rolesText(c.get("lang"));
    const o = opsText(c.get("lang"));
    const range = dateRange(c, svc.timezone, now(), 30);
    const f = filtersOf(c, ["q"]);
    const rows = deps.repos.permissionLog.search(svc.serviceId, { q: f.q, fromMs: range.fromMs, toMs: range.toMs, limit: PERMISSION_SCAN_LIMIT });
    const sort: Record<string, (e: PermissionChange) => string | number | null> = {
      time: (e) => e.at, action: (e) => `${e.action} ${e.role}`, name: (e) => e.memberName, loginId: (e) => e.memberLoginId,
      actor: (e) => e.actorLoginId, ip: (e) => e.ip ?? null,
    };
    const query = { ...f, from: range.from, to: range.to };
    const p = pageOf(c, rows, sort, "time", query);
    audit(c, "view", `permissions?${new URLSearchParams(query)}`);
    c.header("Cache-Control", "no-store");
    const filters: FilterField[] = [
      { name: "from", label: o("l.from"), type: "date", value: range.from },
      { name: "to", label: o("l.to"), type: "date", value: range.to },
      { name: "q", label: r("perm.q"), type: "text", value: f.q ?? "" },
    ];
    return c.html(<PermissionsPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={filters} list={p.list} rows={p.rows} />);
  });
  return app;
}
