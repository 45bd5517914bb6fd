import type { Database, Statement } from "bun:sqlite";

/** A receiver of events (X3): its URL, the events it wants, optionally one service, and the signing secret. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  serviceId?: string;
  secret: string;
  createdAt: number;
}

export type DeliveryState = "pending" | "delivered" | "failed";

/** One event on its way to one webhook, with its tries (the delivery log). */
export interface WebhookDelivery {
  id: number;
  webhookId: string;
  eventId: string;
  event: string;
  body: string;
  state: DeliveryState;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  createdAt: number;
  nextAt?: number;
  doneAt?: number;
}

interface HookRow { id: string; url: string; events: string; service_id: string | null; secret: string; created_at: number }
interface DeliveryRow {
  id: number; webhook_id: string; event_id: string; event: string; body: string; state: DeliveryState; attempts: number;
  last_status: number | null; last_error: string | null; created_at: number; next_at: number | null; done_at: number | null;
}

const toHook = (r: HookRow): Webhook => ({
  id: r.id, url: r.url, events: JSON.parse(r.events) as string[], serviceId: r.service_id ?? undefined, secret: r.secret, createdAt: r.created_at,
});
const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id, webhookId: r.webhook_id, eventId: r.event_id, event: r.event, body: r.body, state: r.state, attempts: r.attempts,
  lastStatus: r.last_status ?? undefined, lastError: r.last_error ?? undefined, createdAt: r.created_at,
  nextAt: r.next_at ?? undefined, doneAt: r.done_at ?? undefined,
});
const DCOLS = "id, webhook_id, event_id, event, body, state, attempts, last_status, last_error, created_at, next_at, done_at";

/** Webhooks and their delivery log (X3). */
export class WebhookRepo {
  private readonly listStmt: Statement<HookRow, []>;
  private readonly getStmt: Statement<HookRow, [string]>;
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly enqueueStmt: Statement<{ id: number }>;
  private readonly dueStmt: Statement<DeliveryRow, [number, number]>;
  private readonly attemptStmt: Statement;
  private readonly logStmt: Statement<DeliveryRow, [string, number]>;
  private readonly recentStmt: Statement<DeliveryRow, [number]>;
  private readonly nextDueStmt: Statement<{ next_at: number | null }, []>;
  private readonly pruneStmt: Statement;
  private readonly claimStmt: Statement;
  private readonly orphanStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare("SELECT id, url, events, service_id, secret, created_at FROM webhooks ORDER BY created_at, id");
    this.getStmt = db.prepare("SELECT id, url, events, service_id, secret, created_at FROM webhooks WHERE id = ?");
    this.insertStmt = db.prepare(
      "INSERT INTO webhooks (id, url, events, service_id, secret, created_at) VALUES ($id, $url, $events, $serviceId, $secret, $createdAt)",
    );
    this.deleteStmt = db.prepare("DELETE FROM webhooks WHERE id = ?");
    this.enqueueStmt = db.prepare(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event, body, state, created_at, next_at)
       VALUES ($webhookId, $eventId, $event, $body, 'pending', $now, $now) RETURNING id`,
    );
    this.dueStmt = db.prepare(`SELECT ${DCOLS} FROM webhook_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`);
    this.attemptStmt = db.prepare(
      `UPDATE webhook_deliveries SET state = $state, attempts = attempts + 1, last_status = $status, last_error = $error,
       next_at = $nextAt, done_at = $doneAt WHERE id = $id`,
    );
    this.logStmt = db.prepare(`SELECT ${DCOLS} FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`);
    this.recentStmt = db.prepare(`SELECT ${DCOLS} FROM webhook_deliveries ORDER BY id DESC LIMIT ?`);
    this.nextDueStmt = db.prepare("SELECT min(next_at) AS next_at FROM webhook_deliveries WHERE state = 'pending'");
    this.pruneStmt = db.prepare("DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?");
    this.claimStmt = db.prepare("UPDATE webhook_deliveries SET next_at = NULL WHERE id = ?");
    this.orphanStmt = db.prepare("UPDATE webhook_deliveries SET next_at = ? WHERE state = 'pending' AND next_at IS NULL");
  }

  list(): Webhook[] {
    return this.listStmt.all().map(toHook);
  }

  get(id: string): Webhook | undefined {
    const r = this.getStmt.get(id);
    return r ? toHook(r) : undefined;
  }

  add(h: Webhook): void {
    this.insertStmt.run({ ...h, events: JSON.stringify(h.events), serviceId: h.serviceId ?? null });
  }

  remove(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  /** Queue an event for a webhook, due now; returns the delivery id. */
  enqueue(d: { webhookId: string; eventId: string; event: string; body: string }, now: number): number {
    return this.enqueueStmt.get({ ...d, now })!.id;
  }

  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit = 50): WebhookDelivery[] {
    return this.dueStmt.all(now, limit).map(toDelivery);
  }

  /** When the next pending delivery is due, if any. */
  nextDue(): number | undefined {
    return this.nextDueStmt.get()?.next_at ?? undefined;
  }

  /** Record one try: delivered, failed for good, or pending again at `nextAt`. */
  attempted(id: number, r: { state: DeliveryState; status?: number; error?: string; nextAt?: number; doneAt?: number }): void {
    this.attemptStmt.run({ id, state: r.state, status: r.status ?? null, error: r.error ?? null, nextAt: r.nextAt ?? null, doneAt: r.doneAt ?? null });
  }

  /** The newest deliveries of one webhook (or of all when `webhookId` is undefined). */
  deliveries(webhookId?: string, limit = 100): WebhookDelivery[] {
    return (webhookId ? this.logStmt.all(webhookId, limit) : this.recentStmt.all(limit)).map(toDelivery);
  }

  /** Mark a delivery as being tried now (neither due nor counted as next until its try is recorded). */
  claim(id: number): void {
    this.claimStmt.run(id);
  }

  /** Deliveries whose try was cut short by a restart are due again at `now`. */
  requeueOrphans(now: number): void {
    this.orphanStmt.run(now);
  }

  /** Forget finished deliveries older than `before`. */
  prune(before: number): void {
    this.pruneStmt.run(before);
  }
}
