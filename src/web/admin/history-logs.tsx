import { Hono } from "hono";
import { actorKindText, AUDIT_ACTOR_KINDS, AuditLookupPage, LoginLookupPage, opsText, settingsText, systemWord, type FilterField, type SettingsKey } from "../../../views/index.ts";
import { LOGIN_RESULTS, LOGOUT_REASONS, type AuditEntry, type LoginEvent } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { dateRange, filtersOf, pageOf } from "./ops-query.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** The most log rows a lookup reads (newest first) before filtering. */
export const LOG_SCAN_LIMIT = 20_000;

const has = (value: string | undefined, wanted: string | undefined) => !wanted || (value ?? "").toLowerCase().includes(wanted.toLowerCase());

/**
 * Agent login history (H4) and audit log (H5) with filters, sort and pages in the URL; viewing is
 * audited. Both are read only: no route here (or anywhere) changes or removes an entry.
 */
export function logLookupRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();
  const dates = (s: ReturnType<typeof opsText>, from: string, to: string): FilterField[] => [
    { name: "from", label: s("l.from"), type: "date", value: from },
    { name: "to", label: s("l.to"), type: "date", value: to },
  ];

  app.get("/logins", (c) => {
    const svc = c.get("service");
    const s = opsText(c.get("lang"));
    const st = settingsText(c.get("lang"));
    const range = dateRange(c, svc.timezone, now(), 7);
    const f = filtersOf(c, ["login", "result", "scope"]);
    // Admin-page sign-ins belong to no service: only organization admins may look at them.
    const orgAdmin = c.get("auth")!.member.orgAdmin;
    const adminScope = orgAdmin && f.scope === "admin";
    const rows = deps.repos.loginHistory
      .list(adminScope ? null : svc.serviceId, LOG_SCAN_LIMIT)
      .filter((r) => r.at >= range.fromMs && r.at < range.toMs && has(r.loginId, f.login) && (!f.result || r.result === f.result));
    const sort: Record<string, (r: LoginEvent) => string | number | null> = {
      time: (r) => r.at, login: (r) => r.loginId, result: (r) => r.result, ip: (r) => r.ip ?? null,
      platform: (r) => r.platform ?? null, length: (r) => r.sessionMs ?? null,
    };
    const query = { ...f, from: range.from, to: range.to };
    const p = pageOf(c, rows, sort, "time", query);
    audit(c, "view", `history/logins?${new URLSearchParams(query)}`);
    c.header("Cache-Control", "no-store");
    const results = [...LOGIN_RESULTS, ...LOGOUT_REASONS].map((r): [string, string] => [r, st(`login.${r}` as SettingsKey)]);
    const filters: FilterField[] = [
      ...dates(s, range.from, range.to),
      { name: "login", label: st("log.loginId"), type: "text", value: f.login ?? "" },
      { name: "result", label: st("log.result"), type: "select", value: f.result ?? "", options: [["", s("l.all")], ...results] },
    ];
    if (orgAdmin) {
      const scopes: [string, string][] = [["", st("log.scope.service")], ["admin", st("log.scope.admin")]];
      filters.push({ name: "scope", label: st("log.scope"), type: "select", value: adminScope ? "admin" : "", options: scopes });
    }
    return c.html(<LoginLookupPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={filters} list={p.list} rows={p.rows} />);
  });

  app.get("/audit", (c) => {
    const svc = c.get("service");
    const s = opsText(c.get("lang"));
    const st = settingsText(c.get("lang"));
    const range = dateRange(c, svc.timezone, now(), 7);
    const f = filtersOf(c, ["login", "kind", "action", "target"]);
    const rows = deps.repos.audit
      .list(svc.serviceId, LOG_SCAN_LIMIT)
      .filter((r) => r.at >= range.fromMs && r.at < range.toMs && has(r.loginId, f.login) && (!f.kind || r.actorKind === f.kind) && (!f.action || r.action === f.action) && has(r.target, f.target));
    const sort: Record<string, (r: AuditEntry) => string | number | null> = {
      time: (r) => r.at, login: (r) => r.loginId, kind: (r) => r.actorKind, action: (r) => r.action, target: (r) => r.target, ip: (r) => r.ip ?? null,
    };
    const query = { ...f, from: range.from, to: range.to };
    const p = pageOf(c, rows, sort, "time", query);
    // Logged after reading, so the page shows what was there before this view.
    audit(c, "view", `history/audit?${new URLSearchParams(query)}`);
    c.header("Cache-Control", "no-store");
    const actions = ["view", "play", "download", "export", "create", "update", "delete"].map((a): [string, string] => [a, systemWord(c.get("lang"), "action", a)]);
    const filters: FilterField[] = [
      ...dates(s, range.from, range.to),
      { name: "login", label: st("log.actor"), type: "text", value: f.login ?? "" },
      { name: "kind", label: st("log.actorKind"), type: "select", value: f.kind ?? "", options: [["", s("l.all")], ...AUDIT_ACTOR_KINDS.map((k): [string, string] => [k, actorKindText(st, k)])] },
      { name: "action", label: st("log.action"), type: "select", value: f.action ?? "", options: [["", s("l.all")], ...actions] },
      { name: "target", label: st("log.target"), type: "text", value: f.target ?? "" },
    ];
    return c.html(<AuditLookupPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={filters} list={p.list} rows={p.rows} />);
  });
  return app;
}
