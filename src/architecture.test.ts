/**
 * ARCHITECTURE.md's import rules, checked on every import of src/ and views/:
 * main → web → cc → telephony → sip, media → lib; cc → store → lib; web → store, views;
 * config.ts only from main and web; views only import lib; across folders only via index.ts
 * (sip/ and media/ sub-folders count as folders). Tests (`*.test.ts`) and test helpers (`test-*.ts`)
 * are exempt from the index rule only.
 */
import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");

/** Which layers each layer may import (besides itself). Packages (npm, node:, bun:) are free. */
const ALLOWED: Record<string, readonly string[]> = {
  // main wires the embedded default prompts (public/prompts) into the media layer.
  main: ["web", "cli", "cc", "telephony", "sip", "media", "store", "lib", "config", "views", "public"],
  cli: ["cc", "store", "lib"],
  e2e: ["main", "web", "cc", "telephony", "sip", "media", "store", "lib", "config", "views"],
  web: ["cc", "store", "views", "lib", "config", "public"],
  cc: ["telephony", "store", "lib"],
  telephony: ["sip", "media", "lib"],
  sip: ["lib"],
  media: ["lib"],
  store: ["lib"],
  views: ["lib", "public"],
  config: ["lib"],
  lib: [],
};

/** Top folders whose sub-folders are folders of their own (entered through their index.ts). */
const NESTED = new Set(["sip", "media"]);

const CODE = /\.(ts|tsx)$/;

/** Every .ts/.tsx file under `dir`, repository-relative. */
export function listSources(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(ROOT, dir));
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...listSources(rel));
    else if (CODE.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Blank out comments, template literals and non-specifier strings so only real imports remain. */
export function stripComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === "`") {
      i++;
      while (i < src.length && src[i] !== "`") {
        out += src[i] === "\n" ? "\n" : " ";
        i += src[i] === "\\" ? 2 : 1;
      }
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      const literal = src.slice(i, j + 1);
      // Keep only strings that are module specifiers; blank every other string's contents.
      const isSpecifier = /(?:\bfrom|\bimport|\bimport\s*\()\s*$/.test(out);
      out += isSpecifier ? literal : c + " ".repeat(Math.max(0, literal.length - 2)) + c;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every module specifier a source imports or re-exports, type-only ones included. */
export function parseImports(src: string): string[] {
  const text = stripComments(src);
  const found: string[] = [];
  const staticRe = /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[^;'"]*?\s+from\s*)?["']([^"'\n]+)["']/gm;
  const dynamicRe = /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g;
  for (const m of text.matchAll(staticRe)) found.push(m[1]!);
  for (const m of text.matchAll(dynamicRe)) found.push(m[1]!);
  return found;
}

/** The layer of a repository-relative path ("src/sip/x.ts" → "sip", "src/main.ts" → "main"). */
export function layerOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "views" || parts[0] === "public") return parts[0];
  if (parts[0] !== "src") return "outside";
  if (parts.length === 2) return parts[1]!.replace(/\.(test\.)?tsx?$/, "");
  return parts[1]!;
}

/** The folder a file belongs to for the index rule: "src/sip/message", "src/web", "views". */
function unitOf(path: string): string {
  const parts = path.split("/");
  const top = parts[0] === "src" ? 2 : 1;
  if (parts[0] === "src" && NESTED.has(parts[1]!) && parts.length > 3) return parts.slice(0, 3).join("/");
  return parts.slice(0, Math.min(top, parts.length - 1)).join("/");
}

/** Tests and test helpers (`*.test.ts`, `test-*.ts`) may reach into folders directly. */
const isTest = (path: string) => /\.test\.tsx?$/.test(path) || /(^|\/)test-[\w-]+\.tsx?$/.test(path);

/** All rule violations of one file, as "file: imports 'x' — why". */
export function checkFile(path: string, src: string): string[] {
  const problems: string[] = [];
  const from = layerOf(path);
  for (const spec of parseImports(src)) {
    if (!spec.startsWith(".")) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(path), spec)).split("\\").join("/");
    const to = layerOf(target);
    if (to !== from && !(ALLOWED[from] ?? []).includes(to)) {
      problems.push(`${path}: imports "${spec}" — ${from} must not import ${to}`);
      continue;
    }
    if (isTest(path) || !CODE.test(target)) continue;
    const fromUnit = unitOf(path);
    const toUnit = unitOf(target);
    const entersSubfolder = toUnit !== fromUnit && !fromUnit.startsWith(`${toUnit}/`);
    if (entersSubfolder && target !== `${toUnit}/index.ts`) {
      problems.push(`${path}: imports "${spec}" — import ${toUnit}/index.ts instead of a file inside it`);
    }
  }
  return problems;
}

/** Repository and domain methods that change something (reads are get/list/find/count/search …). */
const WRITE = /^(add|create|update|remove|put|set|record|grant|revoke|replace|clear|change|delete|insert|upsert|purge|close|move|lift|complete|fail|unanswered|login|logout|save|load|transaction)/;

/**
 * "One door": the writes a web file makes itself instead of calling the domain's administration —
 * calls of write methods on `repos.<repo>`, on a repository taken out of `deps.repos` under another
 * name, `repos.transaction`, and the contact center's state-changing methods.
 */
export function repositoryWrites(path: string, src: string): string[] {
  const text = stripComments(src);
  const found: string[] = [];
  const flag = (what: string) => found.push(`${path}: ${what} — change the center through deps.admin (src/cc/admin), not from src/web`);
  for (const m of text.matchAll(/\brepos\??\.(\w+)(?:\??\.(\w+))?\s*\(/g)) {
    const [call, repo, method] = [m[0], m[1]!, m[2]];
    if (method ? WRITE.test(method) : WRITE.test(repo)) flag(call);
  }
  const aliases = new Set<string>();
  for (const m of text.matchAll(/(?:const|let|var)\s+(\w+)\s*=\s*[\w.]*repos\.(\w+)\s*;/g)) aliases.add(m[1]!);
  for (const m of text.matchAll(/(?:const|let|var)\s*\{([^}]*)\}\s*=\s*[\w.]*repos\b/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.split(":").pop()!.trim();
      if (name) aliases.add(name);
    }
  }
  for (const alias of aliases) {
    for (const m of text.matchAll(new RegExp(`(?<![.\\w])${alias}\\.(\\w+)\\s*\\(`, "g"))) if (WRITE.test(m[1]!)) flag(m[0]);
  }
  for (const m of text.matchAll(/\b(?:deps\.cc!?|ccOf\(deps\))\.(\w+)(?:\.(\w+))?\s*\(/g)) {
    if (WRITE.test(m[2] ?? m[1]!)) flag(m[0]);
  }
  return found;
}

describe("one door (ARCHITECTURE.md: web never writes a repository)", () => {
  it("MUST find no write to a repository or the contact center's state in src/web", () => {
    const files = listSources("src/web").filter((f) => !isTest(f) && !/\/testing\//.test(f));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => repositoryWrites(f, readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
  });

  it("reports direct writes, writes through a renamed repository, transactions and live state changes", () => {
    expect(repositoryWrites("w.ts", "deps.repos.agents.update(s, l, {});")).toHaveLength(1);
    expect(repositoryWrites("w.ts", "const { agents, services: svc } = deps.repos;\nsvc.remove(id);\nagents.get(s, l);")).toHaveLength(1);
    expect(repositoryWrites("w.ts", "const repo = deps.repos.consultationTypes;\nrepo.add(id, n);")).toHaveLength(1);
    expect(repositoryWrites("w.ts", "deps.repos.transaction(() => 1);")).toHaveLength(1);
    expect(repositoryWrites("w.ts", "ccOf(deps).callbackList.complete(s, 1, a); deps.cc!.setState(s, l, 'ready');")).toHaveLength(2);
    expect(repositoryWrites("w.ts", "deps.repos.agents.list(s); deps.repos.members.verifyPassword(l, p); ccOf(deps).stats(s);")).toEqual([]);
    expect(repositoryWrites("w.ts", "// deps.repos.agents.remove(s, l);")).toEqual([]);
    expect(repositoryWrites("w.ts", "const { queues } = deps.repos;\ndeps.admin.queues.create(a, s, q);")).toEqual([]);
  });
});

describe("architecture (ARCHITECTURE.md import rules)", () => {
  it("MUST keep every import of src/ and views/ within the allowed layers and through index.ts", () => {
    const files = [...listSources("src"), ...listSources("views")];
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((f) => checkFile(f, readFileSync(join(ROOT, f), "utf8")));
    expect(problems).toEqual([]);
  });

  it("finds static, type-only, re-export, side-effect and dynamic imports but not comments", () => {
    const src = [
      'import type { A } from "./a.ts";',
      "import {",
      "  b,",
      '} from "./b.ts";',
      'import "./c.ts";',
      'export * from "./d.ts";',
      'const e = await import("./e.ts");',
      '// import f from "./f.ts";',
      '/* import g from "./g.ts"; */',
      'import h from "./h.sql" with { type: "text" };',
    ].join("\n");
    expect(parseImports(src).sort()).toEqual(["./a.ts", "./b.ts", "./c.ts", "./d.ts", "./e.ts", "./h.sql"]);
  });

  it("reports wrong layers, config outside main/web, and bypassed index files", () => {
    expect(checkFile("src/store/x.ts", 'import type { B } from "../sip/registrar/index.ts";')).toHaveLength(1);
    expect(checkFile("src/cc/x.ts", 'import { y } from "../web/index.ts";')[0]).toContain("cc must not import web");
    expect(checkFile("src/cc/x.ts", 'import { c } from "../config.ts";')[0]).toContain("cc must not import config");
    expect(checkFile("src/web/x.ts", 'import { c } from "../config.ts";')).toEqual([]);
    expect(checkFile("src/sip/x.ts", 'import { m } from "../media/index.ts";')).toHaveLength(1);
    expect(checkFile("views/pages/p.tsx", 'import { s } from "../../src/store/index.ts";')).toHaveLength(1);
    expect(checkFile("src/web/x.ts", 'import { a } from "../store/agent-repo.ts";')[0]).toContain(
      "src/store/index.ts",
    );
    expect(checkFile("src/sip/registrar/r.ts", 'import type { E } from "../transport/endpoint.ts";')[0]).toContain(
      "src/sip/transport/index.ts",
    );
    expect(checkFile("src/sip/registrar/r.ts", 'import type { E } from "../transport/index.ts";')).toEqual([]);
    expect(checkFile("src/sip/registrar/r.ts", 'import { x } from "./location-store.ts";')).toEqual([]);
    expect(checkFile("src/sip/registrar/r.test.ts", 'import { x } from "../transport/endpoint.ts";')).toEqual([]);
    expect(checkFile("src/web/api/s.ts", 'import { d } from "../deps.ts";')).toEqual([]);
    expect(checkFile("src/web/x.ts", 'const s = "import(\\"../sip/index.ts\\")";')).toEqual([]);
  });
});
