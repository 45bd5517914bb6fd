import type { Database, Statement } from "bun:sqlite";

/** A menu entry that connects callers to its assigned agents (C4, C5, G6). */
export interface Queue {
  serviceId: string;
  queueId: string;
  name: string;
  /** The menu key, "0".."9". */
  digit: string;
  callback: boolean;
  /** Login ids of the assigned agents. */
  agents: string[];
}

interface Row {
  id: number;
  service_id: string;
  queue_id: string;
  name: string;
  digit: string;
  callback: number;
}

const COLS = "id, service_id, queue_id, name, digit, callback";

/** Thrown by setAgents when a login id is not an agent of the service. */
export class UnknownAgentsError extends Error {
  constructor(readonly loginIds: string[]) {
    super(`unknown agents: ${loginIds.join(", ")}`);
    this.name = "UnknownAgentsError";
  }
}

/** Repository of queues and their agent assignment (many-to-many). */
export class QueueRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly getStmt: Statement<Row, [string, string]>;
  private readonly agentsStmt: Statement<{ login_id: string }, [number]>;
  private readonly insertStmt: Statement;
  private readonly clearStmt: Statement;
  private readonly agentPkStmt: Statement<{ id: number }, [string, string]>;
  private readonly assignStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(private readonly db: Database) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM queues WHERE service_id = ? ORDER BY digit`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM queues WHERE service_id = ? AND queue_id = ?`);
    this.agentsStmt = db.prepare(
      "SELECT a.login_id FROM queue_agents qa JOIN agents a ON a.id = qa.agent_pk WHERE qa.queue_pk = ? ORDER BY a.login_id",
    );
    this.insertStmt = db.prepare(
      `INSERT INTO queues (service_id, queue_id, name, digit, callback, created_at)
       VALUES ($serviceId, $queueId, $name, $digit, $callback, $now)`,
    );
    this.clearStmt = db.prepare("DELETE FROM queue_agents WHERE queue_pk = ?");
    this.agentPkStmt = db.prepare("SELECT id FROM agents WHERE service_id = ? AND login_id = ?");
    this.assignStmt = db.prepare("INSERT OR IGNORE INTO queue_agents (queue_pk, agent_pk) VALUES (?, ?)");
    this.deleteStmt = db.prepare("DELETE FROM queues WHERE service_id = ? AND queue_id = ?");
  }

  private toQueue(r: Row): Queue {
    return {
      serviceId: r.service_id,
      queueId: r.queue_id,
      name: r.name,
      digit: r.digit,
      callback: r.callback === 1,
      agents: this.agentsStmt.all(r.id).map((a) => a.login_id),
    };
  }

  list(serviceId: string): Queue[] {
    return this.listStmt.all(serviceId).map((r) => this.toQueue(r));
  }

  get(serviceId: string, queueId: string): Queue | undefined {
    const r = this.getStmt.get(serviceId, queueId);
    return r ? this.toQueue(r) : undefined;
  }

  create(q: Omit<Queue, "agents">, now = Date.now()): Queue {
    this.insertStmt.run({ ...q, callback: q.callback ? 1 : 0, now });
    return this.get(q.serviceId, q.queueId)!;
  }

  /**
   * Replace the queue's agents with `loginIds` (all or nothing). Returns undefined when the queue
   * does not exist; throws UnknownAgentsError naming login ids that are not agents of the service.
   */
  setAgents(serviceId: string, queueId: string, loginIds: string[]): Queue | undefined {
    return this.db.transaction(() => {
      const q = this.getStmt.get(serviceId, queueId);
      if (!q) return undefined;
      const pks: number[] = [];
      const unknown: string[] = [];
      for (const id of loginIds) {
        const a = this.agentPkStmt.get(serviceId, id);
        if (a) pks.push(a.id);
        else unknown.push(id);
      }
      if (unknown.length) throw new UnknownAgentsError(unknown);
      this.clearStmt.run(q.id);
      for (const pk of pks) this.assignStmt.run(q.id, pk);
      return this.toQueue(q);
    })();
  }

  remove(serviceId: string, queueId: string): boolean {
    return this.deleteStmt.run(serviceId, queueId).changes > 0;
  }
}
