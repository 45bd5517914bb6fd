import { afterEach, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../lib/index.ts";
import { RecordingsUsage } from "./recordings-usage.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "cc-rec-usage-"));
  dirs.push(dir);
  return dir;
}

function file(dir: string, rel: string, bytes: number): string {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, new Uint8Array(bytes));
  return path;
}

/** Wait (bounded) for the asynchronous walk or stat to land. */
async function settle(u: RecordingsUsage, expected: number): Promise<number> {
  for (let i = 0; i < 100 && u.bytes !== expected; i++) await Bun.sleep(5);
  return u.bytes;
}

describe("recordings' disk use (X6)", () => {
  it("X6: MUST measure the recordings folder with its year and month folders", async () => {
    const dir = folder();
    file(dir, "2026/03/c1.wav", 1000);
    file(dir, "2026/04/c2.wav", 500);
    expect(await new RecordingsUsage(dir, new FakeClock()).rescan()).toBe(1500);
  });

  it("X6: MUST count a missing recordings folder as 0 bytes", async () => {
    expect(await new RecordingsUsage(join(folder(), "none"), new FakeClock()).rescan()).toBe(0);
  });

  it("X6: MUST grow the total when a recording finishes and walk again only every few minutes", async () => {
    const dir = folder();
    const clock = new FakeClock();
    const u = new RecordingsUsage(dir, clock, undefined, 300_000);
    file(dir, "2026/03/c1.wav", 1000);
    u.tick();
    expect(await settle(u, 1000)).toBe(1000);
    u.add(file(dir, "2026/03/c2.wav", 200));
    expect(await settle(u, 1200)).toBe(1200);
    file(dir, "2026/03/c3.wav", 50); // written behind its back: seen at the next walk only
    clock.advance(299_000);
    u.tick();
    await Bun.sleep(20);
    expect(u.bytes).toBe(1200);
    clock.advance(1000);
    u.tick();
    expect(await settle(u, 1250)).toBe(1250);
  });
});
