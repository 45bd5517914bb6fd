import { Hono } from "hono";
import css from "../../public/app.css" with { type: "text" };
// Vendored htmx 4 (pinned in package.json), embedded in the executable; no CDN.
import htmxSource from "htmx.org/dist/htmx.min.js" with { type: "text" };

const htmx: string = htmxSource;
const ETAG = `"${Bun.hash(htmx + css).toString(36)}"`;

/** Static assets embedded in the executable: /assets/htmx.min.js and /assets/app.css. */
export function assetsApp(): Hono {
  const app = new Hono();
  const serve = (body: string, type: string) => (c: import("hono").Context) => {
    if (c.req.header("If-None-Match") === ETAG) return c.body(null, 304);
    c.header("Content-Type", type);
    c.header("Cache-Control", "public, max-age=3600");
    c.header("ETag", ETAG);
    return c.body(body);
  };
  app.get("/htmx.min.js", serve(htmx, "text/javascript; charset=utf-8"));
  app.get("/app.css", serve(css, "text/css; charset=utf-8"));
  return app;
}
