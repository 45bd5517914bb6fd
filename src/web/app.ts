import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { adminApp } from "./admin/index.ts";
import { agentApp } from "./agent/index.ts";
import { apiApp } from "./api/index.ts";
import { assetsApp } from "./assets.ts";
import type { WebDeps } from "./deps.ts";
import { healthApp } from "./health.ts";
import { provisionApp } from "./provision/provision-app.ts";

/**
 * The whole web side as one Hono app: /healthz, /readyz, /metrics, /assets/*, the admin pages
 * under /admin and the REST API under /api/v1. Serve it with `Bun.serve({ fetch: app.fetch })`.
 */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono();
  const log = deps.logger.child("web");
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.route("/", healthApp(deps));
  app.route("/assets", assetsApp());
  app.route("/admin", adminApp(deps));
  app.get("/agent", (c) => c.redirect("/agent/", 301));
  app.route("/agent/", agentApp(deps));
  app.route("/api/v1", apiApp(deps));
  app.route("/provision", provisionApp(deps));
  app.get("/", (c) => c.redirect("/admin/phones", 303));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    log.error({ err, path: c.req.path }, "request failed");
    return c.text("Internal error", 500);
  });
  return app;
}
