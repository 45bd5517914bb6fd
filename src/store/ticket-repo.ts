import type { Database, Statement } from "bun:sqlite";

/** States of a ticket (O9). */
export const TICKET_STATES = ["unassigned", "in-progress", "resolved", "completed"] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** A ticket (이슈, O9), opened from a call's notes or by hand. */
export interface Ticket {
  id: number;
  serviceId: string;
  callId?: string;
  title: string;
  notes: string;
  state: TicketState;
  /** The member login ID it is assigned to. */
  assignee?: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  service_id: string;
  call_id: string | null;
  title: string;
  notes: string;
  state: TicketState;
  assignee: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

const COLS = "id, service_id, call_id, title, notes, state, assignee, created_by, created_at, updated_at";
const toTicket = (r: Row): Ticket => ({
  id: r.id, serviceId: r.service_id, callId: r.call_id ?? undefined, title: r.title, notes: r.notes, state: r.state,
  assignee: r.assignee ?? undefined, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Tickets of the services (O9). */
export class TicketRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly getStmt: Statement<Row, [number]>;
  private readonly insertStmt: Statement<{ id: number }>;
  private readonly updateStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM tickets WHERE service_id = ? ORDER BY id DESC`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM tickets WHERE id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO tickets (service_id, call_id, title, notes, state, assignee, created_by, created_at, updated_at)
       VALUES ($serviceId, $callId, $title, $notes, $state, $assignee, $createdBy, $now, $now) RETURNING id`,
    );
    this.updateStmt = db.prepare("UPDATE tickets SET state = $state, assignee = $assignee, updated_at = $now WHERE id = $id");
  }

  list(serviceId: string): Ticket[] {
    return this.listStmt.all(serviceId).map(toTicket);
  }

  get(id: number): Ticket | undefined {
    const r = this.getStmt.get(id);
    return r ? toTicket(r) : undefined;
  }

  create(t: Omit<Ticket, "id" | "createdAt" | "updatedAt">, now: number): Ticket {
    const { id } = this.insertStmt.get({
      serviceId: t.serviceId, callId: t.callId ?? null, title: t.title, notes: t.notes, state: t.state,
      assignee: t.assignee ?? null, createdBy: t.createdBy, now,
    })!;
    return this.get(id)!;
  }

  update(id: number, patch: { state: TicketState; assignee?: string }, now: number): Ticket | undefined {
    this.updateStmt.run({ id, state: patch.state, assignee: patch.assignee ?? null, now });
    return this.get(id);
  }
}
