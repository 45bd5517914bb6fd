import { afterEach, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebDeps } from "../deps.ts";
import { recordingFile } from "./recording.ts";

const cwd = process.cwd();
let dir = "";
afterEach(() => {
  process.chdir(cwd);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("where a recording is served from (M5)", () => {
  it("M5: MUST find a recording written under a relative data directory (the default ./data), and nothing outside the recordings", () => {
    dir = mkdtempSync(join(tmpdir(), "cc-rec-path-"));
    process.chdir(dir);
    mkdirSync("data/recordings/2026/03", { recursive: true });
    writeFileSync("data/recordings/2026/03/c1.wav", "RIFF");
    writeFileSync("data/secret.txt", "no");
    const deps = { recordingsDir: "data/recordings" } as WebDeps;
    expect(recordingFile(deps, { recordingPath: "data/recordings/2026/03/c1.wav" })).toBe(join(dir, "data/recordings/2026/03/c1.wav"));
    expect(recordingFile(deps, { recordingPath: join(dir, "data/recordings/2026/03/c1.wav") })).toBeDefined();
    expect(recordingFile(deps, { recordingPath: "data/secret.txt" })).toBeUndefined();
    expect(recordingFile(deps, { recordingPath: "data/recordings/../secret.txt" })).toBeUndefined();
  });
});
