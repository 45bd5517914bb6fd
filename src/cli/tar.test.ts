import { afterEach, describe, expect, it } from "bun:test";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArchiveError, parseTarHeader, readTar, tarHeader, TarWriter } from "./tar.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function writeArchive(entries: [string, Uint8Array][], chunk = 1000): string {
  const dir = mkdtempSync(join(tmpdir(), "cc-tar-test-"));
  dirs.push(dir);
  const path = join(dir, "a.tar");
  const fd = openSync(path, "w");
  const tar = new TarWriter(fd);
  for (const [name, bytes] of entries) {
    tar.begin({ path: name, size: bytes.length, mode: 0o640, mtime: 1_700_000_000 });
    for (let at = 0; at < bytes.length; at += chunk) tar.write(bytes.subarray(at, at + chunk));
    tar.end();
  }
  tar.finish();
  closeSync(fd);
  expect(tar.bytes).toBe(readFileSync(path).length);
  return path;
}

function readArchive(path: string, chunk?: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const fd = openSync(path, "r");
  try {
    readTar(
      fd,
      (h) => {
        const parts: Uint8Array[] = [];
        return { write: (c) => void parts.push(c.slice()), end: () => void out.set(h.path, Buffer.concat(parts)) };
      },
      chunk,
    );
  } finally {
    closeSync(fd);
  }
  return out;
}

describe("tar archive (X5 backup format)", () => {
  const big = crypto.getRandomValues(new Uint8Array(70_000));
  const long = `recordings/${"y".repeat(80)}/${"m".repeat(40)}/${"c".repeat(90)}.wav`;
  const entries: [string, Uint8Array][] = [
    ["contact-center.db", big],
    ["empty", new Uint8Array(0)],
    [long, new TextEncoder().encode("long path")],
    ["manifest.json", new TextEncoder().encode("{}")],
  ];

  it("X5: MUST stream entries out and back in unchanged, whatever the chunk sizes, long paths included", () => {
    const path = writeArchive(entries, 777);
    for (const chunk of [512, 4096, 1 << 20]) {
      const got = readArchive(path, chunk);
      expect([...got.keys()]).toEqual(entries.map(([n]) => n));
      for (const [name, bytes] of entries) expect(Buffer.compare(got.get(name)!, bytes), name).toBe(0);
    }
  });

  it("X5: MUST be readable by the standard tar tool", () => {
    const path = writeArchive(entries);
    const list = Bun.spawnSync(["tar", "-tvf", path]);
    expect(list.exitCode, list.stderr.toString()).toBe(0);
    const names = list.stdout.toString().trim().split("\n").map((l) => l.split(/\s+/).at(-1));
    expect(names).toEqual(entries.map(([n]) => n));
    expect(list.stdout.toString()).toContain("-rw-r-----");
    const out = Bun.spawnSync(["tar", "-xOf", path, "contact-center.db"]).stdout;
    expect(Buffer.compare(out, big)).toBe(0);
  });

  it("X5: MUST carry sizes beyond the 8 GiB octal field (GNU base-256)", () => {
    const size = 10 * 1024 ** 3 + 3;
    const h = parseTarHeader(tarHeader({ path: "recordings/huge.wav", size, mode: 0o600, mtime: 1 }), 0);
    expect(h).toEqual({ path: "recordings/huge.wav", size, mode: 0o600, mtime: 1, type: "file" });
  });

  it("X5: MUST refuse a header whose checksum is wrong, and an archive cut short, with an ArchiveError", () => {
    const path = writeArchive(entries);
    const bytes = readFileSync(path);
    const bad = Uint8Array.from(bytes);
    bad[0] = 0x5a;
    writeFileSync(path, bad);
    expect(() => readArchive(path)).toThrow(new ArchiveError("not a tar archive (no valid header at byte 0)"));
    writeFileSync(path, bytes.subarray(0, 40_000));
    expect(() => readArchive(path)).toThrow(/^the archive is truncated \(contact-center\.db cut short at byte 40000\)$/);
    writeFileSync(path, bytes.subarray(0, bytes.length - 1024));
    expect(() => readArchive(path)).toThrow(/^the archive is truncated \(no end-of-archive marker/);
  });
});
