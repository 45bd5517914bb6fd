/**
 * Run at bundle time as a Bun macro (imported `with { type: "macro" }`): the version in
 * package.json and the licence of every runtime dependency (package.json "dependencies" and what
 * they depend on, read from node_modules/<name>/package.json), so the executable embeds them and
 * needs no node_modules at run time (A11 About).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

interface Pkg {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  dependencies?: Record<string, string>;
}

const ROOT = resolve(import.meta.dir, "../../..");

const read = (path: string): Pkg | undefined => {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Pkg;
  } catch {
    return undefined;
  }
};

/** The licence field of a package.json, old array forms included. */
const licenceOf = (p: Pkg): string =>
  typeof p.license === "string" ? p.license : (p.license?.type ?? p.licenses?.map((l) => l.type).filter(Boolean).join(" OR ") ?? "UNKNOWN");

/** The version and the bundled open-source components with their licences, sorted by name. */
export function consoleBuildInfo(): { version: string; licences: { name: string; version: string; license: string }[] } {
  const root = read(join(ROOT, "package.json")) ?? {};
  const seen = new Map<string, { name: string; version: string; license: string }>();
  // sip.js is bundled into the browser's softphone even when listed among the dev dependencies.
  const queue = [...Object.keys(root.dependencies ?? {}), "sip.js"];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name) || name === "bun") continue; // the runtime itself is listed apart
    const path = join(ROOT, "node_modules", name, "package.json");
    const p = existsSync(path) ? read(path) : undefined;
    if (!p) continue;
    seen.set(name, { name, version: p.version ?? "", license: licenceOf(p) });
    queue.push(...Object.keys(p.dependencies ?? {}));
  }
  const bun = { name: "bun (runtime)", version: Bun.version, license: "MIT" };
  return { version: root.version ?? "0.0.0", licences: [bun, ...[...seen.values()].sort((a, b) => a.name.localeCompare(b.name))] };
}
