import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Every regular file under `root`, as `/`-separated paths relative to it, sorted (X5 backup and
 * check). A missing folder has no files; entries that vanish while listed are skipped.
 */
export function walkFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) visit(path, relPath);
      else if (st.isFile()) out.push(relPath);
    }
  };
  visit(root, "");
  return out;
}

/** "12.3 MB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
