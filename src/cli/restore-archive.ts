import { createHash } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, utimesSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { DATABASE_FILE, SCHEMA_VERSION } from "../store/index.ts";
import { BACKUP_FORMAT_VERSION, isBackupPath, MANIFEST_NAME, parseManifest, type Manifest } from "./backup-manifest.ts";
import { ArchiveError, readTar, type TarSink } from "./tar.ts";

/** The manifest's own size limit (a million recordings fit well within it). */
const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/** What an archive held, unpacked and verified. */
export interface UnpackedBackup {
  manifest: Manifest;
  /** Bytes of the files restored. */
  bytes: number;
}

interface Found {
  size: number;
  sha256: string;
}

/** A sink writing one entry to `path` while hashing it. */
function fileSink(path: string, mode: number, mtime: number, done: (f: Found) => void): TarSink {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "wx", 0o600);
  const hash = createHash("sha256");
  let size = 0;
  return {
    write(chunk) {
      hash.update(chunk);
      let at = 0;
      while (at < chunk.length) at += writeSync(fd, chunk, at, chunk.length - at);
      size += chunk.length;
    },
    end() {
      closeSync(fd);
      chmodSync(path, mode & 0o777);
      if (mtime > 0) utimesSync(path, mtime, mtime);
      done({ size, sha256: hash.digest("hex") });
    },
  };
}

/**
 * Unpack a backup archive into `staging` (an empty folder on the data directory's file system) and
 * verify it (X5): only data-directory paths, each once, a manifest that names exactly the files found
 * with their sizes and SHA-256, a format and a database schema this program knows. Throws ArchiveError
 * (one clear line) on anything else; the caller then removes `staging` and nothing else has changed.
 */
export function unpackBackup(archive: string, staging: string): UnpackedBackup {
  let fd: number;
  try {
    fd = openSync(archive, "r");
  } catch (e) {
    throw new ArchiveError(`cannot read ${archive}: ${(e as { code?: string }).code === "ENOENT" ? "no such file" : String((e as Error).message)}`);
  }
  const found = new Map<string, Found>();
  let manifestBytes: Uint8Array | undefined;
  try {
    readTar(fd, (h) => {
      if (h.type === "directory") return undefined;
      if (h.path === MANIFEST_NAME && h.type === "file") {
        if (manifestBytes) throw new ArchiveError("not a contact-center backup: two manifests");
        if (h.size > MAX_MANIFEST_BYTES) throw new ArchiveError("not a contact-center backup: manifest.json is too large");
        const parts: Uint8Array[] = [];
        return {
          write: (c) => void parts.push(c.slice()),
          end: () => void (manifestBytes = Buffer.concat(parts)),
        };
      }
      if (h.type !== "file" || !isBackupPath(h.path)) throw new ArchiveError(`not a contact-center backup: unexpected entry ${JSON.stringify(h.path.slice(0, 200))}`);
      if (found.has(h.path)) throw new ArchiveError(`not a contact-center backup: ${h.path} appears twice`);
      found.set(h.path, { size: -1, sha256: "" });
      return fileSink(join(staging, h.path), h.mode, h.mtime, (f) => found.set(h.path, f));
    });
  } finally {
    closeSync(fd);
  }
  if (!manifestBytes) throw new ArchiveError(found.size ? "the archive is incomplete (no manifest.json at its end)" : "not a contact-center backup (no manifest.json)");
  const manifest = parseManifest(manifestBytes);
  if (typeof manifest === "string") throw new ArchiveError(`not a contact-center backup: ${manifest}`);
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new ArchiveError(`this backup was made by a newer version (${manifest.appVersion}, backup format ${manifest.formatVersion}); restore it with that version or a newer one`);
  }
  let bytes = 0;
  const listed = new Set<string>();
  for (const f of manifest.files) {
    const got = found.get(f.path);
    if (!got) throw new ArchiveError(`the archive is incomplete: ${f.path} is missing`);
    if (got.size !== f.size || got.sha256 !== f.sha256) throw new ArchiveError(`the archive is damaged: ${f.path} does not match its checksum`);
    listed.add(f.path);
    bytes += f.size;
  }
  for (const path of found.keys()) if (!listed.has(path)) throw new ArchiveError(`the archive is damaged: ${path} is not in the manifest`);
  if (!found.has(DATABASE_FILE)) throw new ArchiveError(`not a contact-center backup: no ${DATABASE_FILE}`);
  if (manifest.schemaVersion > SCHEMA_VERSION) {
    throw new ArchiveError(
      `this backup was made by a newer version (${manifest.appVersion}, database schema ${manifest.schemaVersion}; this program supports up to ${SCHEMA_VERSION}); restore it with that version or a newer one`,
    );
  }
  return { manifest, bytes };
}
