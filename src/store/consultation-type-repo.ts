import type { Database, Statement } from "bun:sqlite";

/** A category an agent picks when saving a call's notes (G7). Retired types stay for history. */
export interface ConsultationType {
  id: number;
  serviceId: string;
  name: string;
  position: number;
  retired: boolean;
}

interface Row {
  id: number;
  service_id: string;
  name: string;
  position: number;
  retired: number;
}

const toType = (r: Row): ConsultationType => ({
  id: r.id,
  serviceId: r.service_id,
  name: r.name,
  position: r.position,
  retired: r.retired === 1,
});

/** Consultation types per service (G7): add, rename, order, retire. */
export class ConsultationTypeRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly getStmt: Statement<Row, [string, number]>;
  private readonly byNameStmt: Statement<Row, [string, string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly maxStmt: Statement<{ n: number }, [string]>;

  constructor(private readonly db: Database) {
    const cols = "id, service_id, name, position, retired";
    this.listStmt = db.prepare(`SELECT ${cols} FROM consultation_types WHERE service_id = ? ORDER BY retired, position, id`);
    this.getStmt = db.prepare(`SELECT ${cols} FROM consultation_types WHERE service_id = ? AND id = ?`);
    this.byNameStmt = db.prepare(`SELECT ${cols} FROM consultation_types WHERE service_id = ? AND name = ?`);
    this.insertStmt = db.prepare(
      "INSERT INTO consultation_types (service_id, name, position, created_at) VALUES ($serviceId, $name, $position, $now)",
    );
    this.updateStmt = db.prepare(
      "UPDATE consultation_types SET name = $name, position = $position, retired = $retired WHERE service_id = $serviceId AND id = $id",
    );
    this.maxStmt = db.prepare("SELECT coalesce(max(position), 0) AS n FROM consultation_types WHERE service_id = ?");
  }

  /** Active types first in their order, then retired ones. */
  list(serviceId: string): ConsultationType[] {
    return this.listStmt.all(serviceId).map(toType);
  }

  get(serviceId: string, id: number): ConsultationType | undefined {
    const r = this.getStmt.get(serviceId, id);
    return r ? toType(r) : undefined;
  }

  findByName(serviceId: string, name: string): ConsultationType | undefined {
    const r = this.byNameStmt.get(serviceId, name);
    return r ? toType(r) : undefined;
  }

  /** Add at the end. */
  add(serviceId: string, name: string, now = Date.now()): ConsultationType {
    const position = this.maxStmt.get(serviceId)!.n + 1;
    this.insertStmt.run({ serviceId, name, position, now });
    return this.findByName(serviceId, name)!;
  }

  /** Rename, retire or restore. */
  update(serviceId: string, id: number, patch: { name?: string; retired?: boolean }): ConsultationType | undefined {
    const cur = this.get(serviceId, id);
    if (!cur) return undefined;
    const next = { ...cur, ...patch };
    this.updateStmt.run({ serviceId, id, name: next.name, position: next.position, retired: next.retired ? 1 : 0 });
    return next;
  }

  /** Move one place up (-1) or down (+1) among the service's types. */
  move(serviceId: string, id: number, delta: -1 | 1): boolean {
    return this.db.transaction(() => {
      const list = this.list(serviceId).filter((x) => !x.retired);
      const i = list.findIndex((x) => x.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= list.length) return false;
      [list[i], list[j]] = [list[j]!, list[i]!];
      list.forEach((x, k) => this.updateStmt.run({ serviceId, id: x.id, name: x.name, position: k + 1, retired: 0 }));
      return true;
    })();
  }
}
