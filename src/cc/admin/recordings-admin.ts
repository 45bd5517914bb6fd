import { existsSync, rmSync } from "node:fs";
import { z } from "zod";
import type { RecordingNote } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput } from "./rule-error.ts";

/** A service's recording retention: whole days from 1 to 10 years, or null to keep them for ever. */
export const retentionSchema = z.object({ days: z.number().int("format").min(1, "format").max(3650, "format").nullable() });

/** Where the recordings stand against the disk budget (X6, issue 11). */
export interface RecordingsBudgetStatus {
  usedBytes: number;
  /** 0: no budget. */
  budgetBytes: number;
  /** No new recording starts (calls still connect, their records say "over-budget"). */
  over: boolean;
  /** 90 % of the budget used: the dashboard warns. */
  warn: boolean;
}

/** Share of the budget at which the pages warn. */
export const BUDGET_WARN_SHARE = 0.9;
/** How many recordings one retention pass removes per service (the next day takes the rest). */
const RETENTION_BATCH = 5000;

/**
 * Recordings governance (issue 11, M5, X5): each service's retention, applied by a daily job that
 * removes older recordings (one audit entry per service and pass); a disk budget that stops new
 * recordings before the disk fills; notes on call records whose recording is missing, and why.
 */
export class RecordingsAdmin {
  private usage?: { budgetBytes: number; used(): number };

  constructor(private readonly ctx: AdminContext) {}

  /** The disk budget and the measure of the recordings folder (main.ts wires RecordingsUsage in). */
  attachBudget(usage: { budgetBytes: number; used(): number }): void {
    this.usage = usage;
  }

  budget(): RecordingsBudgetStatus {
    const usedBytes = this.usage?.used() ?? 0;
    const budgetBytes = this.usage?.budgetBytes ?? 0;
    return { usedBytes, budgetBytes, over: budgetBytes > 0 && usedBytes >= budgetBytes, warn: budgetBytes > 0 && usedBytes >= budgetBytes * BUDGET_WARN_SHARE };
  }

  /** May a new call be recorded? Not when the budget is spent: the call goes on, its record says why. */
  mayRecord(callId: string): boolean {
    if (!this.budget().over) return true;
    this.note(callId, "over-budget");
    this.ctx.log.warn({ callId, ...this.budget() }, "recording skipped: the recordings' disk budget is spent");
    return false;
  }

  /**
   * The disk refused a recording's writes (full, read-only): the call record says so; the call goes
   * on. A file never created leaves the record without a path (so `check` finds nothing missing);
   * a file cut short keeps what was written.
   */
  writeFailed(path: string): void {
    const repo = this.ctx.repos.recordingGovernance;
    const callId = repo.callWithRecording(path);
    if (callId && existsSync(path)) this.note(callId, "write-failed");
    else if (callId) repo.forget(callId, "write-failed", this.ctx.clock.now());
    this.ctx.log.error({ path, callId }, "recording cut short: the disk refused the writes");
  }

  /** Why the call's recording is missing, when it is. */
  noteOf(callId: string): RecordingNote | undefined {
    return this.ctx.repos.recordingGovernance.noteOf(callId);
  }

  retention(serviceId: string): number | undefined {
    return this.ctx.repos.recordingGovernance.retention(serviceId);
  }

  /** Set (or clear with null) how many days the service keeps its recordings. */
  setRetention(actor: Actor, serviceId: string, input: unknown): void {
    serviceOf(this.ctx, serviceId);
    const { days } = parseInput(retentionSchema, input);
    const repo = this.ctx.repos.recordingGovernance;
    this.ctx.changes.commit(actor, () => {
      const before = repo.retention(serviceId) ?? null;
      repo.setRetention(serviceId, days ?? undefined);
      return { serviceId, action: "recording-retention", target: `services/${serviceId}/recordings`, before: { days: before }, after: { days }, result: undefined };
    });
  }

  /**
   * The daily pass: for every service with a retention, remove the recordings of closed calls that
   * started more than that many days ago, and note it on their records. Returns what was removed.
   */
  applyRetention(actor: Actor): { serviceId: string; removed: number }[] {
    const repo = this.ctx.repos.recordingGovernance;
    const now = this.ctx.clock.now();
    const out: { serviceId: string; removed: number }[] = [];
    for (const { serviceId, days } of repo.retentions()) {
      const expired = repo.expired(serviceId, now - days * 86_400_000, RETENTION_BATCH);
      if (!expired.length) continue;
      const removed = this.ctx.changes.commit(actor, () => {
        for (const r of expired) {
          // A file already gone (removed by hand) still gets its record updated.
          rmSync(r.path, { force: true });
          repo.forget(r.callId, "deleted", now);
        }
        return { serviceId, action: "recording-retention-applied", target: `services/${serviceId}/recordings`, after: { days, removed: expired.length, oldest: expired[0]!.callId }, result: expired.length };
      });
      out.push({ serviceId, removed });
    }
    return out;
  }

  private note(callId: string, note: RecordingNote): void {
    this.ctx.repos.recordingGovernance.note(callId, note, this.ctx.clock.now());
  }
}
