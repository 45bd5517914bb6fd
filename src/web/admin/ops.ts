import { Hono } from "hono";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { dashboardRoutes } from "./dashboard.tsx";
import { historyRoutes } from "./history.tsx";
import { agentDayRoutes } from "./agent-day.tsx";
import { opsAssets } from "./ops-assets.ts";
import { serviceScope, type ServiceEnv } from "./service-scope.ts";
import { requireAdmin } from "./session.ts";
import { statisticsRoutes } from "./statistics.tsx";
import { worklistRoutes } from "./worklist.tsx";

/**
 * Monitoring (D1–D6), statistics (S1–S2) and lookups (H1–H3) under
 * /admin/services/:serviceId/{dashboard, statistics, history/…}, behind the same role, scope and
 * address checks as the settings pages; their scripts under /admin/ops-assets.
 */
export function opsApp(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.route("/ops-assets", opsAssets() as unknown as Hono<AdminEnv>);
  const scoped = new Hono<ServiceEnv>();
  scoped.use(requireAdmin() as never, serviceScope(deps));
  scoped.route("/dashboard", dashboardRoutes(deps));
  scoped.route("/statistics", statisticsRoutes(deps));
  scoped.route("/history/worklist", worklistRoutes(deps));
  scoped.route("/history/agent-day", agentDayRoutes(deps));
  scoped.route("/history", historyRoutes(deps));
  app.route("/services/:serviceId", scoped as unknown as Hono<AdminEnv>);
  return app;
}
