import { Hono, type Context } from "hono";
// Embedded in the executable (no CDN): the console's script, styles and service worker, uPlot, the play reporter.
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import consoleJs from "../../../public/agent/console.js" with { type: "text" };
import consoleCss from "../../../public/agent/console.css" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import dialpadJs from "../../../public/agent/dialpad.js" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import swJs from "../../../public/agent/sw.js" with { type: "text" };
// @ts-ignore: a plain browser script (no types), embedded as text.
import playsJs from "../../../public/js/recording-plays.js" with { type: "text" };
import { consoleIcon } from "./icon.ts";
import { SOFTPHONE_JS } from "./softphone-asset.ts";

const JS = "text/javascript; charset=utf-8";
const FILES: Record<string, [string | Uint8Array, string]> = {
  "console.js": [consoleJs as unknown as string, JS],
  "console.css": [`${uplotCss}\n${consoleCss}`, "text/css; charset=utf-8"],
  "uplot.js": [uplotJs as unknown as string, JS],
  "recording-plays.js": [playsJs as unknown as string, JS],
  "dialpad.js": [dialpadJs as unknown as string, JS],
};
const VERSION = Bun.hash(Object.values(FILES).map(([b]) => b).join("") + (SOFTPHONE_JS ?? "")).toString(36);
const ETAG = `"${VERSION}"`;
// A new set of assets is a new cache name: the service worker drops the old shell.
const SW = (swJs as unknown as string).replace("__VERSION__", VERSION);

/** The web app manifest (PWA): installable, standalone, scoped to /agent/. */
export const MANIFEST = {
  name: "상담 앱 · Agent console",
  short_name: "상담 앱",
  description: "Contact center agent console",
  start_url: "/agent/",
  scope: "/agent/",
  display: "standalone",
  background_color: "#f3f4f6",
  theme_color: "#1d4ed8",
  icons: [
    { src: "/agent/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/agent/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any maskable" },
  ],
};

let icons: Record<string, Uint8Array> | undefined;

/**
 * The console's static files, served without a session: /agent/assets/{console.js, console.css,
 * uplot.js, recording-plays.js, dialpad.js}, /agent/sw.js, /agent/manifest.webmanifest, /agent/icon-{192,512}.png,
 * /agent/softphone.js (when built in).
 */
export function consoleAssets(): Hono {
  const app = new Hono();
  const cached = (c: Context, body: string | Uint8Array, type: string, maxAge = 3600) => {
    if (c.req.header("If-None-Match") === ETAG) return c.body(null, 304);
    c.header("Content-Type", type);
    c.header("Cache-Control", `public, max-age=${maxAge}`);
    c.header("ETag", ETAG);
    return c.body(typeof body === "string" ? body : new Uint8Array(body));
  };
  app.get("/assets/:name", (c) => {
    const file = FILES[c.req.param("name")];
    return file ? cached(c, file[0], file[1]) : c.text("Not found", 404);
  });
  // The softphone, when its bundle is built in (see softphone-asset.ts); 404 otherwise, and the page copes.
  app.get("/softphone.js", (c) => (SOFTPHONE_JS === undefined ? c.text("Not found", 404) : cached(c, SOFTPHONE_JS, JS)));
  // The worker itself is always revalidated, so a new version takes over on the next visit.
  app.get("/sw.js", (c) => cached(c, SW, JS, 0));
  app.get("/manifest.webmanifest", (c) => cached(c, JSON.stringify(MANIFEST), "application/manifest+json; charset=utf-8"));
  for (const size of ["192", "512"]) {
    app.get(`/icon-${size}.png`, (c) => {
      icons ??= { "192": consoleIcon(192), "512": consoleIcon(512) };
      return cached(c, icons[size]!, "image/png", 86_400);
    });
  }
  return app;
}
