import { afterEach, describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataDirLockedError, isDataDirLocked, LOCK_FILE, lockDataDir } from "./data-dir-lock.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "cc-lock-test-"));
  dirs.push(d);
  return d;
};

describe("data directory lock (X5)", () => {
  it("X5: MUST hold one lock per data directory, seen by others until released", () => {
    const dir = temp();
    expect(isDataDirLocked(dir)).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false); // looking does not create it
    const lock = lockDataDir(dir);
    expect(isDataDirLocked(dir)).toBe(true);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    lock.release();
    expect(isDataDirLocked(dir)).toBe(false);
    lockDataDir(dir).release();
  });

  it("X5: the lock MUST go with its process, however it ends (SIGKILL included)", async () => {
    const dir = temp();
    const script = `import { lockDataDir } from ${JSON.stringify(join(import.meta.dir, "data-dir-lock.ts"))};
      const lock = lockDataDir(${JSON.stringify(dir)}); console.log("locked"); setInterval(() => lock, 1000);`;
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
    const reader = child.stdout.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("locked");
    expect(isDataDirLocked(dir)).toBe(true);
    child.kill("SIGKILL");
    await child.exited;
    expect(isDataDirLocked(dir)).toBe(false);
  });
});
