import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let root: string | undefined;
let count = 0;

/**
 * A fresh folder for a test, under one temporary folder per test process that the test preload removes after the
 * run (`removeTestTempDirs`): tests leave no trace, even those that never close what they opened (a web app's data
 * folder, a recordings folder).
 */
export function testTempDir(prefix = "t"): string {
  root ??= mkdtempSync(join(tmpdir(), "cc-tests-"));
  const dir = join(root, `${prefix}-${++count}`);
  mkdirSync(dir);
  return dir;
}

/** Remove every folder `testTempDir` gave out (after the last test of the process). */
export function removeTestTempDirs(): void {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
}
