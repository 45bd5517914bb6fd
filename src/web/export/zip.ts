import { zipSync } from "fflate";

/** Pack files (name → bytes) into one zip; MP3s are already compressed, so entries are stored. */
export function zipFiles(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, bytes] of Object.entries(files)) entries[name] = [bytes, { level: 0 }];
  return zipSync(entries);
}
