import type { Database, Statement } from "bun:sqlite";

/** C7 states: 콜백요청, 처리완료, 삭제처리, 처리실패. */
export type CallbackState = "requested" | "completed" | "deleted" | "failed";

/** A caller's request to be called back. */
export interface CallbackRequest {
  id: number;
  serviceId: string;
  queueId: string;
  callId: string | null;
  number: string;
  state: CallbackState;
  tries: number;
  createdAt: number;
  updatedAt: number;
  /** The agent who last changed it. */
  agent: string | null;
  /** When the caller entered the queue (ms): the request keeps that place in the line (C7). */
  placeAt: number;
  /** Not dialled before this instant (ms): the retry delay after an unanswered try, or the next opening; null = now. */
  nextTryAt: number | null;
}

/** One change of a callback request (C7: every change logged with agent and time). */
export interface CallbackLogEntry {
  callbackId: number;
  at: number;
  action: string;
  state: CallbackState;
  agent: string | null;
  note: string | null;
}

const COLS = `id, service_id AS serviceId, queue_id AS queueId, call_id AS callId, number, state, tries,
  created_at AS createdAt, updated_at AS updatedAt, agent_login AS agent, coalesce(place_at, created_at) AS placeAt,
  next_try_at AS nextTryAt`;

/** Repository of callback requests and their change log. */
export class CallbackRepo {
  private readonly insertStmt: Statement<{ id: number }>;
  private readonly getStmt: Statement<CallbackRequest, [number]>;
  private readonly listStmt: Statement<CallbackRequest, [string]>;
  private readonly updateStmt: Statement;
  private readonly logStmt: Statement;
  private readonly historyStmt: Statement<CallbackLogEntry, [number]>;
  private readonly openForStmt: Statement<CallbackRequest, [string]>;
  private readonly countStmt: Statement<{ serviceId: string; state: CallbackState; count: number }, []>;

  constructor(private readonly db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO callbacks (service_id, queue_id, call_id, number, state, tries, created_at, updated_at, place_at)
       VALUES ($serviceId, $queueId, $callId, $number, 'requested', 0, $now, $now, $placeAt) RETURNING id`,
    );
    this.getStmt = db.prepare(`SELECT ${COLS} FROM callbacks WHERE id = ?`);
    this.listStmt = db.prepare(`SELECT ${COLS} FROM callbacks WHERE service_id = ? ORDER BY created_at, id`);
    this.updateStmt = db.prepare(
      "UPDATE callbacks SET state = $state, tries = $tries, updated_at = $now, agent_login = $agent, next_try_at = $nextTryAt WHERE id = $id",
    );
    this.openForStmt = db.prepare(`SELECT ${COLS} FROM callbacks WHERE service_id = ? AND state = 'requested' ORDER BY place_at, id`);
    this.logStmt = db.prepare(
      `INSERT INTO callback_log (callback_id, at, action, state, agent_login, note)
       VALUES ($callbackId, $at, $action, $state, $agent, $note)`,
    );
    this.historyStmt = db.prepare(
      `SELECT callback_id AS callbackId, at, action, state, agent_login AS agent, note
       FROM callback_log WHERE callback_id = ? ORDER BY at, id`,
    );
    this.countStmt = db.prepare("SELECT service_id AS serviceId, state, COUNT(*) AS count FROM callbacks GROUP BY service_id, state");
  }

  /** Record a new request (state requested) with its first log entry; `placeAt` defaults to now. */
  create(
    r: { serviceId: string; queueId: string; callId: string | null; number: string; placeAt?: number },
    now = Date.now(),
  ): CallbackRequest {
    return this.db.transaction(() => {
      const { id } = this.insertStmt.get({ serviceId: r.serviceId, queueId: r.queueId, callId: r.callId, number: r.number, placeAt: r.placeAt ?? now, now })!;
      this.logStmt.run({ callbackId: id, at: now, action: "requested", state: "requested", agent: null, note: null });
      return this.get(id)!;
    })();
  }

  get(id: number): CallbackRequest | undefined {
    return this.getStmt.get(id) ?? undefined;
  }

  list(serviceId: string): CallbackRequest[] {
    return this.listStmt.all(serviceId);
  }

  /** The open (requested) requests of a service in the line's order: the callers' original places first (C7). */
  open(serviceId: string): CallbackRequest[] {
    return this.openForStmt.all(serviceId);
  }

  /** Change state and/or tries, logging the change with agent and time; undefined when unknown. */
  change(
    id: number,
    c: { action: string; state: CallbackState; tries?: number; agent: string | null; note?: string | null; nextTryAt?: number | null },
    now = Date.now(),
  ): CallbackRequest | undefined {
    return this.db.transaction(() => {
      const cur = this.get(id);
      if (!cur) return undefined;
      const tries = c.tries ?? cur.tries;
      const nextTryAt = c.nextTryAt === undefined ? cur.nextTryAt : c.nextTryAt;
      this.updateStmt.run({ id, state: c.state, tries, now, agent: c.agent, nextTryAt });
      this.logStmt.run({ callbackId: id, at: now, action: c.action, state: c.state, agent: c.agent, note: c.note ?? null });
      return this.get(id)!;
    })();
  }

  /** Requests per service and state (the index callbacks_service covers it). */
  countByState(): Array<{ serviceId: string; state: CallbackState; count: number }> {
    return this.countStmt.all();
  }

  history(id: number): CallbackLogEntry[] {
    return this.historyStmt.all(id);
  }
}
