import { describe, expect, it } from "bun:test";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BackgroundThreads, threadNice } from "./background-threads.ts";

const linux = process.platform === "linux";

/** Hot code until JavaScriptCore has compiler threads running (its JITWorker threads start with the first DFG plan). */
function warmUntilJitThreads(): number[] {
  const jit = () => readdirSync("/proc/self/task").filter((t) => readFileSync(`/proc/self/task/${t}/comm`, "utf8").trim() === "JITWorker");
  const work = (n: number) => {
    let x = 0;
    for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
    return x;
  };
  for (let round = 0; round < 200 && jit().length === 0; round++) for (let k = 0; k < 200; k++) work(1000 + k);
  return jit().map(Number);
}

describe("background threads (issue 12)", () => {
  it.if(linux)("renices the JIT compiler threads and leaves the main thread alone", () => {
    const jit = warmUntilJitThreads();
    expect(jit.length).toBeGreaterThan(0);
    const before = threadNice(process.pid);
    new BackgroundThreads(7).scan();
    for (const tid of jit) expect(threadNice(tid)).toBe(7);
    expect(threadNice(process.pid)).toBe(before);
  });

  it("renices each compiler thread once, a new one when it appears, and nothing with niceness 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-tasks-"));
    const thread = (tid: number, name: string) => {
      mkdirSync(join(dir, String(tid)));
      writeFileSync(join(dir, String(tid), "comm"), `${name}\n`);
    };
    try {
      thread(100, "bun");
      thread(101, "JITWorker");
      thread(102, "Heap Helper Thread");
      thread(103, "Worker");
      const calls: [number, number][] = [];
      const threads = new BackgroundThreads(5, { taskDir: dir, setNice: (tid, nice) => (calls.push([tid, nice]), true) });
      expect(threads.scan()).toBe(1);
      expect(threads.scan()).toBe(0);
      thread(104, "mi-scavenger");
      expect(threads.scan()).toBe(1);
      rmSync(join(dir, "101"), { recursive: true }); // ended; its id is reused by a new compiler thread
      expect(threads.scan()).toBe(0);
      thread(101, "JITWorker");
      expect(threads.scan()).toBe(1);
      expect(calls).toEqual([[101, 5], [104, 5], [101, 5]]);
      expect(new BackgroundThreads(0, { taskDir: dir, setNice: () => true }).scan()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds nothing to do without a task directory", () => {
    expect(new BackgroundThreads(10, { taskDir: "/nonexistent/task" }).scan()).toBe(0);
  });
});
