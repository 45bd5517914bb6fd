import type { Database, Statement } from "bun:sqlite";

/** pending: recorded by a door, not yet picked up by the appliance; running: capturing; ended. */
export type TraceState = "pending" | "running" | "ended";

/** A SIP message trace (X6) of one number or extension for some minutes. */
export interface SipTrace {
  traceId: string;
  /** The service owning the traced number or extension. */
  serviceId: string;
  filter: string;
  minutes: number;
  state: TraceState;
  /** Who asked for it (login id, "(command line)"). */
  createdBy: string;
  createdAt: number;
  startedAt?: number;
  /** When capturing stops (set again from `startedAt` when the appliance starts it). */
  endsAt: number;
  endedAt?: number;
  /** "time", "stopped", "size", "interrupted", "error". */
  endReason?: string;
  messages: number;
  /** Size of the pcap file. */
  bytes: number;
}

interface Row {
  trace_id: string;
  service_id: string;
  filter: string;
  minutes: number;
  state: TraceState;
  created_by: string;
  created_at: number;
  started_at: number | null;
  ends_at: number;
  ended_at: number | null;
  end_reason: string | null;
  messages: number;
  bytes: number;
}

const toTrace = (r: Row): SipTrace => ({
  traceId: r.trace_id,
  serviceId: r.service_id,
  filter: r.filter,
  minutes: r.minutes,
  state: r.state,
  createdBy: r.created_by,
  createdAt: r.created_at,
  startedAt: r.started_at ?? undefined,
  endsAt: r.ends_at,
  endedAt: r.ended_at ?? undefined,
  endReason: r.end_reason ?? undefined,
  messages: r.messages,
  bytes: r.bytes,
});

const COLS = "trace_id, service_id, filter, minutes, state, created_by, created_at, started_at, ends_at, ended_at, end_reason, messages, bytes";

/** SIP traces (X6): requests from any process, progress written by the running appliance. */
export class TraceRepo {
  private readonly getStmt: Statement<Row, [string]>;
  private readonly openStmt: Statement<Row, []>;
  private readonly listStmt: Statement<Row, [number]>;
  private readonly serviceStmt: Statement<Row, [string, number]>;
  private readonly insertStmt: Statement;
  private readonly runStmt: Statement;
  private readonly endStmt: Statement;
  private readonly progressStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare(`SELECT ${COLS} FROM sip_traces WHERE trace_id = ?`);
    this.openStmt = db.prepare(`SELECT ${COLS} FROM sip_traces WHERE state <> 'ended' ORDER BY created_at`);
    this.listStmt = db.prepare(`SELECT ${COLS} FROM sip_traces ORDER BY created_at DESC, trace_id DESC LIMIT ?`);
    this.serviceStmt = db.prepare(`SELECT ${COLS} FROM sip_traces WHERE service_id = ? ORDER BY created_at DESC, trace_id DESC LIMIT ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO sip_traces (trace_id, service_id, filter, minutes, state, created_by, created_at, ends_at)
       VALUES ($traceId, $serviceId, $filter, $minutes, 'pending', $createdBy, $createdAt, $endsAt)`,
    );
    this.runStmt = db.prepare("UPDATE sip_traces SET state = 'running', started_at = $at, ends_at = $endsAt WHERE trace_id = $traceId AND state = 'pending'");
    this.endStmt = db.prepare(
      "UPDATE sip_traces SET state = 'ended', ended_at = $at, end_reason = $reason WHERE trace_id = $traceId AND state <> 'ended'",
    );
    this.progressStmt = db.prepare("UPDATE sip_traces SET messages = $messages, bytes = $bytes WHERE trace_id = $traceId");
  }

  get(traceId: string): SipTrace | undefined {
    const r = this.getStmt.get(traceId);
    return r ? toTrace(r) : undefined;
  }

  /** Pending and running traces, oldest first (the appliance polls this). */
  open(): SipTrace[] {
    return this.openStmt.all().map(toTrace);
  }

  /** The newest traces, of one service or of all. */
  list(serviceId?: string, limit = 50): SipTrace[] {
    return (serviceId === undefined ? this.listStmt.all(limit) : this.serviceStmt.all(serviceId, limit)).map(toTrace);
  }

  create(t: Pick<SipTrace, "traceId" | "serviceId" | "filter" | "minutes" | "createdBy" | "createdAt" | "endsAt">): SipTrace {
    this.insertStmt.run({ ...t });
    return this.get(t.traceId)!;
  }

  /** The appliance started capturing; false when the trace was no longer pending. */
  markRunning(traceId: string, at: number, endsAt: number): boolean {
    return this.runStmt.run({ traceId, at, endsAt }).changes > 0;
  }

  /** End a pending or running trace; false when it had ended already. */
  end(traceId: string, at: number, reason: string): boolean {
    return this.endStmt.run({ traceId, at, reason }).changes > 0;
  }

  progress(traceId: string, messages: number, bytes: number): void {
    this.progressStmt.run({ traceId, messages, bytes });
  }
}
