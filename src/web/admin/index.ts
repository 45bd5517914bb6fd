import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { loginRoutes } from "./login.tsx";
import { opsApp } from "./ops.ts";
import { phonesRoutes } from "./phones.tsx";
import { servicesApp } from "./services.tsx";
import { trunksRoutes } from "./trunks.tsx";
import { landingOf } from "./landing.tsx";
import { auditMiddleware } from "./audit.ts";
import { MEMBER_LANDING, orgApp, ORG_LANDING } from "../org/index.ts";
import { languageMiddleware, loadSession } from "./session.ts";

/** The admin pages under /admin: sign-in, sign-out, Phones. */
export function adminApp(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use(csrf());
  app.use(languageMiddleware());
  app.use(loadSession(deps));
  app.use(auditMiddleware(deps));
  // Issue 9: a service admin lands on the service's monitoring page, an org admin of several on the list.
  app.get("/", (c) => {
    const auth = c.get("auth");
    // Issue 10: an organization admin with no role in a service lands on the organization's pages.
    // A member who administers nothing (an agent) lands on their own performance (O7).
    const orgOnly = auth?.member.orgAdmin && !auth.member.roles.some((r) => r.role === "service-admin");
    const noAdmin = auth && !auth.member.orgAdmin && !auth.member.roles.some((r) => r.role === "service-admin");
    return c.redirect(auth ? (orgOnly ? ORG_LANDING : noAdmin ? MEMBER_LANDING : landingOf(deps, auth.member)) : "/admin/login", 303);
  });
  app.route("/", loginRoutes(deps));
  app.get("/org/", (c) => c.redirect("/admin/org", 303));
  app.route("/org", orgApp(deps));
  app.route("/", phonesRoutes(deps));
  app.route("/", trunksRoutes(deps));
  app.route("/", servicesApp(deps));
  app.route("/", opsApp(deps));
  return app;
}
