import type { Database, Statement } from "bun:sqlite";

/** A call record's recording as stored: the WAV's path and whether the call has closed (M5, X5). */
export interface RecordingRef {
  callId: string;
  path: string;
  /** The call record is still open (the appliance runs, or a crash left it open until the next start). */
  open: boolean;
  result: string | null;
}

/**
 * The recording paths of call records, for the command line's `check` (is every file there?) and
 * `restore` (the paths move with the data directory). The rest of a call record lives in CallRepo.
 */
export class RecordingPathRepo {
  private readonly listStmt: Statement<{ call_id: string; recording_path: string; ended_at: number | null; result: string | null }, []>;
  private readonly moveStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare("SELECT call_id, recording_path, ended_at, result FROM calls WHERE recording_path IS NOT NULL ORDER BY started_at, call_id");
    this.moveStmt = db.prepare("UPDATE calls SET recording_path = ? WHERE call_id = ?");
  }

  list(): RecordingRef[] {
    return this.listStmt.all().map((r) => ({ callId: r.call_id, path: r.recording_path, open: r.ended_at === null, result: r.result }));
  }

  /** Point a call record at its recording's new place. */
  move(callId: string, path: string): void {
    this.moveStmt.run(path, callId);
  }
}
