/**
 * Names JavaScriptCore's JIT code in `perf report` (issue 12's profiles). Run the server under perf with
 * `BUN_JSC_useJITDump=1`: JSC then writes a jitdump file, `$TMPDIR/jit-<tid>-<pid>-<random>`, but not under the
 * `jit-<pid>.dump` name `perf inject --jit` looks for, so perf shows every JIT frame as `[JIT] tid N`. This turns
 * the dump into `/tmp/perf-<pid>.map`, which `perf report` reads by itself:
 *
 *   bun bench/jitdump-to-perf-map.ts /tmp/jit-*-<pid>-* <pid>
 *
 * Code the JIT replaced later at the same address keeps the later name (the map has no times).
 * Format: the jitdump specification in the Linux sources, tools/perf/Documentation/jitdump-specification.txt.
 */
import { readFileSync, writeFileSync } from "node:fs";

const [path, pid] = process.argv.slice(2);
if (!path || !pid) {
  console.error("usage: bun bench/jitdump-to-perf-map.ts JITDUMP PID");
  process.exit(2);
}
const bytes = readFileSync(path);
const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const JIT_CODE_LOAD = 0;
const loads: { addr: bigint; size: bigint; name: string }[] = [];
// File header: magic, version, total_size (u32 at 8), …; then records of id (u32), total_size (u32), timestamp (u64).
for (let at = view.getUint32(8, true); at + 16 <= bytes.length; ) {
  const id = view.getUint32(at, true);
  const size = view.getUint32(at + 4, true);
  if (size === 0) break;
  if (id === JIT_CODE_LOAD) {
    // pid, tid (u32 each), vma, code_addr, code_size, code_index (u64 each), then the name, NUL-terminated.
    const nameAt = at + 16 + 40;
    const end = bytes.indexOf(0, nameAt);
    loads.push({ addr: view.getBigUint64(at + 24 + 8, true), size: view.getBigUint64(at + 24 + 16, true), name: bytes.subarray(nameAt, end).toString("utf8") });
  }
  at += size;
}
const kept: typeof loads = [];
for (const l of loads.reverse()) {
  if (!kept.some((k) => l.addr < k.addr + k.size && k.addr < l.addr + l.size)) kept.push(l);
}
kept.sort((a, b) => (a.addr < b.addr ? -1 : 1));
writeFileSync(`/tmp/perf-${pid}.map`, kept.map((k) => `${k.addr.toString(16)} ${k.size.toString(16)} ${k.name}\n`).join(""));
console.log(`/tmp/perf-${pid}.map: ${kept.length} of ${loads.length} code loads`);
