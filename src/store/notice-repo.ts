import type { Database, Statement } from "bun:sqlite";

/** A notice to agents (A11): of one service, or of the organization to all (`serviceId` undefined). */
export interface Notice {
  id: number;
  serviceId?: string;
  title: string;
  body: string;
  /** Login id of the admin who posted it. */
  author: string;
  createdAt: number;
}

interface Row {
  id: number;
  service_id: string | null;
  title: string;
  body: string;
  author: string;
  created_at: number;
}

const toNotice = (r: Row): Notice => ({
  id: r.id,
  serviceId: r.service_id ?? undefined,
  title: r.title,
  body: r.body,
  author: r.author,
  createdAt: r.created_at,
});

/** Notices posted by organization and service admins for the agents' console. */
export class NoticeRepo {
  private readonly listStmt: Statement<Row, [string, number]>;
  private readonly countStmt: Statement<{ n: number }, [string, number]>;
  private readonly getStmt: Statement<Row, [number]>;
  private readonly insertStmt: Statement<{ id: number }>;
  private readonly deleteStmt: Statement;

  constructor(db: Database) {
    const cols = "id, service_id, title, body, author, created_at";
    const mine = "(service_id IS NULL OR service_id = ?)";
    this.listStmt = db.prepare(`SELECT ${cols} FROM notices WHERE ${mine} ORDER BY created_at DESC, id DESC LIMIT ?`);
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM notices WHERE ${mine} AND created_at > ?`);
    this.getStmt = db.prepare(`SELECT ${cols} FROM notices WHERE id = ?`);
    this.insertStmt = db.prepare(
      "INSERT INTO notices (service_id, title, body, author, created_at) VALUES ($serviceId, $title, $body, $author, $now) RETURNING id",
    );
    this.deleteStmt = db.prepare("DELETE FROM notices WHERE id = ?");
  }

  /** The notices a service's agents see (its own and the organization's), newest first. */
  list(serviceId: string, limit = 100): Notice[] {
    return this.listStmt.all(serviceId, limit).map(toNotice);
  }

  /** How many of them were posted after `since` (ms). */
  countSince(serviceId: string, since: number): number {
    return this.countStmt.get(serviceId, since)!.n;
  }

  get(id: number): Notice | undefined {
    const r = this.getStmt.get(id);
    return r ? toNotice(r) : undefined;
  }

  add(n: Omit<Notice, "id" | "createdAt">, now = Date.now()): Notice {
    const { id } = this.insertStmt.get({ serviceId: n.serviceId ?? null, title: n.title, body: n.body, author: n.author, now })!;
    return this.get(id)!;
  }

  remove(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }
}
