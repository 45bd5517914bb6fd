import { readdirSync, readFileSync } from "node:fs";
import { dlopen, FFIType } from "bun:ffi";

/**
 * Threads of the runtime whose work can wait: JavaScriptCore's JIT compilers (DFG and FTL plans), Bun's JSC
 * warm-up, and mimalloc's scavenger (returns freed pages to the kernel). Not the collector's threads: the main
 * thread waits for them, so slowing them down would stall it.
 */
const DEFERRABLE = new Set(["JITWorker", "JSCWarmUp", "mi-scavenger"]);

const PRIO_PROCESS = 0;

type SetPriority = (which: number, who: number, prio: number) => number;

let setpriority: SetPriority | null | undefined;

/** `setpriority(PRIO_PROCESS, tid, nice)` through libc; false when it failed or there is no glibc. */
function setThreadNice(tid: number, nice: number): boolean {
  if (setpriority === undefined) {
    try {
      const lib = dlopen("libc.so.6", { setpriority: { args: [FFIType.i32, FFIType.u32, FFIType.i32], returns: FFIType.i32 } });
      setpriority = lib.symbols.setpriority as SetPriority;
    } catch {
      setpriority = null; // not glibc Linux: leave every thread as it is
    }
  }
  return setpriority !== null && setpriority(PRIO_PROCESS, tid, nice) === 0;
}

export interface BackgroundThreadsOptions {
  /** Where the process's threads are listed (tests pass a directory of their own). */
  taskDir?: string;
  /** Sets one thread's niceness (tests pass a fake). */
  setNice?: (tid: number, nice: number) => boolean;
}

/**
 * Gives the runtime's deferrable threads a higher niceness than the threads that answer SIP and relay media
 * (issue 12). With the appliance on one core, a JIT compile of the registration path took half the core for a
 * second or more at the same priority as the event loop: the loop fell ≈ 0.5 s behind, phones retransmitted, and
 * `npm run bench`'s REGISTER ramp failed at 4,000/s with the core only two thirds busy. A niced compiler still
 * gets the idle time, and a share of a busy core (≈ 10 % at nice 10). On Linux a niceness is per thread
 * (`setpriority(PRIO_PROCESS, tid)`); new threads inherit their creator's, so the scan runs again for threads
 * started later (JSC starts and ends its compiler threads as work comes).
 */
export class BackgroundThreads {
  /** Threads reniced so far (the others are looked at again: a new thread is named only after it starts). */
  private reniced = new Set<number>();

  private readonly taskDir: string;
  private readonly setNice: (tid: number, nice: number) => boolean;

  constructor(
    private readonly nice: number,
    options: BackgroundThreadsOptions = {},
  ) {
    this.taskDir = options.taskDir ?? "/proc/self/task";
    this.setNice = options.setNice ?? setThreadNice;
  }

  /** Renice the deferrable threads not reniced yet; returns how many were. */
  scan(): number {
    if (this.nice === 0) return 0;
    let tids: string[];
    try {
      tids = readdirSync(this.taskDir);
    } catch {
      return 0; // no procfs: nothing to find
    }
    const reniced = new Set<number>();
    let changed = 0;
    for (const entry of tids) {
      const tid = Number(entry);
      if (this.reniced.has(tid)) reniced.add(tid);
      else if (DEFERRABLE.has(threadName(this.taskDir, entry)) && this.setNice(tid, this.nice)) {
        reniced.add(tid);
        changed++;
      }
    }
    this.reniced = reniced; // thread ids are reused: forget the ones that ended
    return changed;
  }

  /** Scan now and every `everyMs` (unref'd: it never keeps the process alive). Returns the stop function. */
  start(everyMs = 1000): () => void {
    this.scan();
    const timer = setInterval(() => this.scan(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

function threadName(taskDir: string, tid: string): string {
  try {
    return readFileSync(`${taskDir}/${tid}/comm`, "utf8").trim();
  } catch {
    return ""; // the thread ended
  }
}

/** A thread's niceness as the kernel reports it (field 19 of its stat), or undefined. */
export function threadNice(tid: number, taskDir = "/proc/self/task"): number | undefined {
  try {
    const stat = readFileSync(`${taskDir}/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  } catch {
    return undefined;
  }
}
