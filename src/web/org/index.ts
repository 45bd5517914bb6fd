import { Hono } from "hono";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "../admin/env.ts";
import { orgChargesRoutes } from "./charges.tsx";
import { orgInfoRoutes } from "./info.tsx";
import { orgMembersRoutes } from "./members.tsx";
import { memberOf, requireMember, requireOrgAdmin, type OrgEnv } from "./org-guard.ts";
import { orgPermissionsRoutes } from "./permissions.tsx";
import { orgServicesRoutes } from "./services.tsx";
import { orgWebhooksRoutes } from "./webhooks.tsx";
import { orgBackupsRoutes } from "./backups.tsx";
import { orgNetworkRoutes } from "./network.tsx";
import { orgTlsRoutes } from "./tls.tsx";
import { welcomeRoutes } from "./welcome.tsx";
import { meRoutes } from "./me.tsx";
import { ticketsRoutes } from "./tickets.tsx";
import { ctiRoutes } from "./cti.tsx";

/** Where a signed-in organization admin lands (SPEC "Contracts": the organization's pages). */
export const ORG_LANDING = "/admin/org/services";
/** Where a member who administers nothing (an agent) lands: their own performance (O7). */
export const MEMBER_LANDING = "/admin/org/me/performance";

/** The organization areas only org admins reach, with their routes. */
const ADMIN_AREAS: [string, (deps: WebDeps) => Hono<OrgEnv>][] = [
  ["services", orgServicesRoutes],
  ["charges", orgChargesRoutes],
  ["info", orgInfoRoutes],
  ["members", orgMembersRoutes],
  ["permissions", orgPermissionsRoutes],
  ["webhooks", orgWebhooksRoutes],
  ["backups", orgBackupsRoutes],
  ["network", orgNetworkRoutes],
  ["tls", orgTlsRoutes],
  ["cti", ctiRoutes],
];

/**
 * The organization pages under /admin/org/ (O1–O9, X3): the invitation link is open, a member's
 * own pages need a session, everything else an organization admin (X4: others get 403).
 */
export function orgApp(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<OrgEnv>();
  app.route("/welcome", welcomeRoutes(deps));
  app.use("*", requireMember());
  app.get("/", (c) => c.redirect(memberOf(c).orgAdmin ? ORG_LANDING : "/admin/org/me/settings", 303));
  app.route("/me", meRoutes(deps));
  app.route("/tickets", ticketsRoutes(deps));
  for (const [area, routes] of ADMIN_AREAS) {
    app.use(`/${area}`, requireOrgAdmin());
    app.use(`/${area}/*`, requireOrgAdmin());
    app.route(`/${area}`, routes(deps));
  }
  return app;
}
