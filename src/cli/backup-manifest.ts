import { z } from "zod";
import { DATABASE_FILE } from "../store/index.ts";

/**
 * What a backup archive holds (X5): the data directory's database snapshot, recordings, service
 * prompts, TLS certificate and first-run credentials, and last a `manifest.json` naming every one of
 * them with its size and SHA-256, the versions that made it and when.
 */

export const BACKUP_FORMAT = "contact-center-backup";
/** Raised when the archive's layout changes; a newer one is refused by older programs. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = "manifest.json";

/** Single files of the data directory that a backup carries, besides the database. */
export const BACKUP_FILES = ["initial-credentials.json"] as const;
/** Folders of the data directory that a backup carries whole. */
export const BACKUP_FOLDERS = ["tls", "prompts", "recordings"] as const;

export const manifestFileSchema = z.object({
  path: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  /** The database's `PRAGMA user_version` in the snapshot. */
  schemaVersion: z.number().int().min(0),
  /** package.json's version of the program that made the backup. */
  appVersion: z.string(),
  createdAt: z.string(),
  /** The data directory it was made from (recording paths in the database name it). */
  dataDir: z.string(),
  files: z.array(manifestFileSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Whether an archive path may be restored into a data directory: the database, a carried file, or
 * a file inside a carried folder; relative, with no `.`/`..`/empty segments and no backslashes.
 */
export function isBackupPath(path: string): boolean {
  if (path === DATABASE_FILE || (BACKUP_FILES as readonly string[]).includes(path)) return true;
  const parts = path.split("/");
  if (parts.length < 2 || path.includes("\\") || path.includes("\0")) return false;
  if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
  return (BACKUP_FOLDERS as readonly string[]).includes(parts[0]!);
}

/** Parse the manifest's bytes; a string says what is wrong with them. */
export function parseManifest(bytes: Uint8Array): Manifest | string {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return "manifest.json is not JSON";
  }
  if ((json as { format?: unknown })?.format !== BACKUP_FORMAT) return "manifest.json is not a contact-center backup manifest";
  const r = manifestSchema.safeParse(json);
  if (!r.success) return `manifest.json is malformed (${r.error.issues[0]?.path.join(".") || "?"})`;
  return r.data;
}

/**
 * The recording inside `known` (paths relative to the recordings folder) that a call record's stored
 * path names: the longest tail of the stored path that is one of them. Stored paths may be absolute
 * or relative to where the appliance ran; the tail below the recordings folder is what stays.
 */
export function matchRecording(storedPath: string, known: ReadonlySet<string>): string | undefined {
  const parts = storedPath.split(/[\\/]/).filter((p) => p !== "");
  for (let k = parts.length; k >= 1; k--) {
    const tail = parts.slice(-k).join("/");
    if (known.has(tail)) return tail;
  }
  return undefined;
}
