import type { Database, Statement } from "bun:sqlite";

/** Why a call record has no (whole) recording. */
export type RecordingNote = "over-budget" | "write-failed" | "deleted";

/** A recording old enough for its service's retention to remove. */
export interface ExpiredRecording {
  callId: string;
  path: string;
}

/**
 * Recordings governance (issue 11): each service's retention in days, and the note on a call record
 * whose recording was never made (over the disk budget), cut short (the disk refused the writes) or
 * removed by retention. Changes come through the one door (cc/admin).
 */
export class RecordingGovernanceRepo {
  private readonly getDays: Statement<{ days: number }, [string]>;
  private readonly listDays: Statement<{ service_id: string; days: number }, []>;
  private readonly setDays: Statement;
  private readonly clearDays: Statement;
  private readonly expiredStmt: Statement<{ call_id: string; recording_path: string }, [string, number, number]>;
  private readonly forgetStmt: Statement;
  private readonly noteStmt: Statement;
  private readonly noteOfStmt: Statement<{ note: RecordingNote }, [string]>;
  private readonly byPathStmt: Statement<{ call_id: string }, [string]>;

  constructor(db: Database) {
    this.getDays = db.prepare("SELECT days FROM recording_retention WHERE service_id = ?");
    this.listDays = db.prepare("SELECT service_id, days FROM recording_retention ORDER BY service_id");
    this.setDays = db.prepare("INSERT INTO recording_retention (service_id, days) VALUES (?, ?) ON CONFLICT (service_id) DO UPDATE SET days = excluded.days");
    this.clearDays = db.prepare("DELETE FROM recording_retention WHERE service_id = ?");
    this.expiredStmt = db.prepare(
      "SELECT call_id, recording_path FROM calls WHERE service_id = ? AND recording_path IS NOT NULL AND ended_at IS NOT NULL AND started_at < ? ORDER BY started_at LIMIT ?",
    );
    this.forgetStmt = db.prepare("UPDATE calls SET recording_path = NULL WHERE call_id = ?");
    // Only for a call record that exists (a note is never worth a failed call flow).
    this.noteStmt = db.prepare(
      "INSERT INTO recording_notes (call_id, note, at) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM calls WHERE call_id = ?1) ON CONFLICT (call_id) DO UPDATE SET note = excluded.note, at = excluded.at",
    );
    this.noteOfStmt = db.prepare("SELECT note FROM recording_notes WHERE call_id = ?");
    this.byPathStmt = db.prepare("SELECT call_id FROM calls WHERE recording_path = ?");
  }

  /** The service's retention in days; undefined keeps recordings for ever. */
  retention(serviceId: string): number | undefined {
    return this.getDays.get(serviceId)?.days;
  }

  retentions(): { serviceId: string; days: number }[] {
    return this.listDays.all().map((r) => ({ serviceId: r.service_id, days: r.days }));
  }

  setRetention(serviceId: string, days: number | undefined): void {
    if (days === undefined) this.clearDays.run(serviceId);
    else this.setDays.run(serviceId, days);
  }

  /** Closed calls of the service started before `before` that still have a recording (oldest first). */
  expired(serviceId: string, before: number, limit = 1000): ExpiredRecording[] {
    return this.expiredStmt.all(serviceId, before, limit).map((r) => ({ callId: r.call_id, path: r.recording_path }));
  }

  /** The call record keeps no recording path any more, with the note why. */
  forget(callId: string, note: RecordingNote, at: number): void {
    this.forgetStmt.run(callId);
    this.noteStmt.run(callId, note, at);
  }

  note(callId: string, note: RecordingNote, at: number): void {
    this.noteStmt.run(callId, note, at);
  }

  noteOf(callId: string): RecordingNote | undefined {
    return this.noteOfStmt.get(callId)?.note;
  }

  /** The call whose recording is at `path`. */
  callWithRecording(path: string): string | undefined {
    return this.byPathStmt.get(path)?.call_id;
  }
}
