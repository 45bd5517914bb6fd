import { codeTime, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import type { Repos, TrailRow } from "../../store/index.ts";
import type { TrailEntry, TrailStep, TrailSteps } from "./trail-steps.ts";

/** Steps are written at most this often (ms): one transaction per batch, never one per step. */
export const TRAIL_FLUSH_MS = 500;

/**
 * Writes calls' decision trails (issue 17 point 3). Steps are kept in memory and written in one
 * transaction every {@link TRAIL_FLUSH_MS} (and at shutdown), so the trail costs the call path a
 * push into an array; reads merge what is not yet written. A failing write is logged, never thrown
 * into a call.
 */
export class TrailRecorder {
  private pending: TrailRow[] = [];
  private readonly seqs = new Map<string, number>();
  private timer?: TimerHandle;

  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Add a step to a call's trail. `agent` names the agent an offer step is about. */
  step<S extends TrailStep>(callId: string, serviceId: string, step: S, detail: TrailSteps[S], agent?: string): void {
    codeTime.trail.enter();
    try {
      // A call's first step here is its end only when the call began before a restart: go on after its written steps.
      const seq = this.seqs.get(callId) ?? (step === "end" ? this.nextSeq(callId) : 0);
      this.seqs.set(callId, seq + 1);
      this.pending.push({ callId, seq, at: this.clock.now(), step, serviceId, agent: agent ?? null, detail });
      if (step === "end") this.seqs.delete(callId);
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, TRAIL_FLUSH_MS);
    } finally {
      codeTime.trail.leave();
    }
  }

  private nextSeq(callId: string): number {
    return Math.max(-1, ...this.forCall(callId).map((e) => e.seq)) + 1;
  }

  /** Write every pending step now (one transaction). */
  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    if (!rows.length) return;
    this.pending = [];
    codeTime.trail.enterCpu(); // CPU time: the commit may checkpoint the WAL and wait for the disk
    try {
      this.repos.trail.append(rows);
    } catch (e) {
      this.log.warn({ rows: rows.length, err: String(e) }, "could not write call trails");
    } finally {
      codeTime.trail.leaveCpu();
    }
  }

  /** A call's trail: what is written and what is still pending, in order. */
  forCall(callId: string): TrailEntry[] {
    const rows = [...this.repos.trail.forCall(callId), ...this.pending.filter((r) => r.callId === callId)];
    return rows.map((r) => ({ seq: r.seq, at: r.at, step: r.step as TrailStep, detail: r.detail as TrailSteps[TrailStep] }));
  }

  /** Steps about one agent since `from`, newest first (the console's missed offers). */
  forAgent(serviceId: string, agent: string, from: number, limit = 50): (TrailEntry & { callId: string })[] {
    const pending = this.pending.filter((r) => r.serviceId === serviceId && r.agent === agent && r.at >= from).reverse();
    return [...pending, ...this.repos.trail.forAgent(serviceId, agent, from, limit)]
      .slice(0, limit)
      .map((r) => ({ callId: r.callId, seq: r.seq, at: r.at, step: r.step as TrailStep, detail: r.detail as TrailSteps[TrailStep] }));
  }
}
