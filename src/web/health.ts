import { Hono } from "hono";
import type { WebDeps } from "./deps.ts";

/** /healthz (process alive), /readyz (listeners up) and Prometheus /metrics (X6). */
export function healthApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.text("ok"));
  app.get("/readyz", (c) => (deps.ready() ? c.text("ready") : c.text("not ready", 503)));
  app.get("/metrics", async (c) => {
    c.header("Content-Type", deps.metrics.contentType);
    return c.body(await deps.metrics.metrics());
  });
  return app;
}
