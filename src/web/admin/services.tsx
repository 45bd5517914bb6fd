import { Hono } from "hono";
import { SERVICE_PAGES } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { accessRoutes } from "./access.tsx";
import { traceRoutes } from "./trace.tsx";
import { recordingsRoutes } from "./recordings-retention.tsx";
import { agentsRoutes } from "./agents.tsx";
import { assignmentRoutes } from "./assignment.tsx";
import { deskPhonesRoutes } from "./desk-phones.tsx";
import { hoursRoutes } from "./hours.tsx";
import { infoRoutes } from "./info.tsx";
import { menuRoutes } from "./menu.tsx";
import { noticesRoutes } from "./notices.tsx";
import { permissionsRoutes } from "./permissions.tsx";
import { promptsRoutes } from "./prompts.tsx";
import { requireAdmin } from "./session.ts";
import { typesRoutes } from "./types.tsx";
import { workRoutes } from "./work.tsx";
import { servicesList } from "./landing.tsx";
import { areaUrl, serviceScope, servicesOf, type ServiceEnv } from "./service-scope.ts";

const AREAS = new Set<string>(SERVICE_PAGES);

/** Old addresses of the login history and audit log, kept as permanent redirects to the lookups (H4, H5). */
const MOVED: Record<string, string> = { "login-history": "history/logins", audit: "history/audit" };

/**
 * The service settings pages under /admin/services/:serviceId/<area> (G1–G10): one sub-app
 * per area, each behind `requireAdmin()` and `serviceScope()` (role, scope and address checks).
 */
export function servicesApp(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use("/services", requireAdmin());
  app.use("/services/*", requireAdmin());

  // The service picker: /admin/services?serviceId=x&area=y → that page; without a choice, the list of services.
  app.get("/services", (c) => {
    const mine = servicesOf(deps, c.get("auth")!.member);
    const wanted = c.req.query("serviceId");
    if (wanted === undefined) return servicesList(c, deps);
    const target = mine.find((s) => s.serviceId === wanted) ?? mine[0];
    if (!target) return c.text("Not found", 404);
    const area = c.req.query("area") ?? "";
    return c.redirect(`/admin/services/${target.serviceId}/${AREAS.has(area) ? area : "info"}`, 303);
  });

  const scoped = new Hono<ServiceEnv>();
  scoped.use(serviceScope(deps));
  scoped.get("/", (c) => c.redirect(`/admin/services/${c.get("service").serviceId}/info`, 303));
  scoped.route("/info", infoRoutes(deps));
  scoped.route("/agents", agentsRoutes(deps));
  scoped.route("/assignment", assignmentRoutes(deps));
  scoped.route("/types", typesRoutes(deps));
  scoped.route("/work", workRoutes(deps));
  scoped.route("/notices", noticesRoutes(deps));
  scoped.route("/access", accessRoutes(deps));
  scoped.route("/trace", traceRoutes(deps));
  scoped.route("/recordings", recordingsRoutes(deps));
  scoped.route("/permissions", permissionsRoutes(deps));
  scoped.route("/phones", deskPhonesRoutes(deps));
  scoped.route("/menu", menuRoutes(deps));
  scoped.route("/prompts", promptsRoutes(deps));
  for (const [from, to] of Object.entries(MOVED)) {
    scoped.get(`/${from}`, (c) => {
      const query = new URL(c.req.url).search;
      return c.redirect(areaUrl(c, to, query), 301);
    });
  }
  scoped.route("/", hoursRoutes(deps));
  app.route("/services/:serviceId", scoped as unknown as Hono<AdminEnv>);
  return app;
}
