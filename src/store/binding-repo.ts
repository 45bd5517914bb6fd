import type { Database, Statement } from "bun:sqlite";
import { inTransaction } from "./in-transaction.ts";

/** Same shape as sip/transport's Endpoint (structural typing; store never imports sip). */
export interface EndpointRecord {
  transport: "udp" | "tcp" | "tls" | "ws" | "wss";
  address: string;
  port: number;
  connectionId?: string;
}

/** Same shape as sip/registrar's Binding: one registered contact of an extension (T5). */
export interface BindingRecord {
  aor: string;
  contact: string;
  source: EndpointRecord;
  callId: string;
  cseq: number;
  expiresAt: number;
  userAgent?: string;
  q?: number;
  updatedAt: number;
}

interface Row {
  aor: string;
  contact: string;
  transport: EndpointRecord["transport"];
  address: string;
  port: number;
  connection_id: string | null;
  call_id: string;
  cseq: number;
  expires_at: number;
  user_agent: string | null;
  q: number | null;
  updated_at: number;
}

function toBinding(r: Row): BindingRecord {
  const source: EndpointRecord = { transport: r.transport, address: r.address, port: r.port };
  if (r.connection_id !== null) source.connectionId = r.connection_id;
  const b: BindingRecord = {
    aor: r.aor,
    contact: r.contact,
    source,
    callId: r.call_id,
    cseq: r.cseq,
    expiresAt: r.expires_at,
    updatedAt: r.updated_at,
  };
  if (r.user_agent !== null) b.userAgent = r.user_agent;
  if (r.q !== null) b.q = r.q;
  return b;
}

const COLS = "aor, contact, transport, address, port, connection_id, call_id, cseq, expires_at, user_agent, q, updated_at";

/**
 * Persistent SIP bindings, satisfying sip/registrar's LocationStore, so a restart keeps
 * registrations (T5). Every statement is prepared once: upsert runs on every REGISTER.
 */
export class BindingRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly allStmt: Statement<Row, []>;
  private readonly upsertStmt: Statement;
  private readonly removeStmt: Statement;
  private readonly removeAllStmt: Statement;
  private readonly purgeStmt: Statement;

  private readonly inTransaction: <T>(fn: () => T) => T;

  constructor(private readonly db: Database) {
    this.inTransaction = inTransaction(db);
    this.listStmt = db.prepare(`SELECT ${COLS} FROM bindings WHERE aor = ? ORDER BY q DESC, updated_at DESC`);
    this.allStmt = db.prepare(`SELECT ${COLS} FROM bindings ORDER BY aor, contact`);
    this.upsertStmt = db.prepare(
      `INSERT INTO bindings (${COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
       ON CONFLICT (aor, contact) DO UPDATE SET transport = ?3, address = ?4, port = ?5, connection_id = ?6,
         call_id = ?7, cseq = ?8, expires_at = ?9, user_agent = ?10, q = ?11, updated_at = ?12`,
    );
    this.removeStmt = db.prepare("DELETE FROM bindings WHERE aor = ? AND contact = ?");
    this.removeAllStmt = db.prepare("DELETE FROM bindings WHERE aor = ?");
    this.purgeStmt = db.prepare("DELETE FROM bindings WHERE expires_at <= ?");
  }

  /** Run several writes as one transaction (the SIP server writes a loop turn's REGISTERs together). */
  batch(fn: () => void): void {
    this.inTransaction(fn);
  }

  list(aor: string): BindingRecord[] {
    return this.listStmt.all(aor).map(toBinding);
  }

  all(): BindingRecord[] {
    return this.allStmt.all().map(toBinding);
  }

  upsert(b: BindingRecord): void {
    const s = b.source;
    this.upsertStmt.run(
      b.aor,
      b.contact,
      s.transport,
      s.address,
      s.port,
      s.connectionId ?? null,
      b.callId,
      b.cseq,
      b.expiresAt,
      b.userAgent ?? null,
      b.q ?? null,
      b.updatedAt,
    );
  }

  remove(aor: string, contact: string): void {
    this.removeStmt.run(aor, contact);
  }

  removeAll(aor: string): void {
    this.removeAllStmt.run(aor);
  }

  /** Delete bindings expired at `now`; returns how many. */
  purgeExpired(now: number): number {
    return this.purgeStmt.run(now).changes;
  }
}
