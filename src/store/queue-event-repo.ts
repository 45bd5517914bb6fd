import type { Database, Statement } from "bun:sqlite";

/** What happened to a caller in a queue (C5–C8), and to a connected call (hold, resume, transfer: C10). */
export type QueueEventKind =
  | "enter" | "offer" | "no-answer" | "answer" | "abandon" | "callback" | "delay" | "failed"
  | "hold" | "resume" | "transfer";

/** One entry of the queue event log. */
export interface QueueEvent {
  serviceId: string;
  queueId: string;
  callId: string;
  at: number;
  event: QueueEventKind;
  agent: string | null;
  detail: string | null;
}

/** Append-only log of queue events, for statistics per agent (offers) and the call detail view. */
export class QueueEventRepo {
  private readonly addStmt: Statement;
  private readonly rangeStmt: Statement<QueueEvent, [string, number, number]>;
  private readonly callStmt: Statement<QueueEvent, [string]>;

  constructor(db: Database) {
    const cols = `service_id AS serviceId, queue_id AS queueId, call_id AS callId, at, event, agent_login AS agent, detail`;
    this.addStmt = db.prepare(
      `INSERT INTO queue_events (service_id, queue_id, call_id, at, event, agent_login, detail)
       VALUES ($serviceId, $queueId, $callId, $at, $event, $agent, $detail)`,
    );
    this.rangeStmt = db.prepare(
      `SELECT ${cols} FROM queue_events WHERE service_id = ? AND at >= ? AND at < ? ORDER BY at, id`,
    );
    this.callStmt = db.prepare(`SELECT ${cols} FROM queue_events WHERE call_id = ? ORDER BY at, id`);
  }

  add(e: QueueEvent): void {
    this.addStmt.run({ ...e });
  }

  /** Events of a service in [from, to) (ms). */
  list(serviceId: string, from: number, to: number): QueueEvent[] {
    return this.rangeStmt.all(serviceId, from, to);
  }

  forCall(callId: string): QueueEvent[] {
    return this.callStmt.all(callId);
  }
}
