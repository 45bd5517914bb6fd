import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { loginRoutes } from "./login.tsx";
import { opsApp } from "./ops.ts";
import { phonesRoutes } from "./phones.tsx";
import { servicesApp } from "./services.tsx";
import { trunksRoutes } from "./trunks.tsx";
import { auditMiddleware } from "./audit.ts";
import { languageMiddleware, loadSession } from "./session.ts";

/** The admin pages under /admin: sign-in, sign-out, Phones. */
export function adminApp(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use(csrf());
  app.use(languageMiddleware());
  app.use(loadSession(deps));
  app.use(auditMiddleware(deps));
  app.get("/", (c) => c.redirect("/admin/phones", 303));
  app.route("/", loginRoutes(deps));
  app.route("/", phonesRoutes(deps));
  app.route("/", trunksRoutes(deps));
  app.route("/", servicesApp(deps));
  app.route("/", opsApp(deps));
  return app;
}
