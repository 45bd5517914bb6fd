import { Hono } from "hono";
import { AuditPage, LoginHistoryPage } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** Login history (H4) and audit log (H5) of a service; looking at them is audited too. */
export function logsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/login-history", (c) => {
    const svc = c.get("service");
    const orgAdmin = c.get("auth")!.member.orgAdmin;
    audit(c, "view", "login-history");
    c.header("Cache-Control", "no-store");
    return c.html(
      <LoginHistoryPage
        frame={frameOf(c, deps)}
        timezone={svc.timezone}
        rows={deps.repos.loginHistory.list(svc.serviceId, 200)}
        adminRows={orgAdmin ? deps.repos.loginHistory.list(null, 200) : undefined}
      />,
    );
  });
  app.get("/audit", (c) => {
    const svc = c.get("service");
    audit(c, "view", "audit");
    c.header("Cache-Control", "no-store");
    return c.html(<AuditPage frame={frameOf(c, deps)} timezone={svc.timezone} rows={deps.repos.audit.list(svc.serviceId, 200)} />);
  });
  return app;
}
