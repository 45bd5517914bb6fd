/**
 * Refresh the documented screenshots (public/docs/screenshots) from the last browser-test run
 * (test-output/): only the files the screenshots README links, so a test run never changes a
 * tracked file by itself. Run it on purpose: `npm run screenshots` (runs the browser tests first).
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./harness.ts";

const DOCS = join(REPO_ROOT, "public/docs/screenshots");
const SOURCES = ["screenshots", "first-day"].map((d) => join(REPO_ROOT, "test-output", d));

const linked = [...readFileSync(join(DOCS, "README.md"), "utf8").matchAll(/\]\(([\w.-]+\.png)\)/g)].map((m) => m[1]!);
let copied = 0;
const missing: string[] = [];
for (const name of new Set(linked)) {
  const from = SOURCES.map((d) => join(d, name)).find(existsSync);
  if (!from) {
    missing.push(name);
    continue;
  }
  copyFileSync(from, join(DOCS, name));
  copied++;
}
console.log(`${copied} screenshots refreshed in public/docs/screenshots${missing.length ? `; not made by the last run: ${missing.join(", ")}` : ""}`);
