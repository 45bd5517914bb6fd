import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { adminApp } from "./admin/index.ts";
import { agentApp } from "./agent/index.ts";
import { apiApp } from "./api/index.ts";
import { assetsApp } from "./assets.ts";
import type { WebDeps } from "./deps.ts";
import { healthApp } from "./health.ts";
import { provisionApp } from "./provision/provision-app.ts";
import { featureGate } from "./org/feature-gate.ts";

/** The largest request body any route reads (a prompt upload of 10 MB plus its form). */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;
/** The largest sign-in form. */
const MAX_SIGN_IN_BYTES = 16 * 1024;

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
  // X4 / issue 11: no request body is read past its limit, before any authentication — sign-in
  // forms are tiny; prompt uploads are the largest legitimate bodies (10 MB of audio).
  // Hono's bodyLimit buffers up to its limit before the route runs: the small limits go first.
  const tooLarge = (c: Context) => c.text("Payload Too Large", 413);
  app.use("/admin/login", bodyLimit({ maxSize: MAX_SIGN_IN_BYTES, onError: tooLarge }));
  app.use("/agent/login*", bodyLimit({ maxSize: MAX_SIGN_IN_BYTES, onError: tooLarge }));
  app.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  app.use("*", featureGate(deps)); // O1: features off in a service's contract have no pages or API routes
  app.route("/", healthApp(deps));
  app.route("/assets", assetsApp());
  app.route("/admin", adminApp(deps));
  app.get("/agent", (c) => c.redirect("/agent/", 301));
  app.route("/agent/", agentApp(deps));
  app.route("/api/v1", apiApp(deps));
  app.route("/provision", provisionApp(deps));
  app.get("/", (c) => c.redirect("/admin", 303));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    log.error({ err, path: c.req.path }, "request failed");
    return c.text("Internal error", 500);
  });
  return app;
}
