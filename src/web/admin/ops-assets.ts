import { Hono } from "hono";
import type { Context } from "hono";
// Embedded in the executable (no CDN): uPlot and the pages' own script and styles.
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import opsJs from "../../../public/js/ops.js" with { type: "text" };
import opsCss from "../../../public/js/ops.css" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import playsJs from "../../../public/js/recording-plays.js" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import confirmJs from "../../../public/js/confirm.js" with { type: "text" };

const FILES: Record<string, [string, string]> = {
  "uplot.js": [uplotJs as unknown as string, "text/javascript; charset=utf-8"],
  "ops.js": [opsJs as unknown as string, "text/javascript; charset=utf-8"],
  "ops.css": [uplotCss + "\n" + opsCss, "text/css; charset=utf-8"],
  "recording-plays.js": [playsJs as unknown as string, "text/javascript; charset=utf-8"],
  "confirm.js": [confirmJs as unknown as string, "text/javascript; charset=utf-8"],
};
const ETAG = `"${Bun.hash(Object.values(FILES).map(([b]) => b).join("")).toString(36)}"`;

/** /admin/ops-assets/{uplot.js, ops.js, ops.css, recording-plays.js, confirm.js}: scripts and styles of the admin pages. */
export function opsAssets(): Hono {
  const app = new Hono();
  app.get("/:name", (c: Context) => {
    const file = FILES[c.req.param("name") ?? ""];
    if (!file) return c.text("Not found", 404);
    if (c.req.header("If-None-Match") === ETAG) return c.body(null, 304);
    c.header("Content-Type", file[1]);
    c.header("Cache-Control", "public, max-age=3600");
    c.header("ETag", ETAG);
    return c.body(file[0]);
  });
  return app;
}
