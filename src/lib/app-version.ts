/**
 * Run at bundle time as a Bun macro (imported `with { type: "macro" }`): the version in
 * package.json, so the executable carries it without the file (X5 backup manifests).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dir, "../../package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}
