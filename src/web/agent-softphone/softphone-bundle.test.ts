import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { consoleAssets } from "../agent/assets.ts";
import { BUNDLE, buildSoftphone } from "./build.ts";

describe("the browser softphone's bundle (issue 8, A5)", () => {
  it("MUST be committed as the sources build it (run `npm run build:softphone` after changing them)", async () => {
    const built = await buildSoftphone();
    const committed = readFileSync(BUNDLE, "utf8");
    expect(committed.length).toBe(built.length);
    expect(committed === built).toBe(true);
  }, 30_000);

  it("MUST import nothing but sip.js and its own files (browser code, no server layer)", () => {
    const dir = import.meta.dir;
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "build.ts");
    expect(sources).toContain("entry.ts");
    for (const f of sources) {
      const text = readFileSync(join(dir, f), "utf8");
      for (const [, spec] of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)) {
        expect(spec === "sip.js" || /^\.\/[\w-]+\.ts$/.test(spec!), `${f} imports ${spec}`).toBe(true);
      }
    }
  });

  it("MUST be served at /agent/softphone.js as UTF-8 JavaScript, embedded (no CDN)", async () => {
    const res = await consoleAssets().request("/softphone.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const body = await res.text();
    expect(body === readFileSync(BUNDLE, "utf8")).toBe(true);
    expect(body.includes("window.ccSoftphone")).toBe(true);
    expect(/https?:\/\/(cdn|unpkg|jsdelivr)/.test(body)).toBe(false);
  });
});
