import type { Database, Statement } from "bun:sqlite";

/** pending = not in use yet (O1 step missing), active = in use, suspended = may be terminated. */
export type ServiceState = "pending" | "active" | "suspended";

/** A service (tenant): one contact center with its own number, queues and agents (O1, G1). */
export interface Service {
  serviceId: string;
  name: string;
  number: string;
  callerId: string;
  timezone: string;
  language: string;
  state: ServiceState;
  licences: number;
  createdAt: number;
}

export type NewService = Omit<Service, "createdAt">;
export type ServicePatch = Partial<Omit<Service, "serviceId" | "createdAt">>;

interface Row {
  service_id: string;
  name: string;
  number: string;
  caller_id: string;
  timezone: string;
  language: string;
  state: ServiceState;
  licences: number;
  created_at: number;
}

function toService(r: Row): Service {
  return {
    serviceId: r.service_id,
    name: r.name,
    number: r.number,
    callerId: r.caller_id,
    timezone: r.timezone,
    language: r.language,
    state: r.state,
    licences: r.licences,
    createdAt: r.created_at,
  };
}

const COLS = "service_id, name, number, caller_id, timezone, language, state, licences, created_at";

/** Repository of services. */
export class ServiceRepo {
  private readonly listStmt: Statement<Row, []>;
  private readonly getStmt: Statement<Row, [string]>;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(
    db: Database,
    /** Told on every write: a service's state blocks or frees its agents' digest credentials (credential cache). */
    private readonly credentialsChanged: () => void = () => {},
  ) {
    this.listStmt = db.prepare(`SELECT ${COLS} FROM services ORDER BY created_at, service_id`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM services WHERE service_id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO services (${COLS}) VALUES ($serviceId, $name, $number, $callerId, $timezone, $language, $state, $licences, $createdAt)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE services SET name = $name, number = $number, caller_id = $callerId, timezone = $timezone,
       language = $language, state = $state, licences = $licences WHERE service_id = $serviceId`,
    );
    this.deleteStmt = db.prepare("DELETE FROM services WHERE service_id = ?");
  }

  list(): Service[] {
    return this.listStmt.all().map(toService);
  }

  get(serviceId: string): Service | undefined {
    const r = this.getStmt.get(serviceId);
    return r ? toService(r) : undefined;
  }

  create(s: NewService, now = Date.now()): Service {
    const service = { ...s, createdAt: now };
    this.insertStmt.run(service);
    this.credentialsChanged();
    return service;
  }

  /** Apply a partial change; returns the updated service or undefined when it does not exist. */
  update(serviceId: string, patch: ServicePatch): Service | undefined {
    const cur = this.get(serviceId);
    if (!cur) return undefined;
    const next: Service = { ...cur, ...patch, serviceId };
    const { createdAt: _, ...params } = next;
    this.updateStmt.run(params);
    this.credentialsChanged();
    return next;
  }

  /** Delete with everything of the service (cascade); returns true when it existed. */
  remove(serviceId: string): boolean {
    const removed = this.deleteStmt.run(serviceId).changes > 0;
    if (removed) this.credentialsChanged();
    return removed;
  }
}
